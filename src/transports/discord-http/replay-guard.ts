/**
 * Refuses an interaction id this process has already taken, within the window in which its
 * signature still counts (MAX_SIGNATURE_AGE_SECONDS either side): a request copied off the wire or
 * out of a proxy's log and sent again runs nothing twice. The guard is per process and bounded
 * (oldest ids are forgotten first past `capacity`), so it is defence in depth behind the
 * signature's five-minute window, not a guarantee across instances behind a load balancer.
 */
import { MAX_SIGNATURE_AGE_SECONDS } from './signature.js';

/** At most this many ids are kept: 5 MB or so, five minutes of 160 interactions a second. */
export const DEFAULT_REPLAY_CAPACITY = 50_000;

export class InteractionReplayGuard {
  /** Interaction id -> when it may be forgotten (ms), oldest first (a Map keeps insertion order). */
  private readonly seen = new Map<string, number>();

  constructor(private readonly capacity: number = DEFAULT_REPLAY_CAPACITY) {}

  /**
   * Records `interactionId`, signed at `timestampSeconds`; false when it was recorded before and
   * not yet forgotten. `nowMs` is the same clock the signature's age was checked with.
   */
  firstTime(interactionId: string, timestampSeconds: number, nowMs: number): boolean {
    for (const [id, forgetAt] of this.seen) {
      if (forgetAt > nowMs) break;
      this.seen.delete(id);
    }
    if (this.seen.has(interactionId)) return false;
    if (this.seen.size >= this.capacity) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(interactionId, (timestampSeconds + MAX_SIGNATURE_AGE_SECONDS) * 1000);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
