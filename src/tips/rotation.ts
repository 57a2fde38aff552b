/**
 * Tip rotation as pure data: each scope (a guild) walks every tip in a shuffled order without
 * repeats, then starts a new cycle with a fresh order. The order is seeded by scope and cycle,
 * and the state is stored (the TipStore, src/tips/tip-store.ts), so it survives restarts. Tips added to
 * the knowledge base join the current cycle; removed ones are passed over.
 */
import { seededRandom } from '../seeded-random.js';

export interface RotationState {
  readonly cycle: number;
  /** Tip ids in the order this cycle posts them. */
  readonly order: readonly string[];
  /** Tip ids already posted in this cycle. */
  readonly posted: readonly string[];
  /** The tip posted last, so a new cycle does not open with it. */
  readonly lastTipId: string | null;
}

export function shuffled(ids: readonly string[], seedText: string): string[] {
  const out = [...ids].sort();
  const random = seededRandom(seedText);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function newCycle(scope: string, cycle: number, tipIds: readonly string[], lastTipId: string | null) {
  const order = shuffled(tipIds, `${scope}:${cycle}`);
  if (order.length > 1 && order[0] === lastTipId) [order[0], order[1]] = [order[1]!, order[0]!];
  return { cycle, order, posted: [] as string[], lastTipId };
}

/**
 * The next tip for `scope` among `tipIds` (the tips the knowledge base has now) and the state
 * after taking it, or null when there are no tips at all.
 */
export function takeNextTip(
  state: RotationState | null,
  scope: string,
  tipIds: readonly string[],
): { tipId: string; state: RotationState } | null {
  if (tipIds.length === 0) return null;
  const available = new Set(tipIds);
  let current: RotationState = state ?? newCycle(scope, 1, tipIds, null);
  const posted = new Set(current.posted);
  let next = current.order.find((id) => available.has(id) && !posted.has(id));
  if (next === undefined) {
    const ordered = new Set(current.order);
    const added = tipIds.filter((id) => !ordered.has(id) && !posted.has(id));
    if (added.length > 0) {
      const appended = shuffled(added, `${scope}:${current.cycle}:${current.order.length}`);
      current = { ...current, order: [...current.order, ...appended] };
      next = appended[0]!;
    } else {
      current = newCycle(scope, current.cycle + 1, tipIds, current.lastTipId);
      next = current.order[0]!;
    }
  }
  return { tipId: next, state: { ...current, posted: [...current.posted, next], lastTipId: next } };
}

/**
 * Returns a tip to the current cycle when the post it was taken for never happened, so the
 * cycle still covers it. A tip taken in an earlier cycle is left alone.
 */
export function giveBackTip(state: RotationState, tipId: string, cycle: number): RotationState {
  if (state.cycle !== cycle || !state.posted.includes(tipId)) return state;
  return { ...state, posted: state.posted.filter((id) => id !== tipId) };
}
