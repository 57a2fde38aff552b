/** Time as a dependency, so tests can move it without patching globals. */
export interface Clock {
  now(): number;
  /**
   * Runs `fn` once `ms` of this clock's time have passed and returns a function that cancels
   * it. Only clocks that do not follow real time (tests) provide it; otherwise setTimeout is used.
   */
  setTimer?(fn: () => unknown, ms: number): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };
