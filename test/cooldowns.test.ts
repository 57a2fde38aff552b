import { describe, expect, it } from 'vitest';
import { Cooldowns } from '../src/cooldowns.js';

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Cooldowns', () => {
  it('lets the first action through and reports the wait for a repeat within the cooldown', () => {
    const clock = manualClock();
    const cooldowns = new Cooldowns(clock);
    expect(cooldowns.take('ask:1', 5_000)).toBe(0);
    clock.advance(2_000);
    expect(cooldowns.take('ask:1', 5_000)).toBe(3_000);
  });

  it('lets the action through again once the cooldown has passed', () => {
    const clock = manualClock();
    const cooldowns = new Cooldowns(clock);
    cooldowns.take('ask:1', 5_000);
    clock.advance(5_000);
    expect(cooldowns.take('ask:1', 5_000)).toBe(0);
  });

  it('keeps keys independent', () => {
    const cooldowns = new Cooldowns(manualClock());
    cooldowns.take('ask:1', 5_000);
    expect(cooldowns.take('ask:2', 5_000)).toBe(0);
  });

  it('never blocks when the cooldown is zero', () => {
    const cooldowns = new Cooldowns(manualClock());
    expect(cooldowns.take('ask:1', 0)).toBe(0);
    expect(cooldowns.take('ask:1', 0)).toBe(0);
  });

  it('reports the time left without starting or extending a cooldown', () => {
    const clock = manualClock();
    const cooldowns = new Cooldowns(clock);
    expect(cooldowns.remaining('faq:1')).toBe(0);
    expect(cooldowns.take('faq:1', 0)).toBe(0);
    expect(cooldowns.remaining('faq:1')).toBe(0);
    cooldowns.take('faq:1', 5_000);
    clock.advance(1_000);
    expect(cooldowns.remaining('faq:1')).toBe(4_000);
    clock.advance(4_000);
    expect(cooldowns.remaining('faq:1')).toBe(0);
    expect(cooldowns.take('faq:1', 5_000)).toBe(0);
  });
});
