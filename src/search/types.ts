/**
 * The question-matching contract used by command handlers. The implementation lives in
 * src/search/question-index.ts; handlers only see this interface.
 */
import type { Locale } from '../i18n/locales.js';

export type HitKind = 'topic' | 'faq';

export interface SearchHit {
  readonly kind: HitKind;
  /** Topic id, or the FAQ entry id (as text). */
  readonly id: string;
  /** Topic title, or the FAQ entry's question. */
  readonly title: string;
  /** Confidence in [0, 1]; higher is better. Comparable across topics and FAQ entries. */
  readonly score: number;
  /**
   * For a topic answer: the id of the section that answers the question best, or null when the
   * question is about the topic as a whole (its lead answers it). Absent on FAQ hits.
   */
  readonly section?: string | null;
}

/**
 * Why there is no answer: the question is not about how Meta's apps are connected, the engine
 * found candidates but none clearly enough, or the question is in a language it does not read.
 */
export type NoAnswerReason = 'off-topic' | 'not-confident' | 'language';

/** The out-of-scope kind (knowledge/out-of-scope/<kind>.md) a refused question belongs to. */
export interface Refusal {
  readonly kind: string;
  /** The term that marked it (an other company's app, as the knowledge file spells it), if any. */
  readonly term?: string;
}

export interface SearchResult {
  /**
   * The language of the answer: the question's own language when the bot speaks it, otherwise
   * the asker's locale when supported, otherwise English. Titles in `answer` and `alternatives`
   * are in it; handlers render the reply, its buttons and follow-ups in it.
   */
  readonly locale: Locale;
  /** The one best match when the engine is confident, else null ("no confident answer"). */
  readonly answer: SearchHit | null;
  /**
   * Next-best matches, best first, at most 3, never including `answer`. When `answer` is
   * null these are the "did you mean" offers (empty for off-topic questions).
   */
  readonly alternatives: readonly SearchHit[];
  /** Set exactly when `answer` is null. */
  readonly reason?: NoAnswerReason;
  /** With reason "off-topic": the kind of question it is, when one of the known kinds fits. */
  readonly refusal?: Refusal;
}

/** An approved community FAQ entry as the index sees it. */
export interface FaqDocument {
  readonly guildId: string;
  readonly id: string;
  readonly question: string;
  readonly answer: string;
}

export interface SearchOptions {
  /** The guild whose community FAQ is searched too; null or absent in direct messages. */
  readonly guildId?: string | null;
  /**
   * The asker's Discord locale (the interaction's `locale`, or `--locale` in the console), any
   * code Discord sends: the tie-breaker when the question's language is unclear from its text,
   * and the reply language for a question in a language the bot does not speak.
   */
  readonly locale?: string | null;
}

export interface QuestionIndex {
  /**
   * Free-text question -> best topic (and its best section) or FAQ entry of that guild, or the
   * reason there is none. Never throws (a fault is reported to the index's onError and answered
   * as "not-confident"); bounded time for any input.
   */
  search(question: string, options?: SearchOptions): SearchResult;
  /**
   * Autocomplete over topics: exact id/title first, then aliases, then content; pinned topics for
   * an empty query. Titles are in `locale` (a Discord locale code; English when unsupported).
   */
  completeTopics(partial: string, limit: number, locale?: string | null): SearchHit[];
  /** Autocomplete over one guild's approved FAQ entries, fuzzy on the question text. */
  completeFaq(guildId: string, partial: string, limit: number): SearchHit[];
  /** Adds or replaces an approved entry; takes effect for the next search. */
  upsertFaq(doc: FaqDocument): void;
  removeFaq(guildId: string, id: string): void;
}
