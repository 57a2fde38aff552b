/**
 * A Clock that only moves when a test moves it, with timers that fire in clock time. Timers due
 * at the same instant fire together (as two processes waking for the same slot would), and
 * advancing awaits whatever each timer callback returns, so a test continues only once the work
 * it triggered has finished.
 */
import type { Clock } from '../../src/clock.js';

interface PendingTimer {
  readonly due: number;
  readonly fn: () => unknown;
  readonly order: number;
}

export class ManualClock implements Clock {
  private readonly timers = new Set<PendingTimer>();
  private order = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimer(fn: () => unknown, ms: number): () => void {
    const timer = { due: this.current + Math.max(0, ms), fn, order: this.order++ };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** How many timers are waiting (a stopped scheduler leaves none). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves to `target` without firing anything, as if the process had been down meanwhile. */
  jumpTo(target: number | string): void {
    this.current = typeof target === 'string' ? Date.parse(target) : target;
  }

  /** Moves to `target`, firing every timer due on the way in time order. */
  async advanceTo(target: number | string): Promise<void> {
    const end = typeof target === 'string' ? Date.parse(target) : target;
    // Bounded: a scheduler that re-arms a zero delay forever fails the test instead of hanging it.
    for (let rounds = 0; ; rounds++) {
      const due = [...this.timers].filter((t) => t.due <= end);
      if (due.length === 0) break;
      if (rounds > 200_000) throw new Error(`timers kept firing at ${new Date(this.current).toISOString()}`);
      const first = Math.min(...due.map((t) => t.due));
      const batch = due.filter((t) => t.due === first).sort((a, b) => a.order - b.order);
      for (const timer of batch) this.timers.delete(timer);
      this.current = Math.max(this.current, first);
      await Promise.all(batch.map((timer) => timer.fn()));
    }
    this.current = Math.max(this.current, end);
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.current + ms);
  }
}
