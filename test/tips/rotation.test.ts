import { describe, expect, it } from 'vitest';
import { giveBackTip, type RotationState, shuffled, takeNextTip } from '../../src/tips/rotation.js';

const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** Takes `count` tips in a row, feeding each state into the next call. */
function take(count: number, ids: readonly string[], start: RotationState | null = null, scope = 'guild-1') {
  let state = start;
  const taken: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = takeNextTip(state, scope, ids);
    if (!next) throw new Error('no tip');
    taken.push(next.tipId);
    state = next.state;
  }
  return { taken, state: state! };
}

describe('tip rotation', () => {
  it('walks every tip once before any repeats, over several cycles', () => {
    const { taken } = take(IDS.length * 3, IDS);
    for (let cycle = 0; cycle < 3; cycle++) {
      expect([...taken.slice(cycle * IDS.length, (cycle + 1) * IDS.length)].sort()).toEqual(IDS);
    }
  });

  it('never posts the same tip twice in a row when a new cycle starts', () => {
    const { taken } = take(IDS.length * 20, IDS);
    for (let i = 1; i < taken.length; i++) expect(taken[i]).not.toBe(taken[i - 1]);
  });

  it('shuffles each cycle differently and each guild differently, reproducibly', () => {
    expect(shuffled(IDS, 'guild-1:1')).toEqual(shuffled(IDS, 'guild-1:1'));
    const orders = new Set(
      ['guild-1:1', 'guild-1:2', 'guild-2:1', 'guild-3:1'].map((seed) => shuffled(IDS, seed).join()),
    );
    expect(orders.size).toBeGreaterThan(1);
    expect([...shuffled(IDS, 'x')].sort()).toEqual(IDS);
  });

  it('continues from the stored state exactly where it left off', () => {
    const straight = take(9, IDS).taken;
    const firstPart = take(4, IDS);
    const stored: RotationState = JSON.parse(JSON.stringify(firstPart.state));
    const rest = take(5, IDS, stored).taken;
    expect([...firstPart.taken, ...rest]).toEqual(straight);
  });

  it('passes over a tip removed from the knowledge base', () => {
    const { taken, state } = take(2, IDS);
    const remaining = IDS.filter((id) => !taken.includes(id));
    const removed = remaining[0]!;
    const without = IDS.filter((id) => id !== removed);
    const rest = take(remaining.length - 1, without, state).taken;
    expect(rest).not.toContain(removed);
    expect([...taken, ...rest].sort()).toEqual(without);
  });

  it('includes a tip added mid-cycle before the cycle ends', () => {
    const { taken, state } = take(3, IDS);
    const more = [...IDS, 'g'];
    const rest = take(more.length - 3, more, state).taken;
    expect([...taken, ...rest].sort()).toEqual(more);
  });

  it('offers a given-back tip again in the same cycle', () => {
    const { taken, state } = take(2, IDS);
    const returned = giveBackTip(state, taken[1]!, state.cycle);
    const rest = take(IDS.length - 1, IDS, returned).taken;
    expect([taken[0], ...rest].sort()).toEqual(IDS);
  });

  it('returns nothing when there are no tips', () => {
    expect(takeNextTip(null, 'guild-1', [])).toBeNull();
  });
});
