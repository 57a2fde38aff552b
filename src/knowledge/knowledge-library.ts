/**
 * The knowledge base in every language the bot has content in: the English source and each
 * translation (knowledge/locales/<locale>/), looked up by locale. Immutable once built.
 */
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../i18n/locales.js';
import type { KnowledgeBase } from './knowledge-base.js';

export class KnowledgeLibrary {
  /**
   * `english` is the source every translation was checked against (same topic, section and
   * tip ids); `translations` holds the other locales that have one.
   */
  constructor(
    readonly english: KnowledgeBase,
    private readonly translations: ReadonlyMap<Locale, KnowledgeBase> = new Map(),
  ) {}

  /** Locale -> its knowledge base; the English one for a locale without a translation. */
  in(locale: Locale): KnowledgeBase {
    return locale === DEFAULT_LOCALE ? this.english : (this.translations.get(locale) ?? this.english);
  }

  /** English first, then every translated locale, in LOCALES order. */
  get locales(): Locale[] {
    return LOCALES.filter((l) => l === DEFAULT_LOCALE || this.translations.has(l));
  }
}
