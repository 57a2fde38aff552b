/** Time as a dependency, so tests can move it without patching globals. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
