/**
 * Graceful shutdown of the running bot: it stops taking interactions, lets the ones in flight
 * finish, then closes. (The process-level SIGTERM path is in process.test.ts.)
 */
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartingNotice } from '../../src/discord/interaction-router.js';
import { createLogger } from '../../src/logger.js';
import type { SlotRunner } from '../../src/tips/slot-runner.js';
import { TipScheduler } from '../../src/tips/tip-scheduler.js';
import { startTestBot, type TestBot } from '../support/fake-discord/test-bot.js';
import { dbGate, slowGate, withTestCommands } from './test-commands.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ commands: withTestCommands, deferAfterMs: 100 });
});

afterAll(async () => {
  slowGate.open();
  dbGate.open();
  await t?.close();
});

describe('stopping the bot', () => {
  it('tells new interactions it is restarting, and finishes the one in flight before closing', async () => {
    slowGate.reset();
    const inFlight = await t.fake.sendSlashCommand({ name: 'e2e-slow' });
    expect(inFlight.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);

    const stopped = t.bot.stop({ drainMs: 10_000 });
    const late = t.fake.dispatchSlashCommand({ name: 'topics' });
    const refused = await t.fake.waitForCallback(late.id);
    expect(refused).toEqual({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: expect.objectContaining({
        content: restartingNotice('en-US').content,
        flags: MessageFlags.Ephemeral,
      }),
    });
    const typing = await t.fake.sendAutocomplete({
      name: 'connected',
      focused: { name: 'aspect', value: 'ad' },
    });
    expect(typing.callback).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [] },
    });
    expect(
      t.logs.some((l) => l.msg === 'interaction refused: shutting down' && l.interactionId === late.id),
    ).toBe(true);

    slowGate.open();
    expect((await inFlight.final()).data.content).toBe('slow but public');
    await stopped;
    // The topics handler never ran: the only request for the late interaction is the notice.
    expect(t.fake.requests.filter((r) => r.path.startsWith(`/interactions/${late.id}/`))).toHaveLength(1);
    expect(t.bot.client.isReady()).toBe(false);
  });
});

describe('stopping the bot while work is stuck or abandoned', () => {
  let u: TestBot;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    u = await startTestBot({ commands: withTestCommands, deferAfterMs: 100 });
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    dbGate.open();
    await u?.close();
  });

  it('aborts a channel post waiting out a long 429, so stopping does not wait for it', async () => {
    const channelId = u.fake.guild.channels[0]?.id ?? '';
    const path = `/channels/${channelId}/messages`;
    u.fake.failNext({ method: 'POST', path, status: 429, retryAfterSeconds: 60 });
    const post = u.bot.app.services.outbox.postToChannel(channelId, { content: 'a tip' });
    post.catch(() => {});
    await u.fake.waitForRequest((r) => r.path === path && r.status === 429);
    // Bounded by the test's timeout, far below the 60 s the post would otherwise wait.
    await u.bot.stop({ drainMs: 0 });
    await expect(post).rejects.toThrow();
    expect(u.fake.requests.filter((r) => r.path === path)).toHaveLength(1);
  });

  it('lets a handler abandoned at shutdown fail on the closed database without an unhandled rejection', async () => {
    dbGate.reset();
    const bot = await startTestBot({ commands: withTestCommands, deferAfterMs: 100 });
    try {
      const abandoned = await bot.fake.sendSlashCommand({ name: 'e2e-db' });
      expect(abandoned.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
      await bot.bot.stop({ drainMs: 50 });
      expect(bot.logs.some((l) => l.msg === 'abandoning interactions still in flight')).toBe(true);
      dbGate.open();
      const failed = await bot.waitForLog(
        (l) => l.interactionId === abandoned.id && (l.level as number) >= 50,
      );
      expect(JSON.stringify(failed.err)).toMatch(/database connection is not open/i);
      // The error reply it then tried to send was delivered or logged; either way nothing escaped.
      await bot.waitForLog(
        (l) =>
          l.interactionId === abandoned.id &&
          (l.msg === 'interaction handled' || l.msg === 'failed to answer an interaction'),
      );
      expect(unhandled).toEqual([]);
    } finally {
      await bot.close();
    }
  });
});

describe('the privacy tip scheduler at shutdown', () => {
  it('stops waiting for a post in progress after its bound', async () => {
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const runner = {
      run: () => {
        started();
        return new Promise<void>(() => {});
      },
    } as unknown as SlotRunner;
    const store = {
      activeSchedules: () => [{ guildId: '1' }],
      earliestOpenLease: () => null,
    } as unknown as ConstructorParameters<typeof TipScheduler>[0]['store'];
    const scheduler = new TipScheduler({
      store,
      runner,
      clock: { now: () => Date.now() },
      logger: createLogger('silent'),
      maxSleepMs: 60_000,
    });
    scheduler.start();
    await running;
    // Without the bound this never resolves and the test times out.
    await scheduler.stop({ waitMs: 50 });
  });
});
