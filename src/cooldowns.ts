/**
 * Per-key cooldowns (for example one `/ask` per user every few seconds), kept in memory:
 * losing them on restart is harmless. Expired keys are pruned as they are touched so the
 * map cannot grow without bound.
 */
import type { Clock } from './clock.js';

export class Cooldowns {
  private readonly until = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /**
   * Starts a cooldown of `ms` for `key` unless one is running.
   * Returns 0 when the action may go ahead, otherwise the milliseconds left to wait.
   */
  take(key: string, ms: number): number {
    const waitMs = this.remaining(key);
    if (waitMs > 0) return waitMs;
    const now = this.clock.now();
    if (this.until.size > 10_000) this.prune(now);
    if (ms > 0) this.until.set(key, now + ms);
    return 0;
  }

  /** The milliseconds left on `key`'s cooldown (0 when none is running), without starting one. */
  remaining(key: string): number {
    const ends = this.until.get(key);
    return ends === undefined ? 0 : Math.max(0, ends - this.clock.now());
  }

  private prune(now: number): void {
    for (const [key, ends] of this.until) if (ends <= now) this.until.delete(key);
  }
}
