/**
 * The CooldownStore contract (src/cooldowns/cooldown-store.ts), run against every adapter: this
 * process's memory, SQLite, and a real PostgreSQL server. "Two connections" are two opened
 * storages on one database, as two processes would have; on PostgreSQL each is a pool of its own,
 * so takes sent at once overlap on the server. (SQLite's cross-process race is in
 * test/storage/sqlite/sqlite-cooldown-store.test.ts: in one process its calls run one by one.)
 */
import { describe, expect, it } from 'vitest';
import type { CooldownStore } from '../../src/cooldowns/cooldown-store.js';
import { MemoryCooldownStore } from '../../src/cooldowns/memory-cooldown-store.js';
import { STORAGE_ADAPTERS, storageForEachTest } from '../support/storage-adapters.js';

const T0 = Date.parse('2026-11-25T09:00:00Z');
const clock = { now: () => T0 };

const ADAPTERS = ['memory', ...STORAGE_ADAPTERS.map((adapter) => adapter.name)] as const;

describe.each(ADAPTERS)('CooldownStore on %s', (name) => {
  const sql = STORAGE_ADAPTERS.find((adapter) => adapter.name === name);
  const storages = sql ? storageForEachTest(sql) : null;

  /** A new database reached through `count` connections (in memory: one map, as in one process). */
  async function open(count: number): Promise<CooldownStore[]> {
    if (!storages) return Array<CooldownStore>(count).fill(new MemoryCooldownStore());
    const first = await storages.open(clock);
    const stores = [first.cooldowns];
    while (stores.length < count) stores.push((await storages.open(clock, first.at)).cooldowns);
    return stores;
  }

  it('starts a cooldown on a free key, then tells how long is left and starts nothing more', async () => {
    const [store] = (await open(1)) as [CooldownStore];
    expect(await store.take('ask:1', T0, 5_000)).toBe(0);
    expect(await store.take('ask:1', T0 + 1_000, 5_000)).toBe(4_000);
    expect(await store.remaining('ask:1', T0 + 1_000)).toBe(4_000);
    // A refused take, even a longer one, leaves the running cooldown as it was.
    expect(await store.take('ask:1', T0 + 2_000, 60_000)).toBe(3_000);
    expect(await store.remaining('ask:1', T0 + 4_999)).toBe(1);
    expect(await store.take('ask:2', T0 + 1_000, 5_000)).toBe(0);
  });

  it('frees the key at the instant the cooldown ends, and starts a new one from then', async () => {
    const [store] = (await open(1)) as [CooldownStore];
    await store.take('repeat:c:h', T0, 5_000);
    expect(await store.remaining('repeat:c:h', T0 + 5_000)).toBe(0);
    expect(await store.take('repeat:c:h', T0 + 5_000, 2_000)).toBe(0);
    expect(await store.take('repeat:c:h', T0 + 6_000, 2_000)).toBe(1_000);
  });

  it('reports no cooldown for a key never taken', async () => {
    const [store] = (await open(1)) as [CooldownStore];
    expect(await store.remaining('never', T0)).toBe(0);
  });

  it('honours on one connection a cooldown taken on another', async () => {
    const [a, b] = (await open(2)) as [CooldownStore, CooldownStore];
    expect(await a.take('ask:7', T0, 30_000)).toBe(0);
    expect(await b.remaining('ask:7', T0 + 10_000)).toBe(20_000);
    expect(await b.take('ask:7', T0 + 10_000, 30_000)).toBe(20_000);
    expect(await b.take('ask:7', T0 + 30_000, 30_000)).toBe(0);
    expect(await a.take('ask:7', T0 + 30_001, 30_000)).toBe(29_999);
  });

  it('gives each key to exactly one of two connections taking it at the same moment', async () => {
    const KEYS = 60;
    const [a, b] = (await open(2)) as [CooldownStore, CooldownStore];
    const keys = Array.from({ length: KEYS }, (_, i) => `ask:${i}`);
    // Both connections go for every key at once, one in order and one in reverse.
    const [byA, byB] = await Promise.all([
      Promise.all(keys.map((key) => a.take(key, T0, 10_000))),
      Promise.all([...keys].reverse().map((key) => b.take(key, T0, 10_000))),
    ]);
    byB.reverse();
    for (let i = 0; i < KEYS; i++) {
      const results = [byA[i], byB[i]];
      expect(
        results.filter((left) => left === 0),
        keys[i],
      ).toHaveLength(1);
      expect(
        results.filter((left) => left === 10_000),
        keys[i],
      ).toHaveLength(1);
    }
  });

  it('gives an ended key to exactly one of several connections retaking it at once', async () => {
    const stores = await open(3);
    await stores[0]!.take('repeat:c:h', T0, 1_000);
    const later = T0 + 1_000;
    const results = await Promise.all(
      stores.flatMap((store) => [
        store.take('repeat:c:h', later, 5_000),
        store.take('repeat:c:h', later, 5_000),
      ]),
    );
    expect(results.filter((left) => left === 0)).toHaveLength(1);
    expect(results.filter((left) => left === 5_000)).toHaveLength(results.length - 1);
  });

  it('prunes only the cooldowns that have ended, counting them', async () => {
    const [store] = (await open(1)) as [CooldownStore];
    await store.take('short', T0, 1_000);
    await store.take('exact', T0, 2_000);
    await store.take('long', T0, 10_000);
    expect(await store.prune(T0 + 2_000)).toBe(2);
    expect(await store.prune(T0 + 2_000)).toBe(0);
    expect(await store.remaining('long', T0 + 2_000)).toBe(8_000);
    expect(await store.take('short', T0 + 2_000, 1_000)).toBe(0);
  });
});
