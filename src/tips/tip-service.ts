/**
 * Scheduled privacy tips, as command handlers and transports see them: set, stop and describe
 * a guild's schedule, take the next tip of a guild's rotation, and run the scheduler between
 * `start()` (the transport is ready) and `stop()` (shutdown). The database is the source of
 * truth; see tip-scheduler.ts and slot-runner.ts for how each slot is posted exactly once.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { ENGLISH_EVERYWHERE, type ServerLanguage } from '../i18n/server-language.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { KnowledgeLibrary } from '../knowledge/knowledge-library.js';
import type { Tip } from '../knowledge/schema.js';
import type { Logger } from '../logger.js';
import type { TipMetrics } from '../ops/metrics.js';
import type { Outbox } from '../replies/outbox.js';
import { describePostProblem } from '../replies/post-problem.js';
import { UserError } from '../replies/user-error.js';
import { nextSlots } from './cron-slots.js';
import { checkSchedule } from './schedule-check.js';
import { SlotRunner } from './slot-runner.js';
import { DEFAULT_MAX_SLEEP_MS, TipScheduler, type TipSchedulerStartOptions } from './tip-scheduler.js';
import type { TipSchedule, TipSlot, TipStore } from './tip-store.js';

/** A claim protects a send in progress for this long; then another process may retry the slot. */
export const DEFAULT_LEASE_MS = 2 * 60_000;

export interface TipServiceOptions {
  readonly store: TipStore;
  readonly clock: Clock;
  readonly outbox: Outbox;
  /** The English knowledge base: the tip ids every rotation is made of. */
  readonly knowledge: KnowledgeBase;
  /** The knowledge base per language, for posts in each server's. Default: English only. */
  readonly library?: KnowledgeLibrary;
  /** Each server's language (src/i18n/server-language.ts). Default: English everywhere. */
  readonly language?: ServerLanguage;
  readonly config: Pick<Config, 'TIP_MIN_INTERVAL_MINUTES' | 'TIP_GRACE_MINUTES'>;
  readonly logger: Logger;
  /** Counts each slot's outcome and each retry. */
  readonly metrics: TipMetrics;
  readonly leaseMs?: number;
  /** Longest the scheduler sleeps before looking at the database again. */
  readonly maxSleepMs?: number;
}

export interface TipStatus {
  readonly schedule: TipSchedule | null;
  /** The next slot of an active schedule. */
  readonly nextAt: number | null;
  readonly lastPost: TipSlot | null;
  /** The latest slot that was skipped or failed, when it is newer than the last post. */
  readonly lastProblem: TipSlot | null;
}

export class TipService {
  readonly store: TipStore;
  private readonly scheduler: TipScheduler;

  constructor(private readonly o: TipServiceOptions) {
    this.store = o.store;
    const runner = new SlotRunner({
      store: this.store,
      outbox: o.outbox,
      knowledge: o.knowledge,
      library: o.library ?? new KnowledgeLibrary(o.knowledge),
      language: o.language ?? ENGLISH_EVERYWHERE,
      logger: o.logger,
      metrics: o.metrics,
      clock: o.clock,
      graceMs: o.config.TIP_GRACE_MINUTES * 60_000,
      leaseMs: o.leaseMs ?? DEFAULT_LEASE_MS,
    });
    this.scheduler = new TipScheduler({
      store: this.store,
      runner,
      clock: o.clock,
      logger: o.logger,
      maxSleepMs: o.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS,
    });
  }

  /** Starts posting scheduled tips (called by a transport once it can send), for the guilds it serves. */
  start(options?: TipSchedulerStartOptions): void {
    this.scheduler.start(options);
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
  }

  /** Resolves once no scheduled work is in progress. */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /**
   * Validates and stores a guild's schedule (replacing and resuming any earlier one) and
   * returns its next slots. Throws a UserError, storing nothing, when the schedule is refused.
   */
  async setSchedule(input: {
    guildId: string;
    channelId: string;
    cron: string;
    timezone: string;
    by: string;
  }): Promise<{ schedule: TipSchedule; upcoming: number[] }> {
    const now = this.o.clock.now();
    const spec = checkSchedule(input, { now, minIntervalMinutes: this.o.config.TIP_MIN_INTERVAL_MINUTES });
    const cannotPost = await this.o.outbox.checkCanPost(input.guildId, input.channelId);
    if (cannotPost) {
      throw new UserError((tr) =>
        tr('schedule.cannotPost', { channel: input.channelId, problem: describePostProblem(cannotPost, tr) }),
      );
    }
    await this.store.saveSchedule({ ...input, ...spec, now: this.o.clock.now() });
    const schedule = await this.store.schedule(input.guildId);
    if (!schedule) throw new Error(`the tip schedule of guild ${input.guildId} was not saved`);
    this.o.logger.info(
      {
        guildId: input.guildId,
        channelId: input.channelId,
        cron: spec.cron,
        timezone: spec.timezone,
        by: input.by,
      },
      'privacy tip schedule set',
    );
    this.scheduler.poke();
    return { schedule, upcoming: nextSlots(spec, schedule.startsAfter, 3) };
  }

  /** False when the guild had no schedule to stop. */
  async stopSchedule(guildId: string, by: string): Promise<boolean> {
    const stopped = await this.store.stopSchedule(guildId, by, this.o.clock.now());
    if (stopped) {
      this.o.logger.info({ guildId, by }, 'privacy tip schedule stopped');
      this.scheduler.poke();
    }
    return stopped;
  }

  async status(guildId: string): Promise<TipStatus> {
    const [schedule, lastPost, lastFinished] = await Promise.all([
      this.store.schedule(guildId),
      this.store.lastPosted(guildId),
      this.store.lastFinished(guildId),
    ]);
    const nextAt =
      schedule?.state === 'active'
        ? (nextSlots(schedule, Math.max(this.o.clock.now(), schedule.startsAfter), 1)[0] ?? null)
        : null;
    return {
      schedule,
      nextAt,
      lastPost,
      lastProblem: lastFinished && lastFinished.state !== 'posted' ? lastFinished : null,
    };
  }

  /**
   * The next tip of `scope`'s rotation (a guild id, or `dm:<user>`), advancing it; null without
   * tips. The English tip: take the reader's language's with library.in(locale).tip(id).
   */
  async takeNextTip(scope: string): Promise<Tip | null> {
    const tipId = await this.store.takeTip(
      scope,
      this.o.knowledge.tips.map((t) => t.id),
      this.o.clock.now(),
    );
    return tipId === null ? null : (this.o.knowledge.tip(tipId) ?? null);
  }
}
