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
    const now = this.clock.now();
    const ends = this.until.get(key);
    if (ends !== undefined && ends > now) return ends - now;
    if (this.until.size > 10_000) this.prune(now);
    if (ms > 0) this.until.set(key, now + ms);
    return 0;
  }

  private prune(now: number): void {
    for (const [key, ends] of this.until) if (ends <= now) this.until.delete(key);
  }
}
