/**
 * The loop that wakes up when a privacy tip may be due. It keeps no schedule of its own: on
 * every wake it reads the active schedules from the database, lets the SlotRunner do what is
 * due, and sets one timer for the earliest next slot or retry. The timer is capped, so a clock
 * jump, a suspended laptop or a schedule changed by another process is noticed within a minute.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { nextSlot } from './cron-slots.js';
import type { SlotRunner } from './slot-runner.js';
import type { TipSchedule, TipStore } from './tip-store.js';

export const DEFAULT_MAX_SLEEP_MS = 60_000;
/** Never wake again sooner than this for a retry that is already due (avoids a busy loop). */
const MIN_RETRY_WAKE_MS = 1_000;
const GUILDS_PER_TURN = 50;

type CancelTimer = () => void;

export interface TipSchedulerStartOptions {
  /**
   * Whether this process serves a guild (its gateway shard is one of ours): schedules of other
   * guilds are left to the process that serves them. Default: every guild. Looking at a guild
   * twice is still safe (slots are claimed in the database), just wasted work.
   */
  readonly servesGuild?: (guildId: string) => boolean;
}

function startTimer(clock: Clock, fn: () => unknown, ms: number): CancelTimer {
  if (clock.setTimer) return clock.setTimer(fn, ms);
  const handle = setTimeout(fn, ms);
  // A pending tip must not keep a process alive that is otherwise done.
  handle.unref();
  return () => clearTimeout(handle);
}

export class TipScheduler {
  private cancelTimer: CancelTimer | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  private started = false;
  private stopped = false;
  private servesGuild: ((guildId: string) => boolean) | null = null;

  constructor(
    private readonly o: {
      readonly store: TipStore;
      readonly runner: SlotRunner;
      readonly clock: Clock;
      readonly logger: Logger;
      readonly maxSleepMs: number;
    },
  ) {}

  start(options: TipSchedulerStartOptions = {}): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.servesGuild = options.servesGuild ?? null;
    this.arm(0);
  }

  /** Re-reads the schedules now (after a moderator changed one). */
  poke(): void {
    if (this.started && !this.stopped) this.arm(0);
  }

  /**
   * Cancels the timer and waits up to `waitMs` for a wake in progress to finish (a post can sit in
   * REST retries or a 429's wait for far longer than a shutdown may take). Past that it stops
   * waiting: the wake logs whatever it then fails on. Safe to call twice.
   */
  async stop({ waitMs = 2_000 }: { readonly waitMs?: number } = {}): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    const running = this.running;
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.o.logger.warn({ waitMs }, 'privacy tip post still in progress at shutdown; not waiting for it');
        resolve();
      }, waitMs);
    });
    await Promise.race([running, gaveUp]);
    clearTimeout(timer);
  }

  /** Resolves when no wake is in progress (tests use it to wait for due work to finish). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private arm(delayMs: number): void {
    this.cancelTimer?.();
    this.cancelTimer = startTimer(this.o.clock, () => this.wake(), Math.max(0, delayMs));
  }

  private wake(): Promise<void> {
    this.cancelTimer = null;
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    const wake = async () => {
      await this.runDue();
      const delay = this.stopped || this.rerun ? 0 : await this.nextDelay();
      this.running = null;
      if (this.stopped) return;
      if (this.rerun) {
        this.rerun = false;
        this.arm(0);
      } else {
        this.arm(delay);
      }
    };
    this.running = wake();
    return this.running;
  }

  private async runDue(): Promise<void> {
    try {
      const runs: Promise<void>[] = [];
      for (const [index, schedule] of (await this.ownSchedules()).entries()) {
        // Starting many guilds' checks at once is a burst of work; let interactions in between.
        if (index > 0 && index % GUILDS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
        runs.push(
          this.o.runner.run(schedule).catch((error: unknown) => {
            this.o.logger.error(
              { err: error, guildId: schedule.guildId },
              'privacy tip schedule failed to run',
            );
          }),
        );
      }
      await Promise.all(runs);
    } catch (error) {
      this.o.logger.error({ err: error }, 'privacy tip scheduler could not read the schedules');
    }
  }

  private async nextDelay(): Promise<number> {
    const now = this.o.clock.now();
    let earliest = now + this.o.maxSleepMs;
    try {
      const schedules = await this.ownSchedules();
      for (const schedule of schedules) {
        const slot = nextSlot(schedule, now);
        if (slot !== null && slot < earliest) earliest = slot;
      }
      const lease = await this.earliestOwnLease(schedules);
      if (lease !== null) earliest = Math.min(earliest, Math.max(lease, now + MIN_RETRY_WAKE_MS));
    } catch (error) {
      this.o.logger.error({ err: error }, 'privacy tip scheduler could not compute the next wake');
    }
    return earliest - now;
  }

  private async ownSchedules(): Promise<TipSchedule[]> {
    const all = await this.o.store.activeSchedules();
    const serves = this.servesGuild;
    return serves ? all.filter((schedule) => serves(schedule.guildId)) : all;
  }

  /**
   * Another process's expired claim is its own to retry: counting it here would wake this
   * scheduler every second, to do nothing, for as long as that process is down.
   */
  private async earliestOwnLease(schedules: readonly TipSchedule[]): Promise<number | null> {
    if (!this.servesGuild) return this.o.store.earliestOpenLease();
    let earliest: number | null = null;
    for (const schedule of schedules) {
      for (const claim of await this.o.store.openClaims(schedule.guildId)) {
        if (earliest === null || claim.leaseUntil < earliest) earliest = claim.leaseUntil;
      }
    }
    return earliest;
  }
}
