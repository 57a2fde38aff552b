/**
 * The question index over every language the bot speaks: one KnowledgeQuestionIndex per locale
 * of the knowledge library (each with its language's analysis), and the language detection
 * that picks which one a question goes to. This is what handlers get as `services.search`.
 *
 * A question its own language's index cannot place (neither an answer nor a kind of refusal) is
 * read once more for its English words ("sind fb und insta same company?", code-switching); a
 * topic that fits them well enough (MIXED_MIN_SCORE) answers, in the question's language. The other
 * way round, a question read as English by its English words that English cannot place is read in
 * the language that comes a close second (MIXED_LANGUAGE_SHARE), and answered in it.
 *
 * Community FAQ entries are matched in the language they are written in: an entry goes into the
 * index of the language its question and answer read as (the server's members ask in it), and
 * FAQ autocomplete looks in every language.
 */
import { DEFAULT_LOCALE, type Locale, supportedLocale } from '../i18n/locales.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { KnowledgeLibrary } from '../knowledge/knowledge-library.js';
import { analyserFor } from './analysers.js';
import { LanguageDetector } from './language-detection.js';
import { DISCORD_MARKUP, englishStopwords, MAX_QUESTION_CHARS } from './normalise.js';
import {
  createQuestionIndex,
  type LanguageQuestionIndex,
  type QuestionIndexOptions,
} from './question-index.js';
import type { FaqDocument, QuestionIndex, SearchHit, SearchOptions, SearchResult } from './types.js';

/** Every text of a knowledge base written in its language: what its lexicon is made of. */
function knowledgeTexts(knowledge: KnowledgeBase): string[] {
  return [
    ...knowledge.topics.flatMap((t) => [
      t.title,
      t.label,
      t.summary,
      t.body,
      ...t.aliases,
      ...t.keywords,
      ...t.examples,
      ...t.sections.flatMap((s) => [...s.keywords, ...s.examples]),
    ]),
    ...knowledge.outOfScope.flatMap((k) => [k.reply, ...k.terms, ...k.examples]),
    ...knowledge.tips.flatMap((t) => [t.title, t.where, t.body]),
  ];
}

/**
 * A question in another language that its language's index cannot answer is read for its English
 * words, and their topic answers it when it fits at least this well: below it, a few loan words
 * ("same", "story") guessed at as often as they helped on the project's sets.
 */
const MIXED_MIN_SCORE = 0.6;

/**
 * A question read as English that English cannot place is read in the next language when the
 * text's evidence for that language (LanguageDetector.rankScored, the asker's locale left out) is
 * at least this share of English's: "oye, are insta and face basically the same thing o son apps
 * separadas todavia?" is over half Spanish (0.55), while one look-alike word in an English question
 * ("what is a data center", 0.18; "whats meta trading at right now", 0.06) is no second language,
 * whatever the asker's Discord language. Only a topic that language's index answers at
 * MIXED_MIN_SCORE or more is taken (not a refusal, not a community FAQ entry); that index is built
 * on first use, as any language's is.
 */
const MIXED_LANGUAGE_SHARE = 0.5;

class MultilingualIndex implements QuestionIndex {
  /** Built indexes. English is built at once; another language's on its first question. */
  private readonly indexes = new Map<Locale, LanguageQuestionIndex>();
  private readonly library: KnowledgeLibrary;
  private readonly detector: LanguageDetector;
  /** FAQ entry (guild id + entry id) -> the locale whose index holds it. */
  private readonly faqLocale = new Map<string, Locale>();

  constructor(
    library: KnowledgeLibrary,
    private readonly options: QuestionIndexOptions,
  ) {
    this.library = library;
    const profiles = library.locales.map((locale) => {
      const knowledge = library.in(locale);
      const words = knowledge.words;
      return {
        locale,
        words:
          locale === DEFAULT_LOCALE
            ? englishStopwords()
            : [...(words?.markers ?? []), ...(words?.stopwords ?? [])],
        // Slang keys ("zap", "insta") are words of the language, not function words: English
        // loan words among them must not make an English question look foreign.
        texts: [...knowledgeTexts(knowledge), ...Object.keys(words?.synonyms ?? {})],
      };
    });
    this.detector = new LanguageDetector(profiles);
    this.index(DEFAULT_LOCALE);
  }

  /**
   * The index of a locale the library has (English for any other), built on first use: a
   * server that only speaks English never pays for six more indexes at start-up.
   */
  private index(locale: Locale): LanguageQuestionIndex {
    const wanted = this.library.locales.includes(locale) ? locale : DEFAULT_LOCALE;
    let index = this.indexes.get(wanted);
    if (index === undefined) {
      const knowledge = this.library.in(wanted);
      index = createQuestionIndex(knowledge, {
        ...this.options,
        analyser: analyserFor(wanted, knowledge.words),
      });
      this.indexes.set(wanted, index);
    }
    return index;
  }

  /**
   * A topic hit found in another language's index, titled in `locale` (buttons and the answer's
   * title are in the answer's language); FAQ hits keep the question their author wrote.
   */
  private inLanguage(hit: SearchHit, locale: Locale): SearchHit {
    if (hit.kind !== 'topic') return hit;
    const title = this.library.in(locale).topic(hit.id)?.title;
    return title === undefined ? hit : { ...hit, title };
  }

  /** The asker's locale when the bot speaks it, else English: for replies that have no text to read. */
  private fallback(asker: string | null | undefined): Locale {
    const locale = supportedLocale(asker);
    return locale !== null && this.library.locales.includes(locale) ? locale : DEFAULT_LOCALE;
  }

  search(question: string, options?: SearchOptions): SearchResult {
    // Mentions say who is addressed, not in which language or about what (normalise.ts).
    const asked = typeof question === 'string' ? question.replace(DISCORD_MARKUP, ' ') : '';
    const text = asked.slice(0, MAX_QUESTION_CHARS);
    if (this.detector.isUnspoken(text)) {
      return { locale: this.fallback(options?.locale), answer: null, alternatives: [], reason: 'language' };
    }
    const asker = supportedLocale(options?.locale);
    const ranked = this.detector.rankScored(
      text,
      asker !== null && this.library.locales.includes(asker) ? asker : null,
    );
    const [first, ...others] = ranked.map(([locale]) => locale);
    const [[, firstEvidence], runnerUp] = ranked as [[Locale, number], ...[Locale, number][]];
    const guildId = options?.guildId ?? null;
    const result = this.index(first!).search(asked, { guildId });
    if (
      result.answer === null &&
      result.reason !== 'language' &&
      result.refusal === undefined &&
      first !== DEFAULT_LOCALE
    ) {
      // Code-switching ("sind fb und insta same company?"): the English words may say what its
      // own language's words did not. Their topic is answered in the question's language.
      const english = this.index(DEFAULT_LOCALE).search(asked, { guildId, mixedLanguage: true });
      if (
        english.answer !== null &&
        english.answer.kind === 'topic' &&
        english.answer.score >= MIXED_MIN_SCORE
      )
        return {
          ...english,
          locale: result.locale,
          answer: this.inLanguage(english.answer, result.locale),
          alternatives: english.alternatives.map((hit) => this.inLanguage(hit, result.locale)),
        };
    }
    if (
      result.answer === null &&
      result.reason !== 'language' &&
      result.refusal === undefined &&
      first === DEFAULT_LOCALE &&
      runnerUp !== undefined &&
      firstEvidence > 0 &&
      runnerUp[1] >= MIXED_LANGUAGE_SHARE * firstEvidence
    ) {
      // The other way round ("oye, are insta and face the same thing o son apps separadas?"): read as
      // English by its English words, the question's own language may know what English did not.
      const own = this.index(runnerUp[0]).search(asked, { guildId });
      if (own.answer !== null && own.answer.kind === 'topic' && own.answer.score >= MIXED_MIN_SCORE)
        return own;
    }
    if (result.reason !== 'language') return result;
    // English could not read it ("face e insta conectados?" has one English-looking word): the
    // next language with evidence answers; with none, say so in the asker's language.
    const next = others[0];
    if (next !== undefined) return this.index(next).search(asked, { guildId });
    return { ...result, locale: this.fallback(options?.locale) };
  }

  completeTopics(partial: string, limit: number, locale?: string | null): SearchHit[] {
    return this.index(this.fallback(locale)).completeTopics(partial, limit);
  }

  completeFaq(guildId: string, partial: string, limit: number): SearchHit[] {
    const hits = [...this.indexes.values()].flatMap((index) => index.completeFaq(guildId, partial, limit));
    return hits
      .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
      .slice(0, Math.max(0, limit));
  }

  upsertFaq(doc: FaqDocument): void {
    const key = `${doc.guildId}/${doc.id}`;
    const locale = this.detector.detect(`${doc.question}\n${doc.answer}`.slice(0, MAX_QUESTION_CHARS), null);
    const previous = this.faqLocale.get(key);
    if (previous !== undefined && previous !== locale) this.index(previous).removeFaq(doc.guildId, doc.id);
    this.faqLocale.set(key, locale);
    this.index(locale).upsertFaq(doc);
  }

  removeFaq(guildId: string, id: string): void {
    const key = `${guildId}/${id}`;
    const locale = this.faqLocale.get(key);
    if (locale === undefined) return;
    this.faqLocale.delete(key);
    this.index(locale).removeFaq(guildId, id);
  }
}

/**
 * Knowledge library -> the index handlers search: questions answered in their own language
 * (see LanguageDetector), FAQ entries matched in theirs. `options.onError` as for
 * createQuestionIndex; `options.analyser` is ignored (each language brings its own).
 */
export function createMultilingualIndex(
  library: KnowledgeLibrary,
  options: QuestionIndexOptions = {},
): QuestionIndex {
  return new MultilingualIndex(library, options);
}
