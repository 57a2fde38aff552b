/**
 * Per-key cooldowns, as handlers and the repeat guard use them: one `/ask` per member every few
 * seconds, one FAQ suggestion per minute, one public copy of the same answer per channel. The
 * state lives behind a CooldownStore (cooldown-store.ts): this process's memory, or the shared
 * database when other processes may get requests for the same key (the choice is made in
 * src/app.ts). This class adds what every store needs: the time from the injected Clock, "0 means
 * off" without a round trip, ended cooldowns pruned now and then, and a store failure that never
 * blocks the action it was asked about.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CooldownStore } from './cooldown-store.js';

/**
 * How often (in the clock's milliseconds) ended cooldowns are cleared out: often enough that a
 * busy bot's store holds about a minute of keys beyond those still running, rarely enough that
 * the delete costs nothing noticeable.
 */
export const PRUNE_EVERY_MS = 60_000;

export class Cooldowns {
  private nextPruneAt: number;

  constructor(
    private readonly store: CooldownStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.nextPruneAt = clock.now() + PRUNE_EVERY_MS;
  }

  /**
   * Starts a cooldown of `ms` milliseconds for `key` unless one is running.
   * @param ms the pause to start; 0 or less means the cooldown is off (nothing is stored)
   * @returns 0 when the action may go ahead, otherwise the milliseconds left to wait. When the
   *   store fails (a database outage), the failure is logged and the action may go ahead: a
   *   cooldown protects a channel from floods, it must not take the bot down with the database.
   */
  async take(key: string, ms: number): Promise<number> {
    if (ms <= 0) return 0;
    const now = this.clock.now();
    const [waitMs] = await Promise.all([
      this.store.take(key, now, ms).catch((error: unknown) => this.failedOpen(error, key, 'take')),
      now >= this.nextPruneAt ? this.prune(now) : undefined,
    ]);
    return waitMs;
  }

  /**
   * The milliseconds left on `key`'s cooldown (0 when none is running), without starting one.
   * 0 too when the store fails (logged), as for take.
   */
  async remaining(key: string): Promise<number> {
    return this.store
      .remaining(key, this.clock.now())
      .catch((error: unknown) => this.failedOpen(error, key, 'remaining'));
  }

  private failedOpen(error: unknown, key: string, operation: string): number {
    // The key's first part says which limit (ask, repeat, faq-suggest...); the rest names people and channels.
    this.logger.error(
      { err: error, cooldown: key.split(':')[0], operation },
      'cooldown store failed; the action goes ahead without its cooldown',
    );
    return 0;
  }

  private async prune(now: number): Promise<void> {
    this.nextPruneAt = now + PRUNE_EVERY_MS;
    try {
      await this.store.prune(now);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not prune ended cooldowns; trying again later');
    }
  }
}
