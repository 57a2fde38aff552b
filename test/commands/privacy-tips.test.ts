import { fileURLToPath } from 'node:url';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { translator } from '../../src/i18n/messages.js';
import { OutboxError } from '../../src/replies/outbox.js';
import { describePostProblem } from '../../src/replies/post-problem.js';
import type { HandlerResponse, Reply } from '../../src/replies/reply.js';
import { slotNonce } from '../../src/tips/slot-runner.js';
import {
  createTestApp,
  MEMBER_ACCESS,
  MODERATOR_ACCESS,
  MODERATOR_ID,
  TEST_CHANNEL_ID,
  TEST_GUILD_ID,
  type TestApp,
} from '../support/test-app.js';
import { ManualClock } from '../tips/manual-clock.js';

const SMALL_KNOWLEDGE = fileURLToPath(new URL('../fixtures/knowledge-small', import.meta.url));
const NOW = Date.parse('2026-11-25T12:00:00Z');
const AS_MODERATOR = { ctx: { access: MODERATOR_ACCESS, user: { id: MODERATOR_ID, displayName: 'mod' } } };

const apps: TestApp[] = [];
async function start(env: Record<string, string> = {}) {
  const clock = new ManualClock(NOW);
  const app = await createTestApp({ env: { KNOWLEDGE_DIR: SMALL_KNOWLEDGE, ...env }, clock });
  apps.push(app);
  return { app, clock };
}
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

function replyOf(response: HandlerResponse): Reply {
  if (response.kind === 'modal') throw new Error('expected a message, got a modal');
  return response.reply;
}

const tips = (app: TestApp, subcommand: string, options: Record<string, string> = {}, extra = AS_MODERATOR) =>
  app.run('privacy-tips', options, { subcommand, ...extra }).then(replyOf);

describe('/privacy-tips', () => {
  it('is for Manage Server by default and only in servers', async () => {
    const definition = commands.find((c) => c.definition.name === 'privacy-tips')!.definition;
    expect(definition.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(definition.contexts).toEqual([0]);
  });

  it('sets a schedule and confirms privately with the next three posts as Discord timestamps', async () => {
    const { app } = await start();
    const reply = await tips(app, 'schedule', {
      channel: TEST_CHANNEL_ID,
      cron: '0 9 * * 1',
      timezone: 'Europe/Berlin',
    });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(`<#${TEST_CHANNEL_ID}>`);
    const mondays = ['2026-11-30T08:00:00Z', '2026-12-07T08:00:00Z', '2026-12-14T08:00:00Z'];
    for (const at of mondays) {
      const unix = Date.parse(at) / 1000;
      expect(reply.content).toContain(`<t:${unix}:F> (<t:${unix}:R>)`);
    }
    expect(await app.services.tips.store.schedule(TEST_GUILD_ID)).toMatchObject({
      cron: '0 9 * * 1',
      timezone: 'Europe/Berlin',
      state: 'active',
      updatedBy: MODERATOR_ID,
    });
  });

  it('says what a timezone was saved as when it is stored under another name, and not otherwise', async () => {
    const { app } = await start();
    const cet = await tips(app, 'schedule', { channel: TEST_CHANNEL_ID, cron: '0 9 * * 1', timezone: 'CET' });
    expect((await app.services.tips.store.schedule(TEST_GUILD_ID))?.timezone).toBe('Europe/Brussels');
    expect(cet.content).toContain('Timezone `CET` was saved as `Europe/Brussels`.');
    const berlin = await tips(app, 'schedule', {
      channel: TEST_CHANNEL_ID,
      cron: '0 9 * * 1',
      timezone: 'europe/berlin',
    });
    expect(berlin.content).not.toContain('saved as');
  });

  it("tells a transport that shows one timezone (the console) which zone the times are in: the schedule's", async () => {
    const { app } = await start();
    const set = await tips(app, 'schedule', {
      channel: TEST_CHANNEL_ID,
      cron: '0 9 * * 1',
      timezone: 'Europe/Berlin',
    });
    expect(set.timeZone).toBe('Europe/Berlin');
    expect((await tips(app, 'status')).timeZone).toBe('Europe/Berlin');
  });

  it('uses UTC when no timezone is given', async () => {
    const { app } = await start();
    await tips(app, 'schedule', { channel: TEST_CHANNEL_ID, cron: '0 9 * * *' });
    expect((await app.services.tips.store.schedule(TEST_GUILD_ID))?.timezone).toBe('UTC');
  });

  it.each([
    ['a bad cron expression', { cron: '0 9 * *' }, /exactly 5 fields/],
    ['an unknown timezone', { timezone: 'Moon/Base' }, /not a timezone I know/],
    ['a schedule more frequent than the minimum interval', { cron: '*/10 * * * *' }, /10 minutes apart/],
  ])('refuses %s privately and stores nothing', async (_name, change, message) => {
    const { app } = await start();
    const reply = await tips(app, 'schedule', { channel: TEST_CHANNEL_ID, cron: '0 9 * * 1', ...change });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(message);
    expect(reply.content).toMatch(/^Schedule not changed/);
    expect(await app.services.tips.store.schedule(TEST_GUILD_ID)).toBeNull();
  });

  it('refuses a channel the bot cannot post in, says which and that nothing changed, and keeps the previous schedule', async () => {
    const { app, clock } = await start();
    await tips(app, 'schedule', { channel: TEST_CHANNEL_ID, cron: '0 9 * * 1' });
    const before = await app.services.tips.store.schedule(TEST_GUILD_ID);
    await clock.advance(60_000);
    const closed = '200000000000000066';
    app.outbox.failingChannels.set(closed, new OutboxError('missing-access', 'Missing Access'));
    const problem = describePostProblem(
      { code: 'missing-permissions', channelName: closed, missing: ['sendMessages'] },
      translator('en-US'),
    );
    const reply = await tips(app, 'schedule', { channel: closed, cron: '0 10 * * 1' });
    expect(reply.ephemeral).toBe(true);
    // The bot's own words around the outbox's reason: that nothing changed, and which channel.
    expect(reply.content).toBe(`Schedule not changed: I cannot post in <#${closed}>. ${problem}`);
    expect(await app.services.tips.store.schedule(TEST_GUILD_ID)).toEqual(before);
    expect(app.outbox.posts).toEqual([]);
  });

  it('refuses members without Manage Server, even if the command was made visible to them', async () => {
    const { app } = await start();
    for (const subcommand of ['schedule', 'status', 'stop']) {
      const reply = await tips(
        app,
        subcommand,
        { channel: TEST_CHANNEL_ID, cron: '0 9 * * 1' },
        { ctx: { access: MEMBER_ACCESS, user: { id: MODERATOR_ID, displayName: 'x' } } },
      );
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toContain('Manage Server');
    }
    expect(await app.services.tips.store.schedule(TEST_GUILD_ID)).toBeNull();
  });

  it('reports the schedule, the next post, the last post with a link, and a pause with its reason', async () => {
    const { app, clock } = await start();
    expect((await tips(app, 'status')).content).toContain('No privacy-tip schedule is set');

    await tips(app, 'schedule', { channel: TEST_CHANNEL_ID, cron: '0 13 * * *' });
    app.services.tips.start();
    await clock.advanceTo('2026-11-25T13:00:00Z');
    await app.services.tips.idle();
    const post = app.outbox.posts[0]!;
    expect(post.nonce).toBe(slotNonce(TEST_GUILD_ID, Date.parse('2026-11-25T13:00:00Z')));

    const status = (await tips(app, 'status')).content!;
    expect(status).toContain('**Privacy tips: active**');
    expect(status).toContain(`Next post: <t:${Date.parse('2026-11-26T13:00:00Z') / 1000}:F>`);
    expect(status).toContain(
      `https://discord.com/channels/${TEST_GUILD_ID}/${TEST_CHANNEL_ID}/${post.messageId}`,
    );

    app.outbox.failingChannels.set(TEST_CHANNEL_ID, new OutboxError('missing-access', 'Missing Access'));
    await clock.advanceTo('2026-11-26T13:00:00Z');
    const paused = (await tips(app, 'status')).content!;
    expect(paused).toContain('**Privacy tips: paused**');
    expect(paused).toContain(`Problem: paused. I may not post in <#${TEST_CHANNEL_ID}>`);
    expect(paused).not.toContain('Next post');
  });

  it('stops a schedule, and says so when there is none to stop', async () => {
    const { app } = await start();
    expect((await tips(app, 'stop')).content).toContain('no running tip schedule');
    await tips(app, 'schedule', { channel: TEST_CHANNEL_ID, cron: '0 9 * * 1' });
    expect((await tips(app, 'stop')).content).toContain('stopped');
    expect((await app.services.tips.store.schedule(TEST_GUILD_ID))?.state).toBe('stopped');
    expect((await tips(app, 'status')).content).toContain('**Privacy tips: stopped**');
  });

  it('autocompletes timezones from what was typed', async () => {
    const { app } = await start();
    const choices = await app.dispatcher.autocomplete(app.context(), 'privacy-tips', {
      subcommand: 'schedule',
      subcommandGroup: null,
      options: { timezone: 'new y' },
      focused: { name: 'timezone', value: 'new y' },
    });
    expect(choices[0]).toEqual({ name: 'America/New York', value: 'America/New_York' });
  });
});
