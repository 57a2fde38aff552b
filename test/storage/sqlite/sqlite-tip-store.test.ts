import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/sqlite/database.js';
import { SqliteTipStore } from '../../../src/storage/sqlite/sqlite-tip-store.js';
import { runScript, type ScriptRun } from '../../support/fake-discord/spawn-script.js';
import { CHANNEL, GUILD, tempDatabase } from '../../tips/tip-harness.js';

describe('SqliteTipStore across processes', () => {
  let database: ReturnType<typeof tempDatabase>;
  let connections: Database.Database[];
  const connect = () => {
    const db = openDatabase(database.path);
    connections.push(db);
    return new SqliteTipStore(db);
  };
  beforeEach(() => {
    database = tempDatabase();
    connections = [];
  });
  afterEach(() => {
    for (const db of connections) db.close();
    database.cleanup();
  });

  it('lets exactly one of several processes claim each slot, each with its own tip', async () => {
    // Three OS processes on one file: SQLite's locks, not anything in this process, keep the
    // claims apart. Which process wins how many varies (a writer holding the lock often wins
    // most); that every slot is claimed once, with a tip of its own, must not.
    const SLOTS = 300;
    // The schema is created first, so the contenders race on claims rather than on migrations.
    connect();
    const runs: ScriptRun[] = Array.from({ length: 3 }, () =>
      runScript('test/storage/sqlite/claim-race-child.ts', {
        DATABASE_PATH: database.path,
        SLOTS: String(SLOTS),
        GUILD,
        CHANNEL,
      }),
    );
    try {
      await Promise.all(runs.map((run) => run.waitForStderr('ready', 30_000)));
      // A common start a moment ahead, so the contenders run at the same time.
      const startAt = Date.now() + 300;
      for (const run of runs) run.child.stdin?.write(`${startAt}\n`);
      const codes = await Promise.all(runs.map((run) => run.exit(30_000)));
      expect(codes).toEqual([0, 0, 0]);
      const wonBy = runs.map((run) => JSON.parse(run.stdout()) as { slotAt: number; tipId: string | null }[]);
      // A real race: more than one contender won slots (otherwise one ran alone and proved nothing).
      expect(wonBy.filter((w) => w.length > 0).length).toBeGreaterThan(1);
      const won = wonBy.flat();
      expect(won.map((w) => w.slotAt).sort((x, y) => x - y)).toEqual(
        Array.from({ length: SLOTS }, (_, i) => i * 60_000),
      );
      // One rotation of SLOTS tips for SLOTS slots: no tip taken twice, none lost.
      expect(new Set(won.map((w) => w.tipId)).size).toBe(SLOTS);
      expect(await connect().slotsOf(GUILD)).toHaveLength(SLOTS);
    } finally {
      for (const run of runs) run.cleanup();
    }
  });
});
