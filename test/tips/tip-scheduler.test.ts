import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusText } from '../../commands/privacy-tips.js';
import { translator } from '../../src/i18n/messages.js';
import { OutboxError } from '../../src/replies/outbox.js';
import type { Reply } from '../../src/replies/reply.js';
import { openPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { SqliteTipStore } from '../../src/storage/sqlite/sqlite-tip-store.js';
import { slotNonce } from '../../src/tips/slot-runner.js';
import { tipReply } from '../../src/tips/tip-message.js';
import { freshPostgresUrl } from '../support/postgres/databases.js';
import { RecordingOutbox } from '../support/recording-outbox.js';
import { ManualClock } from './manual-clock.js';
import {
  CHANNEL,
  GUILD,
  iso,
  knowledgeWithTips,
  MODERATOR,
  OTHER_GUILD,
  type TipProcess,
  tempDatabase,
  tipProcess,
} from './tip-harness.js';

/** Like Discord with enforce_nonce: a second send with a recent nonce returns the first message. */
class NonceKeepingOutbox extends RecordingOutbox {
  override async postToChannel(channelId: string, reply: Reply, options?: { nonce?: string }) {
    const earlier = this.posts.find((p) => p.nonce !== undefined && p.nonce === options?.nonce);
    if (earlier) return { messageId: earlier.messageId };
    return super.postToChannel(channelId, reply, options);
  }
}

/**
 * Like Discord with enforce_nonce, for a few minutes only: a send with a nonce seen in the last five
 * minutes (of the test's clock) returns the first message; after that it is a new message.
 */
class ForgetfulNonceOutbox extends RecordingOutbox {
  private readonly seen = new Map<string, { messageId: string; at: number }>();
  constructor(private readonly clock: ManualClock) {
    super();
  }
  override async postToChannel(channelId: string, reply: Reply, options?: { nonce?: string }) {
    const nonce = options?.nonce;
    const earlier = nonce === undefined ? undefined : this.seen.get(nonce);
    if (earlier && this.clock.now() - earlier.at < 5 * 60_000) return { messageId: earlier.messageId };
    const sent = await super.postToChannel(channelId, reply, options);
    if (nonce !== undefined) this.seen.set(nonce, { messageId: sent.messageId, at: this.clock.now() });
    return sent;
  }
}

/** Fails the first `failures` sends with `error`, then delivers; records every attempt's nonce. */
class FlakyOutbox extends RecordingOutbox {
  readonly attempts: { at: number; nonce: string | undefined }[] = [];
  constructor(
    /** Sends still to fail; a test may change it. */
    public failuresLeft: number,
    private readonly error: Error,
    private readonly clock: ManualClock,
  ) {
    super();
  }
  override async postToChannel(channelId: string, reply: Reply, options?: { nonce?: string }) {
    this.attempts.push({ at: this.clock.now(), nonce: options?.nonce });
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw this.error;
    }
    return super.postToChannel(channelId, reply, options);
  }
}

/** Yields to the event loop before delivering, so two processes' sends can interleave. */
class SlowOutbox extends RecordingOutbox {
  override async postToChannel(channelId: string, reply: Reply, options?: { nonce?: string }) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return super.postToChannel(channelId, reply, options);
  }
}

const postedTitles = (outbox: RecordingOutbox) => outbox.posts.map((p) => p.reply.embeds?.[0]?.title);

describe('TipService scheduling', () => {
  let database: ReturnType<typeof tempDatabase>;
  const processes: TipProcess[] = [];
  const open = (options: Parameters<typeof tipProcess>[0]) => {
    const p = tipProcess(options);
    processes.push(p);
    return p;
  };
  /** A crash: the scheduler and connection go away without any clean-up of the slot rows. */
  const crash = async (p: TipProcess) => {
    await p.close();
    processes.splice(processes.indexOf(p), 1);
  };

  /** Crashes `p` and starts a new process with `options`, after the bot was down until `downUntil`. */
  const restart = async (
    p: TipProcess,
    options: Parameters<typeof tipProcess>[0],
    downUntil?: number | string,
  ) => {
    await crash(p);
    if (downUntil !== undefined) options.clock.jumpTo(downUntil);
    const next = open(options);
    next.service.start();
    return next;
  };

  /** A running process, from `at`, with a daily 09:00 UTC schedule and a recording outbox. */
  const startDaily = async (at: string) => {
    const clock = new ManualClock(Date.parse(at));
    const outbox = new RecordingOutbox();
    const first = open({ path: database.path, clock, outbox });
    await schedule(first, '0 9 * * *');
    first.service.start();
    return { clock, outbox, first };
  };

  beforeEach(() => {
    database = tempDatabase();
  });

  afterEach(async () => {
    for (const p of processes.splice(0)) await p.close();
    database.cleanup();
  });

  const schedule = (p: TipProcess, cron: string, timezone = 'UTC', guildId = GUILD) =>
    p.service.setSchedule({ guildId, channelId: CHANNEL, cron, timezone, by: MODERATOR });

  it('posts at 09:00 in the schedule timezone (08:00 UTC in Berlin in winter), not before', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T06:00:00Z'));
    const outbox = new RecordingOutbox();
    const p = open({ path: database.path, clock, outbox });
    await schedule(p, '0 9 * * *', 'Europe/Berlin');
    p.service.start();

    await clock.advanceTo('2026-11-25T07:59:59Z');
    expect(outbox.posts).toHaveLength(0);

    await clock.advanceTo('2026-11-25T08:00:00Z');
    expect(outbox.posts).toHaveLength(1);
    expect(outbox.posts[0]).toMatchObject({
      channelId: CHANNEL,
      nonce: slotNonce(GUILD, Date.parse('2026-11-25T08:00:00Z')),
    });
    expect(outbox.posts[0]!.reply.mentionUserId).toBeUndefined();
    expect(await new SqliteTipStore(p.db!).slot(GUILD, Date.parse('2026-11-25T08:00:00Z'))).toMatchObject({
      state: 'posted',
      messageId: outbox.posts[0]!.messageId,
    });
  });

  it('does not post a slot that passed before the schedule was set, even within the grace window', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T09:10:00Z'));
    const outbox = new RecordingOutbox();
    const p = open({ path: database.path, clock, outbox, maxSleepMs: 3_600_000 });
    p.service.start();
    await schedule(p, '0 9 * * *');
    await clock.advanceTo('2026-11-26T08:59:00Z');
    expect(outbox.posts).toHaveLength(0);
    await clock.advanceTo('2026-11-26T09:00:00Z');
    expect(outbox.posts).toHaveLength(1);
  });

  it('retries a slot claimed by a process that crashed before sending, once its lease runs out, and posts it once', async () => {
    const slot = Date.parse('2026-11-25T09:00:00Z');
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const first = open({ path: database.path, clock });
    await schedule(first, '0 9 * * *');
    clock.jumpTo(slot);
    expect(
      await first.service.store.claimSlot({
        guildId: GUILD,
        slotAt: slot,
        channelId: CHANNEL,
        now: slot,
        leaseMs: 120_000,
        tipIds: ['tip-1'],
      }),
    ).not.toBeNull();
    const outbox = new RecordingOutbox();
    const second = await restart(first, { path: database.path, clock, outbox }, slot + 30_000);
    await clock.advanceTo(slot + 119_000);
    expect(outbox.posts).toHaveLength(0);

    await clock.advanceTo(slot + 10 * 60_000);
    expect(outbox.posts).toHaveLength(1);
    expect(outbox.posts[0]!.nonce).toBe(slotNonce(GUILD, slot));
    expect(postedTitles(outbox)).toEqual(['Privacy tip: Tip tip-1']);
    expect(await second.service.store.slot(GUILD, slot)).toMatchObject({ state: 'posted', attempts: 2 });
  });

  it('does not post again after a restart right after a send was recorded', async () => {
    const slot = Date.parse('2026-11-25T09:00:00Z');
    const { clock, outbox, first } = await startDaily('2026-11-25T08:59:00Z');
    await clock.advanceTo(slot);
    expect(outbox.posts).toHaveLength(1);
    await restart(first, { path: database.path, clock, outbox });
    await clock.advanceTo(slot + 29 * 60_000);
    expect(outbox.posts).toHaveLength(1);
  });

  it('resends with the same nonce when a send reached Discord but its message id was not recorded, so Discord keeps one message', async () => {
    const slot = Date.parse('2026-11-25T09:00:00Z');
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const discord = new NonceKeepingOutbox();
    const first = open({ path: database.path, clock, outbox: discord });
    await schedule(first, '0 9 * * *');
    clock.jumpTo(slot);
    const claim = await first.service.store.claimSlot({
      guildId: GUILD,
      slotAt: slot,
      channelId: CHANNEL,
      now: slot,
      leaseMs: 120_000,
      tipIds: ['tip-1'],
    });
    const knowledge = knowledgeWithTips(5);
    await discord.postToChannel(
      CHANNEL,
      tipReply(knowledge.tip(claim!.tipId!)!, knowledge, translator('en-US')),
      {
        nonce: slotNonce(GUILD, slot),
      },
    );
    const second = await restart(first, { path: database.path, clock, outbox: discord });
    await clock.advanceTo(slot + 10 * 60_000);
    expect(discord.posts).toHaveLength(1);
    expect(await second.service.store.slot(GUILD, slot)).toMatchObject({
      state: 'posted',
      messageId: discord.posts[0]!.messageId,
    });
  });

  it('does not repeat the tip just posted when the process is killed between posting and recording it', async () => {
    const slot = Date.parse('2026-11-25T09:00:00Z');
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const setup = open({ path: database.path, clock });
    await schedule(setup, '0 9 * * *');
    await crash(setup);

    // A real process posts the 09:00 tip and is killed (SIGKILL) the moment Discord has it.
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, 'crash-after-post-child.ts')],
      { env: { PATH: process.env.PATH ?? '', DATABASE_PATH: database.path, NOW: String(slot + 1_000) } },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const posted = await new Promise<{ title: string; nonce: string }>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error('the child posted nothing')), 30_000);
        child.stdout.on('data', (chunk) => {
          out += String(chunk);
          if (!out.includes('\n')) return;
          clearTimeout(timer);
          resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
        });
      });
      child.kill('SIGKILL');
      await exited;
      expect(posted.nonce).toBe(slotNonce(GUILD, slot));

      // The next morning: the 09:00 claim is long expired, and the next slot comes due.
      const outbox = new RecordingOutbox();
      clock.jumpTo('2026-11-26T08:00:00Z');
      const next = open({ path: database.path, clock, outbox });
      next.service.start();
      await clock.advanceTo('2026-11-26T09:00:00Z');
      expect(postedTitles(outbox)).toHaveLength(1);
      expect(postedTitles(outbox)[0]).not.toBe(posted.title);
      expect((await next.service.store.slot(GUILD, slot))?.state).toBe('failed');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('does not send a slot again once Discord has forgotten its nonce, when the process died mid-send', async () => {
    const slot = Date.parse('2026-11-25T09:00:00Z');
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const discord = new ForgetfulNonceOutbox(clock);
    const first = open({ path: database.path, clock, outbox: discord });
    await schedule(first, '0 9 * * *');
    clock.jumpTo(slot);
    // The crash point: claimed, Discord has the message, its id never recorded.
    const claim = await first.service.store.claimSlot({
      guildId: GUILD,
      slotAt: slot,
      channelId: CHANNEL,
      now: slot,
      leaseMs: 120_000,
      tipIds: knowledgeWithTips(5).tips.map((t) => t.id),
    });
    const knowledge = knowledgeWithTips(5);
    await discord.postToChannel(
      CHANNEL,
      tipReply(knowledge.tip(claim!.tipId!)!, knowledge, translator('en-US')),
      {
        nonce: slotNonce(GUILD, slot),
      },
    );
    // Back ten minutes later, inside the grace window but past Discord's memory of the nonce.
    const second = await restart(first, { path: database.path, clock, outbox: discord }, slot + 10 * 60_000);
    await clock.advanceTo(slot + 20 * 60_000);
    expect(discord.posts).toHaveLength(1);
    expect(await second.service.store.slot(GUILD, slot)).toMatchObject({
      state: 'failed',
      note: { code: 'stopped-mid-send', minutesAgo: 10 },
    });

    await clock.advanceTo('2026-11-26T09:00:00Z');
    expect(discord.posts).toHaveLength(2);
    expect(postedTitles(discord)[1]).not.toBe(postedTitles(discord)[0]);
  });

  // Two schedulers in this process on separate connections: their timers take turns, so this checks
  // the claim bookkeeping; the real cross-process race is in tip-store.test.ts.
  it('gives one post per slot when two schedulers on separate connections share the database file', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T08:30:00Z'));
    const outboxA = new SlowOutbox();
    const outboxB = new SlowOutbox();
    const a = open({ path: database.path, clock, outbox: outboxA });
    const b = open({ path: database.path, clock, outbox: outboxB });
    await schedule(a, '0 */2 * * *');
    a.service.start();
    b.service.start();

    await clock.advanceTo('2026-11-25T18:00:00Z');
    const slots = [...outboxA.posts, ...outboxB.posts].map((p) => p.nonce).sort();
    const expected = [10, 12, 14, 16, 18]
      .map((h) => slotNonce(GUILD, Date.parse(`2026-11-25T${h}:00:00Z`)))
      .sort();
    expect(slots).toEqual(expected);
  });

  it('gives one post per slot when two schedulers run on one PostgreSQL database', async () => {
    const url = await freshPostgresUrl();
    const clock = new ManualClock(Date.parse('2026-11-25T08:30:00Z'));
    const outboxA = new SlowOutbox();
    const outboxB = new SlowOutbox();
    const a = open({ path: '', storage: await openPostgresStorage(url, clock), clock, outbox: outboxA });
    const b = open({ path: '', storage: await openPostgresStorage(url, clock), clock, outbox: outboxB });
    await schedule(a, '0 */2 * * *');
    a.service.start();
    b.service.start();

    await clock.advanceTo('2026-11-25T18:00:00Z');
    const slots = [...outboxA.posts, ...outboxB.posts].map((p) => p.nonce).sort();
    const expected = [10, 12, 14, 16, 18]
      .map((h) => slotNonce(GUILD, Date.parse(`2026-11-25T${h}:00:00Z`)))
      .sort();
    expect(slots).toEqual(expected);
    // Both schedulers were awake for every slot: each post was a race one of them won.
    expect(new Set([...outboxA.posts, ...outboxB.posts].map((p) => p.reply.embeds?.[0]?.title)).size).toBe(5);
  });

  it('posts nothing old after downtime longer than the grace window, records the slot as skipped, and carries on', async () => {
    const { clock, outbox, first } = await startDaily('2026-11-24T08:00:00Z');
    await clock.advanceTo('2026-11-24T10:00:00Z');
    expect(outbox.posts).toHaveLength(1);
    const second = await restart(first, { path: database.path, clock, outbox }, '2026-11-26T09:31:00Z');
    await clock.advanceTo('2026-11-26T12:00:00Z');
    expect(outbox.posts).toHaveLength(1);
    expect((await second.service.store.slot(GUILD, Date.parse('2026-11-26T09:00:00Z')))?.state).toBe(
      'skipped',
    );
    expect((await second.service.status(GUILD)).lastProblem).toMatchObject({
      state: 'skipped',
      note: { code: 'missed-offline', lateMinutes: 31, graceMinutes: 30 },
    });

    await clock.advanceTo('2026-11-27T09:00:00Z');
    expect(outbox.posts.map((p) => p.nonce)).toEqual([
      slotNonce(GUILD, Date.parse('2026-11-24T09:00:00Z')),
      slotNonce(GUILD, Date.parse('2026-11-27T09:00:00Z')),
    ]);
  });

  it('posts a slot missed by less than the grace window once, at start-up', async () => {
    const { clock, outbox, first } = await startDaily('2026-11-25T08:00:00Z');
    await clock.advanceTo('2026-11-25T08:50:00Z');
    await restart(first, { path: database.path, clock, outbox }, '2026-11-25T09:20:00Z');
    await clock.advanceTo('2026-11-25T09:20:00Z');
    expect(outbox.posts).toHaveLength(1);
    expect(outbox.posts[0]!.nonce).toBe(slotNonce(GUILD, Date.parse('2026-11-25T09:00:00Z')));
    await clock.advanceTo('2026-11-25T12:00:00Z');
    expect(outbox.posts).toHaveLength(1);
  });

  it('posts only the latest of several slots missed within the grace window, never a burst', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T09:00:30Z'));
    const outbox = new RecordingOutbox();
    const first = open({ path: database.path, clock, outbox, minIntervalMinutes: 1 });
    await schedule(first, '* * * * *');
    await restart(
      first,
      { path: database.path, clock, outbox, minIntervalMinutes: 1 },
      '2026-11-25T09:10:30Z',
    );
    await clock.advanceTo('2026-11-25T09:10:30Z');
    expect(outbox.posts.map((p) => p.nonce)).toEqual([slotNonce(GUILD, Date.parse('2026-11-25T09:10:00Z'))]);
  });

  it('covers every tip before repeating one, across a restart', async () => {
    const clock = new ManualClock(Date.parse('2026-11-01T00:00:00Z'));
    const outbox = new RecordingOutbox();
    const knowledge = knowledgeWithTips(5);
    const first = open({ path: database.path, clock, outbox, knowledge, maxSleepMs: 6 * 3_600_000 });
    await schedule(first, '0 9 * * *');
    first.service.start();
    await clock.advanceTo('2026-11-03T12:00:00Z');
    await restart(first, {
      path: database.path,
      clock,
      outbox,
      knowledge,
      maxSleepMs: 6 * 3_600_000,
    });
    await clock.advanceTo('2026-11-10T12:00:00Z');

    const titles = postedTitles(outbox);
    expect(titles).toHaveLength(10);
    const all = knowledge.tips.map((t) => `Privacy tip: ${t.title}`).sort();
    expect([...titles.slice(0, 5)].sort()).toEqual(all);
    expect([...titles.slice(5, 10)].sort()).toEqual(all);
    expect(titles[5]).not.toBe(titles[4]);
  });

  it.each([
    {
      zone: 'Europe/Berlin',
      cron: '0 9 * * 0',
      from: '2026-10-10T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
      expected: [
        '2026-10-11T07:00:00.000Z',
        '2026-10-18T07:00:00.000Z',
        '2026-10-25T08:00:00.000Z',
        '2026-11-01T08:00:00.000Z',
      ],
    },
    {
      zone: 'America/New_York',
      cron: '0 9 * * 1',
      from: '2026-02-25T00:00:00Z',
      to: '2026-03-17T00:00:00Z',
      expected: ['2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z'],
    },
  ])('posts a weekly 09:00 tip exactly once a week across a daylight-saving change in $zone', async (c) => {
    const clock = new ManualClock(Date.parse(c.from));
    const outbox = new RecordingOutbox();
    const p = open({ path: database.path, clock, outbox, maxSleepMs: 3_600_000 });
    await schedule(p, c.cron, c.zone);
    p.service.start();
    await clock.advanceTo(c.to);
    const slots = await p.service.store.slotsOf(GUILD);
    expect(slots.map((s) => iso(s.slotAt))).toEqual(c.expected);
    expect(slots.every((s) => s.state === 'posted')).toBe(true);
    expect(outbox.posts).toHaveLength(c.expected.length);
  });

  it('posts a daily 02:30 Berlin tip once on the nights the clocks change (spring gap and autumn repeat)', async () => {
    const clock = new ManualClock(Date.parse('2026-03-28T00:00:00Z'));
    const outbox = new RecordingOutbox();
    const p = open({ path: database.path, clock, outbox, maxSleepMs: 3_600_000 });
    await schedule(p, '30 2 * * *', 'Europe/Berlin');
    p.service.start();
    await clock.advanceTo('2026-03-31T00:00:00Z');
    clock.jumpTo('2026-10-24T00:00:00Z');
    await p.service.setSchedule({
      guildId: GUILD,
      channelId: CHANNEL,
      cron: '30 2 * * *',
      timezone: 'Europe/Berlin',
      by: MODERATOR,
    });
    await clock.advanceTo('2026-10-27T00:00:00Z');
    expect((await p.service.store.slotsOf(GUILD)).map((s) => iso(s.slotAt))).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
    expect(outbox.posts).toHaveLength(6);
  });

  it('pauses the schedule when the bot may not post in the channel, says why in status, and stops trying', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const outbox = new FlakyOutbox(
      Number.POSITIVE_INFINITY,
      new OutboxError('missing-access', 'Missing Access (403)'),
      clock,
    );
    const p = open({ path: database.path, clock, outbox });
    await schedule(p, '0 9 * * *');
    p.service.start();
    await clock.advanceTo('2026-11-28T12:00:00Z');

    expect(outbox.attempts).toHaveLength(1);
    expect(outbox.posts).toHaveLength(0);
    const status = await p.service.status(GUILD);
    expect(status.schedule?.state).toBe('paused');
    expect(status.schedule?.pausedReason).toEqual({ code: 'missing-access', channelId: CHANNEL });
    expect(statusText(status, GUILD, (id) => id, translator('en-US'))).toContain(
      `Problem: paused. I may not post in <#${CHANNEL}>: give me View Channel, Send Messages and Embed Links there`,
    );
    expect(status.nextAt).toBeNull();
    expect((await p.service.store.slot(GUILD, Date.parse('2026-11-25T09:00:00Z')))?.state).toBe('failed');
  });

  it('retries a 5xx with backoff using the same nonce, then posts once', async () => {
    const slot = Date.parse('2026-11-25T09:00:00Z');
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const outbox = new FlakyOutbox(2, new OutboxError('server-error', '503 Service Unavailable'), clock);
    const p = open({ path: database.path, clock, outbox });
    await schedule(p, '0 9 * * *');
    p.service.start();
    await clock.advanceTo(slot + 29 * 60_000);

    expect(outbox.attempts.map((a) => a.at - slot)).toEqual([0, 5_000, 15_000]);
    expect(new Set(outbox.attempts.map((a) => a.nonce))).toEqual(new Set([slotNonce(GUILD, slot)]));
    expect(outbox.posts).toHaveLength(1);
    expect(await p.service.store.slot(GUILD, slot)).toMatchObject({ state: 'posted', attempts: 3 });
  });

  it('waits as long as a 429 asks before retrying', async () => {
    const slot = Date.parse('2026-11-25T09:00:00Z');
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const outbox = new FlakyOutbox(1, new OutboxError('rate-limited', 'rate limited', 45_000), clock);
    const p = open({ path: database.path, clock, outbox });
    await schedule(p, '0 9 * * *');
    p.service.start();
    await clock.advanceTo(slot + 5 * 60_000);
    expect(outbox.attempts.map((a) => a.at - slot)).toEqual([0, 45_000]);
    expect(outbox.posts).toHaveLength(1);
  });

  it('survives an unexpected error from the outbox: the slot is recorded as failed and the next one posts', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const outbox = new FlakyOutbox(1, new TypeError('boom'), clock);
    const p = open({ path: database.path, clock, outbox });
    await schedule(p, '0 9 * * *');
    p.service.start();
    await clock.advanceTo('2026-11-26T09:00:00Z');
    expect(await p.service.store.slot(GUILD, Date.parse('2026-11-25T09:00:00Z'))).toMatchObject({
      state: 'failed',
      note: { code: 'unexpected-error' },
    });
    expect((await p.service.status(GUILD)).schedule?.state).toBe('active');
    expect(outbox.posts.map((x) => x.nonce)).toEqual([slotNonce(GUILD, Date.parse('2026-11-26T09:00:00Z'))]);
  });

  it('records a slot as failed when 5xx errors last past the grace window, and still posts the next slot', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const outbox = new FlakyOutbox(1_000, new OutboxError('server-error', '502 Bad Gateway'), clock);
    const p = open({ path: database.path, clock, outbox, graceMinutes: 10 });
    await schedule(p, '0 9 * * *');
    p.service.start();
    await clock.advanceTo('2026-11-25T10:00:00Z');
    expect((await p.service.store.slot(GUILD, Date.parse('2026-11-25T09:00:00Z')))?.state).toBe('failed');
    const attemptsOnFirstSlot = outbox.attempts.length;
    expect(attemptsOnFirstSlot).toBeGreaterThan(2);
    expect(outbox.attempts.every((a) => a.at <= Date.parse('2026-11-25T09:10:00Z'))).toBe(true);

    outbox.failuresLeft = 0;
    await clock.advanceTo('2026-11-26T09:00:00Z');
    expect(outbox.posts).toHaveLength(1);
    expect((await p.service.status(GUILD)).schedule?.state).toBe('active');
  });

  it('keeps guilds apart: one guild paused does not stop another posting', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const outbox = new RecordingOutbox();
    const blocked = '200000000000000009';
    outbox.failingChannels.set(blocked, new OutboxError('missing-channel', 'Unknown Channel'));
    const p = open({ path: database.path, clock, outbox });
    await schedule(p, '0 9 * * *');
    // Stored directly: the channel was postable when the schedule was set and was deleted later.
    await p.service.store.saveSchedule({
      guildId: OTHER_GUILD,
      channelId: blocked,
      cron: '0 9 * * *',
      timezone: 'UTC',
      by: MODERATOR,
      now: clock.now(),
    });
    p.service.start();
    await clock.advanceTo('2026-11-25T09:00:00Z');
    expect(outbox.posts.map((x) => x.channelId)).toEqual([CHANNEL]);
    expect((await p.service.status(OTHER_GUILD)).schedule).toMatchObject({ state: 'paused' });
    expect((await p.service.status(OTHER_GUILD)).schedule?.pausedReason).toMatchObject({
      code: 'missing-channel',
    });
  });

  it('stops cleanly: no timer is left behind', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T08:00:00Z'));
    const p = open({ path: database.path, clock });
    await schedule(p, '0 9 * * *');
    p.service.start();
    await clock.advance(1);
    expect(clock.pendingTimers).toBe(1);
    await p.service.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
