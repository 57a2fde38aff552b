/**
 * What only the SQLite cooldown adapter has (the contract is in test/cooldowns/cooldown-store.test.ts):
 * a connection of its own that does not sync every commit, and a real race between OS processes
 * on one file, where SQLite's locks, not anything in this process, keep the takes apart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/sqlite/database.js';
import { openCooldownConnection } from '../../../src/storage/sqlite/sqlite-cooldown-store.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/sqlite-storage.js';
import { runScript, type ScriptRun } from '../../support/fake-discord/spawn-script.js';
import { tempDatabase } from '../../tips/tip-harness.js';

const SYNCHRONOUS = { FULL: 2, NORMAL: 1 };

describe('SqliteCooldownStore', () => {
  let database: ReturnType<typeof tempDatabase>;
  beforeEach(() => {
    database = tempDatabase();
  });
  afterEach(() => database.cleanup());

  it('writes through a connection that does not sync each commit, while the data connection does', () => {
    const data = openDatabase(database.path);
    const cooldowns = openCooldownConnection(database.path);
    try {
      expect(cooldowns.pragma('synchronous', { simple: true })).toBe(SYNCHRONOUS.NORMAL);
      expect(cooldowns.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(data.pragma('synchronous', { simple: true })).toBe(SYNCHRONOUS.FULL);
    } finally {
      cooldowns.close();
      data.close();
    }
  });

  it('keeps cooldowns in an in-memory database too (one connection: a second would be another database)', async () => {
    const storage = openSqliteStorage(':memory:', { now: () => 0 });
    try {
      expect(await storage.cooldowns.take('ask:1', 0, 5_000)).toBe(0);
      expect(await storage.cooldowns.take('ask:1', 1_000, 5_000)).toBe(4_000);
    } finally {
      await storage.close();
    }
  });

  it('gives each key to exactly one of two processes taking it at once', async () => {
    const KEYS = 200;
    // The schema is created first, so the contenders race on cooldowns rather than on migrations.
    openDatabase(database.path).close();
    const runs: ScriptRun[] = Array.from({ length: 2 }, () =>
      runScript('test/storage/sqlite/cooldown-race-child.ts', {
        DATABASE_PATH: database.path,
        KEYS: String(KEYS),
      }),
    );
    try {
      await Promise.all(runs.map((run) => run.waitForStderr('ready', 30_000)));
      // A common start a moment ahead, so the contenders run at the same time.
      const startAt = Date.now() + 300;
      for (const run of runs) run.child.stdin?.write(`${startAt}\n`);
      const codes = await Promise.all(runs.map((run) => run.exit(30_000)));
      expect(codes).toEqual([0, 0]);
      const wonBy = runs.map((run) => JSON.parse(run.stdout()) as string[]);
      // A real race: more than one contender got keys (otherwise one ran alone and proved nothing).
      expect(wonBy.filter((won) => won.length > 0).length).toBeGreaterThan(1);
      const won = wonBy.flat();
      expect(won).toHaveLength(KEYS);
      expect(new Set(won).size).toBe(KEYS);
    } finally {
      for (const run of runs) run.cleanup();
    }
  });
});
