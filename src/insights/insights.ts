/**
 * The insights feature's service: decides whether a question is kept (a server, recording on),
 * cleans it so it can never ping anyone when shown again, stores it, counts it, and deletes what
 * is older than INSIGHTS_RETENTION_DAYS. Handlers call this, never the store.
 */
import type { Clock } from '../clock.js';
import { neutraliseMentions } from '../faq/sanitise.js';
import type { Locale } from '../i18n/locales.js';
import type { Logger } from '../logger.js';
import type { InsightMetrics } from '../ops/metrics.js';
import { cleanUserText } from '../replies/clean-text.js';
import type { SearchHit } from '../search/types.js';
import { type InsightOutcome, type InsightStore, type NewInsight, voterKeyFor } from './insight-store.js';

const DAY_MS = 86_400_000;
/** How many guesses a record keeps: the did-you-mean offers fit in one row of buttons anyway. */
export const MAX_GUESSES = 5;

export interface InsightsOptions {
  readonly store: InsightStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: InsightMetrics;
  readonly retentionDays: number;
}

/** What one unanswered /ask left behind. */
export interface UnansweredQuestion {
  /** null in a DM: nothing is recorded there. */
  readonly guildId: string | null;
  readonly question: string;
  readonly outcome: InsightOutcome;
  readonly guesses: readonly SearchHit[];
  readonly locale: Locale;
}

/**
 * The question as it is stored and shown to moderators: cleaned of control characters, with
 * every mention made inert, on one line.
 */
export function cleanInsightQuestion(question: string): string {
  return neutraliseMentions(cleanUserText(question));
}

/** A guess as stored: a topic's id, or `faq:<id>` for a community FAQ entry of the server. */
export function guessId(hit: Pick<SearchHit, 'kind' | 'id'>): string {
  return hit.kind === 'faq' ? `faq:${hit.id}` : hit.id;
}

export class Insights {
  constructor(private readonly o: InsightsOptions) {}

  private toRecord(q: UnansweredQuestion & { guildId: string }): NewInsight {
    return {
      guildId: q.guildId,
      question: cleanInsightQuestion(q.question),
      outcome: q.outcome,
      guesses: q.guesses.slice(0, MAX_GUESSES).map((hit) => ({ topicId: guessId(hit), score: hit.score })),
      locale: q.locale,
    };
  }

  /**
   * Keeps an unanswered question unless it was asked in a DM or the server switched recording
   * off. Never throws: a failure to record is logged and must not turn the member's reply into
   * an error.
   */
  async recordUnanswered(q: UnansweredQuestion): Promise<void> {
    const { guildId } = q;
    if (guildId === null) return;
    try {
      if (!(await this.o.store.isRecording(guildId))) return;
      await this.o.store.record(this.toRecord({ ...q, guildId }), this.o.clock.now());
      this.o.metrics.insightRecorded(q.outcome);
    } catch (error) {
      // The member's words stay out of the log, as everywhere else.
      this.o.logger.error({ err: error, outcome: q.outcome }, 'could not record an unanswered question');
    }
  }

  /**
   * Keeps a "Not what I asked" mark, once per person and answer (the key is a one-way hash:
   * see voterKeyFor). Resolves with false when this person had already marked this answer, or
   * nothing was recorded (a DM, recording off).
   */
  async recordNotHelpful(
    q: Omit<UnansweredQuestion, 'outcome'>,
    userId: string,
    answerId: string,
  ): Promise<boolean> {
    const { guildId } = q;
    if (guildId === null) return false;
    if (!(await this.o.store.isRecording(guildId))) return false;
    const stored = await this.o.store.recordOnce(
      this.toRecord({ ...q, guildId, outcome: 'not-helpful' }),
      voterKeyFor(userId, answerId),
      this.o.clock.now(),
    );
    if (stored) this.o.metrics.insightRecorded('not-helpful');
    return stored;
  }

  /** Deletes records older than the retention window; resolves with how many went. */
  async prune(): Promise<number> {
    return this.o.store.prune(this.o.clock.now() - this.o.retentionDays * DAY_MS);
  }

  /** The store, for the report (list) and the per-server switch. */
  get store(): InsightStore {
    return this.o.store;
  }
}
