/**
 * Keeps this process's search index in step with the community FAQ in the database, whoever
 * changed it: this process, the console on the same file, or a second copy of the bot. Every
 * write to an entry gets the next FAQ revision in the same transaction (migration 004), so
 * bringing the index up to date means reading the entries changed since the last revision seen
 * and upserting or removing just those.
 *
 * When it looks: at once after this process's own changes (FaqService), and before a search or
 * an FAQ autocomplete when the last look is FAQ_SYNC_INTERVAL_MS old or more. A look that finds
 * nothing is one indexed read of the revisions table; its cost does not grow with the FAQ.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { QuestionIndex } from '../search/types.js';
import { type FaqStore, toFaqDocument } from '../storage/faq-store.js';

/**
 * The longest a change made by another process stays unseen by this one's searches, in
 * milliseconds. The promise is 5 seconds; one second keeps well inside it while a busy
 * bot still looks at most once a second rather than before each of hundreds of queries.
 */
export const FAQ_SYNC_INTERVAL_MS = 1_000;

export interface FaqSyncOptions {
  readonly store: Pick<FaqStore, 'approvedSnapshot' | 'changesSince'>;
  /** The index to keep up to date (the raw one, not `FaqSync.index`). */
  readonly index: QuestionIndex;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Overrides FAQ_SYNC_INTERVAL_MS (milliseconds, by `clock`). */
  readonly intervalMs?: number;
}

export class FaqSync {
  /**
   * The search index as handlers see it: the same index, except that a search or an FAQ
   * autocomplete first catches up with changes made elsewhere when a look is due.
   */
  readonly index: QuestionIndex;
  private revision = 0;
  private lookedAt = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;

  constructor(private readonly o: FaqSyncOptions) {
    this.intervalMs = o.intervalMs ?? FAQ_SYNC_INTERVAL_MS;
    const raw = o.index;
    this.index = {
      search: (question, options) => {
        this.syncIfDue();
        return raw.search(question, options);
      },
      completeTopics: (partial, limit) => raw.completeTopics(partial, limit),
      completeFaq: (guildId, partial, limit) => {
        this.syncIfDue();
        return raw.completeFaq(guildId, partial, limit);
      },
      upsertFaq: (doc) => raw.upsertFaq(doc),
      removeFaq: (guildId, id) => raw.removeFaq(guildId, id),
    };
  }

  /** Fills the index with every approved entry (at start-up). Throws if the database cannot be read. */
  load(): void {
    const snapshot = this.o.store.approvedSnapshot();
    for (const doc of snapshot.documents) this.o.index.upsertFaq(doc);
    this.revision = snapshot.revision;
    this.lookedAt = this.o.clock.now();
  }

  /**
   * Applies every change since the last look, now (after this process's own change, say).
   * Returns how many entries it applied. Never throws: a failed look is logged, and the next
   * look starts from the same revision, so nothing is lost.
   */
  syncNow(): number {
    this.lookedAt = this.o.clock.now();
    try {
      const changes = this.o.store.changesSince(this.revision);
      for (const entry of changes.entries) {
        if (entry.status === 'approved') this.o.index.upsertFaq(toFaqDocument(entry));
        else this.o.index.removeFaq(entry.guildId, String(entry.id));
      }
      this.revision = changes.revision;
      return changes.entries.length;
    } catch (error) {
      this.o.logger.warn(
        { err: error, revision: this.revision },
        'could not read FAQ changes; the search index may be behind until the next look',
      );
      return 0;
    }
  }

  /** syncNow() when the last look is at least the interval old (or the clock went back). */
  syncIfDue(): void {
    const sinceLook = this.o.clock.now() - this.lookedAt;
    if (sinceLook >= 0 && sinceLook < this.intervalMs) return;
    this.syncNow();
  }
}
