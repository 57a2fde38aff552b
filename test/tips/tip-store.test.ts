/**
 * The TipStore contract (src/tips/tip-store.ts), run against every adapter: SQLite and a real
 * PostgreSQL server. The races are run for real: several connections at once, each a pool of
 * its own, so on PostgreSQL the statements overlap on the server.
 */
import { describe, expect, it } from 'vitest';
import type { PauseReason, SlotProblem } from '../../src/tips/tip-problems.js';
import type { TipStore } from '../../src/tips/tip-store.js';
import { STORAGE_ADAPTERS, storageForEachTest } from '../support/storage-adapters.js';
import { CHANNEL, GUILD, MODERATOR } from './tip-harness.js';

const SLOT = Date.parse('2026-11-25T09:00:00Z');
const LEASE = 120_000;
const clock = { now: () => SLOT };
const REFUSED: SlotProblem = { code: 'cannot-post', reason: 'missing-access', channelId: CHANNEL };
const SERVER_ERROR: SlotProblem = { code: 'send-failed', error: { failure: 'server-error', detail: '503' } };
const MISSED: SlotProblem = { code: 'missed-offline', lateMinutes: 45, graceMinutes: 30 };
const GONE: PauseReason = { code: 'missing-channel', channelId: CHANNEL };

const claim = (store: TipStore, now = SLOT, slotAt = SLOT, tipIds: readonly string[] = ['a', 'b']) =>
  store.claimSlot({ guildId: GUILD, slotAt, channelId: CHANNEL, now, leaseMs: LEASE, tipIds });

/** A daily 09:00 UTC schedule in CHANNEL. */
const scheduleDaily = (store: TipStore) =>
  store.saveSchedule({
    guildId: GUILD,
    channelId: CHANNEL,
    cron: '0 9 * * *',
    timezone: 'UTC',
    by: MODERATOR,
    now: SLOT,
  });

describe.each(STORAGE_ADAPTERS)('TipStore on $name', (adapter) => {
  const storages = storageForEachTest(adapter);
  /** Two connections to one new database, as two processes would have. */
  async function twoConnections() {
    const first = await storages.open(clock);
    const second = await storages.open(clock, first.at);
    return [first.tips, second.tips] as const;
  }

  it('refuses a claim on a slot another connection has claimed, and takes one tip for it', async () => {
    const [a, b] = await twoConnections();
    const first = await claim(a);
    expect(first).toMatchObject({
      state: 'claimed',
      attempts: 1,
      leaseUntil: SLOT + LEASE,
      channelId: CHANNEL,
    });
    expect(await claim(b)).toBeNull();
    expect((await b.rotation(GUILD))?.posted).toEqual([first!.tipId]);
  });

  it('lets exactly one of several connections claiming at once claim each slot, each with its own tip', async () => {
    const SLOTS = 40;
    const tipIds = Array.from({ length: SLOTS }, (_, i) => `tip-${i}`);
    const connections = [(await storages.open(clock)) as Awaited<ReturnType<typeof storages.open>>];
    for (let i = 0; i < 2; i++) connections.push(await storages.open(clock, connections[0]!.at));
    // Every connection goes for every slot at the same moment, in an order of its own.
    const attempts = connections.map((connection, c) =>
      Promise.all(
        Array.from({ length: SLOTS }, (_, i) => (i * (c + 1) * 7) % SLOTS).map((i) =>
          claim(connection.tips, SLOT, SLOT + i * 60_000, tipIds),
        ),
      ),
    );
    const won = (await Promise.all(attempts)).flat().filter((slot) => slot !== null);
    expect(won.map((slot) => slot.slotAt).sort((x, y) => x - y)).toEqual(
      Array.from({ length: SLOTS }, (_, i) => SLOT + i * 60_000),
    );
    // One rotation of SLOTS tips for SLOTS slots: no tip taken twice, none lost.
    expect(new Set(won.map((slot) => slot.tipId)).size).toBe(SLOTS);
    expect((await connections[0]!.tips.rotation(GUILD))?.posted).toHaveLength(SLOTS);
  });

  it('lets a claimed slot without a message id be re-claimed only after its lease, by one caller', async () => {
    const [a, b] = await twoConnections();
    await claim(a);
    expect(await b.reclaimSlot(GUILD, SLOT, SLOT + LEASE - 1, LEASE)).toBe(false);
    const both = await Promise.all([
      b.reclaimSlot(GUILD, SLOT, SLOT + LEASE, LEASE),
      a.reclaimSlot(GUILD, SLOT, SLOT + LEASE, LEASE),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect((await a.slot(GUILD, SLOT))?.attempts).toBe(2);
  });

  it('never re-claims a slot whose message id is recorded', async () => {
    const [a] = await twoConnections();
    await claim(a);
    await a.markPosted(GUILD, SLOT, '900000000000000001', SLOT + 1_000);
    expect(await a.reclaimSlot(GUILD, SLOT, SLOT + 10 * LEASE, LEASE)).toBe(false);
    expect(await a.lastPosted(GUILD)).toMatchObject({ messageId: '900000000000000001', state: 'posted' });
    expect(await a.lastFinished(GUILD)).toMatchObject({ state: 'posted' });
    expect(await a.openClaims(GUILD)).toEqual([]);
  });

  it('returns the tip of a failed slot to the rotation when the post certainly never happened', async () => {
    const [a] = await twoConnections();
    const claimed = (await claim(a))!;
    expect(await a.markFailed(GUILD, SLOT, REFUSED, SLOT + 1_000, 'no')).toBe(true);
    expect(await a.markFailed(GUILD, SLOT, REFUSED, SLOT + 1_000, 'no')).toBe(false);
    expect((await a.rotation(GUILD))?.posted).toEqual([]);
    expect(await a.takeTip(GUILD, ['a', 'b'], SLOT + 2_000)).toBe(claimed.tipId);
  });

  it('keeps the tip of a failed slot taken when the post may have happened', async () => {
    const [a] = await twoConnections();
    const claimed = (await claim(a))!;
    expect(await a.markFailed(GUILD, SLOT, SERVER_ERROR, SLOT + 1_000, 'maybe')).toBe(true);
    expect((await a.rotation(GUILD))?.posted).toEqual([claimed.tipId]);
    expect(await a.takeTip(GUILD, ['a', 'b'], SLOT + 2_000)).not.toBe(claimed.tipId);
  });

  it('records a skipped slot once', async () => {
    const [a] = await twoConnections();
    expect(await a.recordSkipped(GUILD, SLOT, CHANNEL, MISSED, SLOT)).toBe(true);
    expect(await a.recordSkipped(GUILD, SLOT, CHANNEL, MISSED, SLOT)).toBe(false);
    expect(await claim(a)).toBeNull();
    expect(await a.latestSlotAt(GUILD)).toBe(SLOT);
    expect(await a.lastFinished(GUILD)).toMatchObject({ state: 'skipped', note: MISSED });
  });

  it('pauses a schedule only while it still points at the channel that failed', async () => {
    const [a] = await twoConnections();
    await scheduleDaily(a);
    expect(await a.pauseSchedule(GUILD, '200000000000000099', GONE, SLOT)).toBe(false);
    expect(await a.pauseSchedule(GUILD, CHANNEL, GONE, SLOT)).toBe(true);
    expect(await a.schedule(GUILD)).toMatchObject({ state: 'paused', pausedReason: GONE });
    expect(await a.activeSchedules()).toEqual([]);
  });

  it('stores why a slot failed and why a schedule paused as codes, not sentences', async () => {
    const { tips, at } = await storages.open(clock);
    await scheduleDaily(tips);
    await claim(tips);
    await tips.markFailed(GUILD, SLOT, REFUSED, SLOT + 1_000, 'no');
    await tips.pauseSchedule(GUILD, CHANNEL, GONE, SLOT + 1_000);

    const [slot] = await adapter.read(at, 'SELECT note FROM tip_slots');
    const [schedule] = await adapter.read(at, 'SELECT paused_reason FROM tip_schedules');
    expect(JSON.parse(String(slot?.note))).toEqual(REFUSED);
    expect(JSON.parse(String(schedule?.paused_reason))).toEqual(GONE);
    expect((await tips.slot(GUILD, SLOT))?.note).toEqual(REFUSED);
    expect((await tips.schedule(GUILD))?.pausedReason).toEqual(GONE);
  });

  it('reads the English notes of rows written before codes as text, to show as they are', async () => {
    const { tips, at } = await storages.open(clock);
    await scheduleDaily(tips);
    await tips.recordSkipped(GUILD, SLOT, CHANNEL, MISSED, SLOT);
    await adapter.exec(at, "UPDATE tip_slots SET note = 'missed by 45 minutes while the bot was offline'");
    await adapter.exec(
      at,
      "UPDATE tip_schedules SET state = 'paused', paused_reason = '{not json, but old text'",
    );
    expect((await tips.slot(GUILD, SLOT))?.note).toEqual({
      code: 'text',
      text: 'missed by 45 minutes while the bot was offline',
    });
    expect((await tips.schedule(GUILD))?.pausedReason).toEqual({
      code: 'text',
      text: '{not json, but old text',
    });
  });

  it('stops a schedule once, and a new schedule starts active again from its own time', async () => {
    const [a] = await twoConnections();
    await scheduleDaily(a);
    expect(await a.stopSchedule(GUILD, MODERATOR, SLOT + 1)).toBe(true);
    expect(await a.stopSchedule(GUILD, MODERATOR, SLOT + 2)).toBe(false);
    await a.saveSchedule({
      guildId: GUILD,
      channelId: CHANNEL,
      cron: '0 10 * * *',
      timezone: 'UTC',
      by: MODERATOR,
      now: SLOT + 3,
    });
    expect(await a.activeSchedules()).toEqual([
      expect.objectContaining({
        cron: '0 10 * * *',
        state: 'active',
        startsAfter: SLOT + 3,
        pausedReason: null,
      }),
    ]);
  });

  it('tells when the earliest open claim of an active schedule may be retried', async () => {
    const [a] = await twoConnections();
    expect(await a.earliestOpenLease()).toBeNull();
    await scheduleDaily(a);
    await claim(a);
    await a.releaseForRetry(GUILD, SLOT, SLOT + 5_000, SERVER_ERROR);
    expect(await a.earliestOpenLease()).toBe(SLOT + 5_000);
    expect((await a.openClaims(GUILD)).map((s) => s.note)).toEqual([SERVER_ERROR]);
  });

  it('keeps schedules, slots and rotation across a reconnect', async () => {
    const first = await storages.open(clock);
    await scheduleDaily(first.tips);
    await claim(first.tips);
    await first.close();
    const b = (await storages.open(clock, first.at)).tips;
    expect(await b.schedule(GUILD)).toMatchObject({ cron: '0 9 * * *', state: 'active', startsAfter: SLOT });
    expect((await b.slot(GUILD, SLOT))?.state).toBe('claimed');
    expect((await b.rotation(GUILD))?.posted).toHaveLength(1);
    expect(await b.slotsOf(GUILD)).toHaveLength(1);
  });

  it('takes each tip once when many take from one rotation at the same time', async () => {
    const [a, b] = await twoConnections();
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    // Six takes at once, three through each connection: one cycle of six tips, each taken once.
    const taken = await Promise.all(ids.map((_, i) => (i % 2 === 0 ? a : b).takeTip('dm:1', ids, SLOT + i)));
    expect([...taken].sort()).toEqual(ids);
  });
});
