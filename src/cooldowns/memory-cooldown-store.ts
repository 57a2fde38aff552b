/**
 * Cooldowns in this process's memory: right when every request for a key reaches this process
 * (one gateway process running every shard, the console, tests), and free of any I/O. Losing them
 * on restart is harmless.
 */
import type { CooldownStore } from './cooldown-store.js';

export class MemoryCooldownStore implements CooldownStore {
  /** When each key's cooldown ends, in ms since the epoch. */
  private readonly until = new Map<string, number>();

  /** Checks and starts in one synchronous step, so two callers can never both get a key. */
  async take(key: string, now: number, ms: number): Promise<number> {
    const ends = this.until.get(key);
    if (ends !== undefined && ends > now) return ends - now;
    this.until.set(key, now + ms);
    return 0;
  }

  async remaining(key: string, now: number): Promise<number> {
    const ends = this.until.get(key);
    return ends === undefined ? 0 : Math.max(0, ends - now);
  }

  async prune(now: number): Promise<number> {
    let pruned = 0;
    for (const [key, ends] of this.until) {
      if (ends <= now) {
        this.until.delete(key);
        pruned++;
      }
    }
    return pruned;
  }
}
