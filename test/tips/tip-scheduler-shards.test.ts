/**
 * The tips scheduler in a sharded bot: each process looks only at the guilds its gateway shards
 * serve (TipService.start's `servesGuild`), so two processes on one database split the schedules
 * between them, and one process never spins on work that belongs to another.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteTipStore } from '../../src/storage/sqlite/sqlite-tip-store.js';
import { slotNonce } from '../../src/tips/slot-runner.js';
import { RecordingOutbox } from '../support/recording-outbox.js';
import { ManualClock } from './manual-clock.js';
import {
  CHANNEL,
  GUILD,
  MODERATOR,
  OTHER_GUILD,
  type TipProcess,
  tempDatabase,
  tipProcess,
} from './tip-harness.js';

/** Counts the timers the scheduler sets: one per wake. */
class CountingClock extends ManualClock {
  timersSet = 0;
  override setTimer(fn: () => unknown, ms: number): () => void {
    this.timersSet += 1;
    return super.setTimer(fn, ms);
  }
}

const only = (guildId: string) => (id: string) => id === guildId;

describe('TipService.start with servesGuild', () => {
  let database: ReturnType<typeof tempDatabase>;
  const processes: TipProcess[] = [];
  const open = (options: Parameters<typeof tipProcess>[0]) => {
    const p = tipProcess(options);
    processes.push(p);
    return p;
  };
  const schedule = (p: TipProcess, guildId: string, cron: string) =>
    p.service.setSchedule({ guildId, channelId: CHANNEL, cron, timezone: 'UTC', by: MODERATOR });

  beforeEach(() => {
    database = tempDatabase();
  });

  afterEach(async () => {
    for (const p of processes.splice(0)) await p.close();
    database.cleanup();
  });

  it('lets two processes on one database each post the slots of the guilds they serve, each slot once', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T08:30:00Z'));
    const outboxA = new RecordingOutbox();
    const outboxB = new RecordingOutbox();
    const a = open({ path: database.path, clock, outbox: outboxA });
    const b = open({ path: database.path, clock, outbox: outboxB });
    await schedule(a, GUILD, '0 * * * *');
    await schedule(a, OTHER_GUILD, '0 * * * *');
    // A's timers fire first at each slot, so without the filter A would post for both guilds.
    a.service.start({ servesGuild: only(GUILD) });
    b.service.start({ servesGuild: only(OTHER_GUILD) });

    await clock.advanceTo('2026-11-25T11:00:00Z');
    const slots = ['09', '10', '11'].map((h) => Date.parse(`2026-11-25T${h}:00:00Z`));
    expect(outboxA.posts.map((p) => p.nonce)).toEqual(slots.map((s) => slotNonce(GUILD, s)));
    expect(outboxB.posts.map((p) => p.nonce)).toEqual(slots.map((s) => slotNonce(OTHER_GUILD, s)));
  });

  it('leaves an expired claim of a guild it does not serve alone, and does not wake every second for it', async () => {
    const clock = new CountingClock(Date.parse('2026-11-25T08:00:00Z'));
    const outbox = new RecordingOutbox();
    const a = open({ path: database.path, clock, outbox });
    await schedule(a, GUILD, '0 9 * * *');
    await schedule(a, OTHER_GUILD, '0 9 * * *');
    // The process serving OTHER_GUILD claimed its slot and died: the lease ran out at 07:45.
    const store = new SqliteTipStore(a.db!);
    const stale = Date.parse('2026-11-25T07:00:00Z');
    await store.claimSlot({
      guildId: OTHER_GUILD,
      slotAt: stale,
      channelId: CHANNEL,
      now: Date.parse('2026-11-25T07:43:00Z'),
      leaseMs: 2 * 60_000,
      tipIds: ['tip-1'],
    });
    a.service.start({ servesGuild: only(GUILD) });

    await clock.advanceTo('2026-11-25T08:10:00Z');
    // Ten minutes with nothing of its own due: a wake a minute (the longest sleep), not one a second.
    expect(clock.timersSet).toBeLessThanOrEqual(12);
    expect((await store.openClaims(OTHER_GUILD)).map((c) => c.slotAt)).toEqual([stale]);
    expect(outbox.posts).toHaveLength(0);

    await clock.advanceTo('2026-11-25T09:00:00Z');
    expect(outbox.posts.map((p) => p.nonce)).toEqual([slotNonce(GUILD, Date.parse('2026-11-25T09:00:00Z'))]);
  });
});
