/**
 * Keeps this process's view of the community FAQ (the search index, and the approved entries
 * that /ask and /faq show answer with) in step with the database, whoever changed it: this
 * process, the console on the same file, or another copy of the bot on the same database
 * server. Every write to an entry gets the next FAQ revision in the same transaction (migration
 * 004, both dialects), so bringing the view up to date means reading the entries changed since
 * the last revision seen and upserting or removing just those.
 *
 * When it looks: at once after this process's own changes (FaqService), and before each
 * interaction when the last look is FAQ_SYNC_INTERVAL_MS old or more (src/dispatch.ts). A look
 * that finds nothing is one indexed read of the revisions table; its cost does not grow with
 * the FAQ. Looks run one at a time, in order, so the revision only moves forward.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { QuestionIndex } from '../search/types.js';
import { type FaqEntry, type FaqStore, parseEntryId, toFaqDocument } from './faq-store.js';

/**
 * The longest a change made by another process stays unseen by this one, in milliseconds. The
 * promise is 5 seconds; one second keeps well inside it while a busy bot still looks at most
 * once a second rather than before each of hundreds of interactions.
 */
export const FAQ_SYNC_INTERVAL_MS = 1_000;

export interface FaqSyncOptions {
  readonly store: Pick<FaqStore, 'approvedSnapshot' | 'changesSince'>;
  /** The search index to keep up to date. */
  readonly index: QuestionIndex;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Overrides FAQ_SYNC_INTERVAL_MS (milliseconds, by `clock`). */
  readonly intervalMs?: number;
}

export class FaqSync {
  private revision = 0;
  private lookedAt = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  /** Approved entries by guild, then id: what the index holds, with every field. */
  private readonly approved = new Map<string, Map<number, FaqEntry>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: FaqSyncOptions) {
    this.intervalMs = o.intervalMs ?? FAQ_SYNC_INTERVAL_MS;
  }

  /** Fills the view with every approved entry (at start-up). Rejects if the database cannot be read. */
  async load(): Promise<void> {
    const snapshot = await this.o.store.approvedSnapshot();
    for (const entry of snapshot.entries) this.apply(entry);
    this.revision = snapshot.revision;
    this.lookedAt = this.o.clock.now();
  }

  /** An approved entry of this guild as this process last saw it (by number or its text form). */
  approvedEntry(guildId: string, id: number | string): FaqEntry | undefined {
    const numeric = parseEntryId(id);
    return numeric === null ? undefined : this.approved.get(guildId)?.get(numeric);
  }

  /**
   * Applies every change since the last look, now (after this process's own change, say), after
   * any look already under way. Resolves to how many entries it applied. Never rejects: a failed
   * look is logged, and the next look starts from the same revision, so nothing is lost.
   */
  syncNow(): Promise<number> {
    // Counted from when it is asked for, so callers arriving meanwhile do not queue another look.
    this.lookedAt = this.o.clock.now();
    const look = this.queue.then(() => this.look());
    this.queue = look;
    return look;
  }

  /** syncNow() when the last look is at least the interval old (or the clock went back). */
  async syncIfDue(): Promise<void> {
    const sinceLook = this.o.clock.now() - this.lookedAt;
    if (sinceLook >= 0 && sinceLook < this.intervalMs) return;
    await this.syncNow();
  }

  private async look(): Promise<number> {
    try {
      const changes = await this.o.store.changesSince(this.revision);
      for (const entry of changes.entries) this.apply(entry);
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

  private apply(entry: FaqEntry): void {
    const guild = this.approved.get(entry.guildId);
    if (entry.status === 'approved') {
      if (guild) guild.set(entry.id, entry);
      else this.approved.set(entry.guildId, new Map([[entry.id, entry]]));
      this.o.index.upsertFaq(toFaqDocument(entry));
    } else {
      guild?.delete(entry.id);
      this.o.index.removeFaq(entry.guildId, String(entry.id));
    }
  }
}
