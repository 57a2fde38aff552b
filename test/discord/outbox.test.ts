/**
 * The Discord Outbox (scheduled tips, FAQ notices, DMs) against the local Discord: idempotent
 * channel posts, failures a moderator can act on, DMs, and the permission check.
 */
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordOutbox } from '../../src/discord/discord-outbox.js';
import { translator } from '../../src/i18n/messages.js';
import { silentLogger } from '../../src/logger.js';
import { OutboxError } from '../../src/replies/outbox.js';
import { describePostProblem } from '../../src/replies/post-problem.js';
import { startTestBot, type TestBot } from '../support/fake-discord/test-bot.js';

let t: TestBot;
let open: string;
let readOnly: string;
let hidden: string;

beforeAll(async () => {
  t = await startTestBot({
    fake: {
      guilds: [
        {
          channels: [
            { name: 'general' },
            { name: 'announcements', botCanPost: false },
            { name: 'staff', botCanView: false },
          ],
        },
      ],
    },
  });
  [open, readOnly, hidden] = t.fake.guild.channels.map((c) => c.id) as [string, string, string];
});

afterAll(async () => {
  await t?.close();
});

const outbox = () => t.bot.app.services.outbox;

describe('posting to a channel', () => {
  it('sends the reply with mentions locked down and returns the message id', async () => {
    const { messageId } = await outbox().postToChannel(open, { content: '@everyone tip of the day' });
    const posted = t.fake.messages.get(messageId);
    expect(posted?.content).toBe('@everyone tip of the day');
    const request = await t.fake.waitForRequest((r) => r.path === `/channels/${open}/messages`);
    expect(request.body.allowed_mentions).toEqual({ parse: [] });
    expect(request.body.flags).toBeUndefined();
  });

  it('sends the nonce with enforce_nonce, so a retried post returns the first message instead of a second', async () => {
    const first = await outbox().postToChannel(
      open,
      { content: 'once' },
      { nonce: 'tip-2026-11-25-general' },
    );
    const again = await outbox().postToChannel(
      open,
      { content: 'once' },
      { nonce: 'tip-2026-11-25-general' },
    );
    expect(again.messageId).toBe(first.messageId);
    const sent = t.fake.requests.filter((r) => r.body?.nonce === 'tip-2026-11-25-general');
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => r.body.enforce_nonce === true)).toBe(true);
    expect([...t.fake.messages.values()].filter((m) => m.content === 'once')).toHaveLength(1);
  });

  it('retries a 500 and succeeds', async () => {
    t.fake.failNext({ method: 'POST', path: `/channels/${open}/messages`, status: 500 });
    const { messageId } = await outbox().postToChannel(open, { content: 'after a hiccup' });
    expect(t.fake.messages.get(messageId)?.content).toBe('after a hiccup');
  });

  it('fails with missing-access when the bot may not post there', async () => {
    const error = await outbox()
      .postToChannel(readOnly, { content: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxError);
    expect((error as OutboxError).failure).toBe('missing-access');
    expect((error as OutboxError).retryable).toBe(false);
  });

  it('fails with missing-channel when the channel is gone', async () => {
    t.fake.setChannelFailure(open, 404);
    try {
      const error = await outbox()
        .postToChannel(open, { content: 'x' })
        .catch((e: unknown) => e);
      expect((error as OutboxError).failure).toBe('missing-channel');
    } finally {
      t.fake.setChannelFailure(open, null);
    }
  });
});

describe('direct messages', () => {
  it('delivers a DM and reports true', async () => {
    expect(
      await outbox().sendDirectMessage('340000000000000001', { content: 'Your FAQ entry was approved.' }),
    ).toBe(true);
    expect([...t.fake.messages.values()].some((m) => m.content === 'Your FAQ entry was approved.')).toBe(
      true,
    );
  });

  it('reports false, without throwing, when the user has DMs closed', async () => {
    t.fake.closedDms.add('340000000000000002');
    expect(await outbox().sendDirectMessage('340000000000000002', { content: 'hello' })).toBe(false);
  });
});

describe('checking a channel before posting', () => {
  it('accepts a channel where the bot can view, post and embed', async () => {
    expect(await outbox().checkCanPost(t.fake.guild.id, open)).toBeNull();
  });

  it('names the missing Send Messages permission', async () => {
    const problem = await outbox().checkCanPost(t.fake.guild.id, readOnly);
    expect(problem).toMatchObject({ code: 'missing-permissions', missing: ['sendMessages'] });
    expect(problem && describePostProblem(problem, translator('en-US'))).toContain('**Send Messages**');
  });

  it('names the missing View Channel permission', async () => {
    const problem = await outbox().checkCanPost(t.fake.guild.id, hidden);
    expect(problem).toMatchObject({
      code: 'missing-permissions',
      missing: expect.arrayContaining(['viewChannel']),
    });
    expect(problem && describePostProblem(problem, translator('en-US'))).toContain('View Channel');
  });

  it('explains an unknown channel and a server the bot is not in', async () => {
    const unknown = await outbox().checkCanPost(t.fake.guild.id, '350000000000000001');
    expect(unknown).toEqual({ code: 'channel-not-found', channelId: '350000000000000001' });
    expect(unknown && describePostProblem(unknown, translator('en-US'))).toContain('cannot find');
    const elsewhere = await outbox().checkCanPost('360000000000000001', open);
    expect(elsewhere).toEqual({ code: 'not-in-guild' });
    expect(elsewhere && describePostProblem(elsewhere, translator('en-US'))).toContain('not in that server');
  });
});

describe('the shutdown signal', () => {
  it('carries no leftover listeners after many posts and DMs, so a long-running bot does not leak', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const shutdown = new AbortController();
      const own = new DiscordOutbox(t.bot.client, silentLogger, shutdown.signal);
      for (let i = 0; i < 15; i++) await own.postToChannel(open, { content: `tip ${i}` });
      for (let i = 0; i < 3; i++)
        expect(await own.sendDirectMessage(`31000000000000010${i}`, { content: 'hi' })).toBe(true);
      await expect(own.postToChannel(hidden, { content: 'refused' })).rejects.toThrow(OutboxError);
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
