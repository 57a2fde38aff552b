import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/sqlite/database.js';
import { SqliteTipStore } from '../../../src/storage/sqlite/sqlite-tip-store.js';
import { runScript, type ScriptRun } from '../../support/fake-discord/spawn-script.js';
import { CHANNEL, GUILD, MODERATOR, tempDatabase } from '../../tips/tip-harness.js';

const SLOT = Date.parse('2026-11-25T09:00:00Z');
const LEASE = 120_000;

describe('TipStore', () => {
  let database: ReturnType<typeof tempDatabase>;
  let connections: Database.Database[];
  const connect = () => {
    const db = openDatabase(database.path);
    connections.push(db);
    return new SqliteTipStore(db);
  };
  const claim = (store: SqliteTipStore, now = SLOT) =>
    store.claimSlot({
      guildId: GUILD,
      slotAt: SLOT,
      channelId: CHANNEL,
      now,
      leaseMs: LEASE,
      tipIds: ['a', 'b'],
    });

  /** A daily 09:00 UTC schedule in CHANNEL. */
  const scheduleDaily = (store: SqliteTipStore) =>
    store.saveSchedule({
      guildId: GUILD,
      channelId: CHANNEL,
      cron: '0 9 * * *',
      timezone: 'UTC',
      by: MODERATOR,
      now: SLOT,
    });

  beforeEach(() => {
    database = tempDatabase();
    connections = [];
  });
  afterEach(() => {
    for (const db of connections) db.close();
    database.cleanup();
  });

  it('refuses a claim on a slot another connection has claimed, and takes one tip for it', async () => {
    // One after the other: the race itself is proved by the three-process test below.
    const a = connect();
    const b = connect();
    const first = await claim(a);
    expect(first).toMatchObject({ state: 'claimed', attempts: 1, leaseUntil: SLOT + LEASE });
    expect(await claim(b)).toBeNull();
    expect((await b.rotation(GUILD))?.posted).toEqual([first!.tipId]);
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

  it('lets a claimed slot without a message id be re-claimed only after its lease, by one caller', async () => {
    const a = connect();
    const b = connect();
    await claim(a);
    expect(await b.reclaimSlot(GUILD, SLOT, SLOT + LEASE - 1, LEASE)).toBe(false);
    expect(await b.reclaimSlot(GUILD, SLOT, SLOT + LEASE, LEASE)).toBe(true);
    expect(await a.reclaimSlot(GUILD, SLOT, SLOT + LEASE, LEASE)).toBe(false);
    expect((await a.slot(GUILD, SLOT))?.attempts).toBe(2);
  });

  it('never re-claims a slot whose message id is recorded', async () => {
    const a = connect();
    await claim(a);
    await a.markPosted(GUILD, SLOT, '900000000000000001', SLOT + 1_000);
    expect(await a.reclaimSlot(GUILD, SLOT, SLOT + 10 * LEASE, LEASE)).toBe(false);
    expect(await a.lastPosted(GUILD)).toMatchObject({ messageId: '900000000000000001', state: 'posted' });
  });

  it('returns the tip of a failed slot to the rotation when the post certainly never happened', async () => {
    const a = connect();
    const claimed = (await claim(a))!;
    expect(await a.markFailed(GUILD, SLOT, '403', SLOT + 1_000, 'no')).toBe(true);
    expect((await a.rotation(GUILD))?.posted).toEqual([]);
    expect(await a.takeTip(GUILD, ['a', 'b'], SLOT + 2_000)).toBe(claimed.tipId);
  });

  it('keeps the tip of a failed slot taken when the post may have happened', async () => {
    const a = connect();
    const claimed = (await claim(a))!;
    expect(await a.markFailed(GUILD, SLOT, '503', SLOT + 1_000, 'maybe')).toBe(true);
    expect((await a.rotation(GUILD))?.posted).toEqual([claimed.tipId]);
    expect(await a.takeTip(GUILD, ['a', 'b'], SLOT + 2_000)).not.toBe(claimed.tipId);
  });

  it('records a skipped slot once', async () => {
    const a = connect();
    expect(await a.recordSkipped(GUILD, SLOT, CHANNEL, 'missed', SLOT)).toBe(true);
    expect(await a.recordSkipped(GUILD, SLOT, CHANNEL, 'missed', SLOT)).toBe(false);
    expect(await claim(a)).toBeNull();
  });

  it('pauses a schedule only while it still points at the channel that failed', async () => {
    const a = connect();
    await scheduleDaily(a);
    expect(await a.pauseSchedule(GUILD, '200000000000000099', 'gone', SLOT)).toBe(false);
    expect(await a.pauseSchedule(GUILD, CHANNEL, 'gone', SLOT)).toBe(true);
    expect(await a.schedule(GUILD)).toMatchObject({ state: 'paused', pausedReason: 'gone' });
    expect(await a.activeSchedules()).toEqual([]);
  });

  it('keeps schedules, slots and rotation in the file across a reconnect', async () => {
    const a = connect();
    await scheduleDaily(a);
    await claim(a);
    connections.pop()!.close();
    const b = connect();
    expect(await b.schedule(GUILD)).toMatchObject({ cron: '0 9 * * *', state: 'active', startsAfter: SLOT });
    expect((await b.slot(GUILD, SLOT))?.state).toBe('claimed');
    expect((await b.rotation(GUILD))?.posted).toHaveLength(1);
  });
});
