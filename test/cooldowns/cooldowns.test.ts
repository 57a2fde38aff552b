/**
 * Cooldowns (src/cooldowns/cooldowns.ts) over the in-memory store: what handlers see, plus what
 * the class adds to any store: "0 means off" without touching the store, ended cooldowns pruned
 * about once a minute, and a failing store that neither blocks the action nor throws.
 */
import { describe, expect, it } from 'vitest';
import type { CooldownStore } from '../../src/cooldowns/cooldown-store.js';
import { Cooldowns, PRUNE_EVERY_MS } from '../../src/cooldowns/cooldowns.js';
import { MemoryCooldownStore } from '../../src/cooldowns/memory-cooldown-store.js';
import { createLogger, silentLogger } from '../../src/logger.js';

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A memory store that counts the calls made to it. */
class CountingStore extends MemoryCooldownStore {
  readonly calls: string[] = [];
  override take(key: string, now: number, ms: number) {
    this.calls.push('take');
    return super.take(key, now, ms);
  }
  override remaining(key: string, now: number) {
    this.calls.push('remaining');
    return super.remaining(key, now);
  }
  override prune(now: number) {
    this.calls.push('prune');
    return super.prune(now);
  }
}

describe('Cooldowns', () => {
  it('lets the first action through and reports the wait for a repeat within the cooldown', async () => {
    const clock = manualClock();
    const cooldowns = new Cooldowns(new MemoryCooldownStore(), clock, silentLogger);
    expect(await cooldowns.take('ask:1', 5_000)).toBe(0);
    clock.advance(2_000);
    expect(await cooldowns.take('ask:1', 5_000)).toBe(3_000);
  });

  it('lets the action through again once the cooldown has passed', async () => {
    const clock = manualClock();
    const cooldowns = new Cooldowns(new MemoryCooldownStore(), clock, silentLogger);
    await cooldowns.take('ask:1', 5_000);
    clock.advance(5_000);
    expect(await cooldowns.take('ask:1', 5_000)).toBe(0);
  });

  it('keeps keys independent', async () => {
    const cooldowns = new Cooldowns(new MemoryCooldownStore(), manualClock(), silentLogger);
    await cooldowns.take('ask:1', 5_000);
    expect(await cooldowns.take('ask:2', 5_000)).toBe(0);
  });

  it('never blocks when the cooldown is zero, and does not ask the store', async () => {
    const store = new CountingStore();
    const cooldowns = new Cooldowns(store, manualClock(), silentLogger);
    expect(await cooldowns.take('ask:1', 0)).toBe(0);
    expect(await cooldowns.take('ask:1', 0)).toBe(0);
    expect(store.calls).toEqual([]);
  });

  it('reports the time left without starting or extending a cooldown', async () => {
    const clock = manualClock();
    const cooldowns = new Cooldowns(new MemoryCooldownStore(), clock, silentLogger);
    expect(await cooldowns.remaining('faq:1')).toBe(0);
    expect(await cooldowns.take('faq:1', 0)).toBe(0);
    expect(await cooldowns.remaining('faq:1')).toBe(0);
    await cooldowns.take('faq:1', 5_000);
    clock.advance(1_000);
    expect(await cooldowns.remaining('faq:1')).toBe(4_000);
    clock.advance(4_000);
    expect(await cooldowns.remaining('faq:1')).toBe(0);
    expect(await cooldowns.take('faq:1', 5_000)).toBe(0);
  });

  it('prunes ended cooldowns with a take once a minute has passed, and not before', async () => {
    const clock = manualClock();
    const store = new CountingStore();
    const cooldowns = new Cooldowns(store, clock, silentLogger);
    await cooldowns.take('ask:1', 1_000);
    clock.advance(PRUNE_EVERY_MS - 1);
    await cooldowns.take('ask:2', 1);
    expect(store.calls).not.toContain('prune');
    clock.advance(1);
    await cooldowns.take('ask:3', 120_000);
    expect(store.calls.filter((c) => c === 'prune')).toHaveLength(1);
    // ask:1 and ask:2 had ended and were forgotten then; ask:3 runs on.
    expect(await store.prune(clock.now())).toBe(0);
    expect(await cooldowns.remaining('ask:1')).toBe(0);
    expect(await cooldowns.remaining('ask:3')).toBe(120_000);
    clock.advance(1);
    await cooldowns.take('ask:4', 1_000);
    expect(store.calls.filter((c) => c === 'prune')).toHaveLength(2);
  });

  it('lets the action go ahead and logs, without the key, when the store fails', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    const broken: CooldownStore = {
      take: () => Promise.reject(new Error('connection refused')),
      remaining: () => Promise.reject(new Error('connection refused')),
      prune: () => Promise.reject(new Error('connection refused')),
    };
    const cooldowns = new Cooldowns(broken, manualClock(), logger);
    expect(await cooldowns.take('ask:300000000000000001', 5_000)).toBe(0);
    expect(await cooldowns.remaining('faq-suggest:1:300000000000000001')).toBe(0);
    const logged = lines.map((line) => JSON.parse(line));
    expect(logged.map((l) => [l.msg, l.cooldown, l.operation])).toEqual([
      ['cooldown store failed; the action goes ahead without its cooldown', 'ask', 'take'],
      ['cooldown store failed; the action goes ahead without its cooldown', 'faq-suggest', 'remaining'],
    ]);
    expect(lines.join('')).not.toContain('300000000000000001');
  });
});
