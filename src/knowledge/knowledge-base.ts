/**
 * The loaded, validated knowledge: topics (with their sections), privacy tips and the kinds of
 * question the bot refuses, looked up by id. Immutable once built.
 */
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.js';
import type { LanguageWords, OutOfScopeKind, Section, Tip, Topic } from './schema.js';

export class KnowledgeBase {
  private readonly topicsById: ReadonlyMap<string, Topic>;
  private readonly tipsById: ReadonlyMap<string, Tip>;

  constructor(
    readonly topics: readonly Topic[],
    readonly tips: readonly Tip[],
    readonly outOfScope: readonly OutOfScopeKind[] = [],
    /** The language every text in it is written in. */
    readonly locale: Locale = DEFAULT_LOCALE,
    /** The language's word lists for matching (language.yaml); null for English, whose lists are built in. */
    readonly words: LanguageWords | null = null,
  ) {
    this.topicsById = new Map(topics.map((t) => [t.id, t]));
    this.tipsById = new Map(tips.map((t) => [t.id, t]));
  }

  topic(id: string): Topic | undefined {
    return this.topicsById.get(id);
  }

  /** A section of a topic by the two ids; undefined when either is unknown. */
  section(topicId: string, sectionId: string): Section | undefined {
    return this.topicsById.get(topicId)?.sections.find((s) => s.id === sectionId);
  }

  tip(id: string): Tip | undefined {
    return this.tipsById.get(id);
  }
}
