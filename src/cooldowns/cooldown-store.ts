/**
 * The cooldowns' storage port: "may this key act now, and if so, start its pause", as one atomic
 * step. Adapters: in this process's memory (memory-cooldown-store.ts), or in the shared database
 * (src/storage/sqlite/, src/storage/postgres/) when several processes may get requests for the same
 * key; the composition root (src/app.ts) picks one. Keys and times are opaque here: callers name
 * the key (`ask:<user>`, `repeat:<channel>:<hash>`...) and pass times in milliseconds since the
 * epoch from their Clock, so every adapter agrees on what "now" means in tests.
 *
 * Guarantees every adapter keeps (checked by test/cooldowns/cooldown-store.test.ts against each one):
 * - of any number of callers taking the same free key at once, in any processes, exactly one gets
 *   it; the others are told how long is left;
 * - a cooldown ends at the instant it was given (`now + ms`): from then on the key is free again;
 * - prune removes only cooldowns that have ended, so the store does not grow without bound.
 */
export interface CooldownStore {
  /**
   * Starts a cooldown of `ms` milliseconds on `key` at `now` unless one is still running then.
   * @param now milliseconds since the epoch
   * @param ms the length of the cooldown to start, at least 1
   * @returns 0 when it was started (the caller may act); otherwise the milliseconds left on the
   *   running one (at least 1), which is left as it was
   */
  take(key: string, now: number, ms: number): Promise<number>;
  /** The milliseconds left at `now` on `key`'s cooldown, 0 when none runs. Starts nothing. */
  remaining(key: string, now: number): Promise<number>;
  /** Forgets every cooldown that has ended at `now`; resolves with how many there were. */
  prune(now: number): Promise<number>;
}
