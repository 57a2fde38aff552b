/**
 * Scheduled privacy tips end to end: the real bot (discord.js) against the local Discord stand-in.
 * The app runs on a ManualClock so every-minute slots arrive when the test moves time, not after
 * real minutes; the posts themselves are real REST calls answered by the stand-in.
 */
import { ApplicationCommandOptionType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InteractionExchange, type OptionInput, PERMISSIONS } from '../support/fake-discord/index.js';
import { startTestBot, type TestBot } from '../support/fake-discord/test-bot.js';
import { ManualClock } from '../tips/manual-clock.js';

const MODERATOR = { user: { id: '310000000000000021', username: 'mod' }, permissions: PERMISSIONS.moderator };
const START = Date.parse('2026-11-25T12:00:30Z');

let t: TestBot;
let clock: ManualClock;
let tipsChannel: string;
let lockedChannel: string;

beforeAll(async () => {
  clock = new ManualClock(START);
  t = await startTestBot({
    fake: {
      guilds: [
        { channels: [{ name: 'general' }, { name: 'tips' }, { name: 'announcements', botCanPost: false }] },
      ],
    },
    env: { TIP_MIN_INTERVAL_MINUTES: '1' },
    clock,
  });
  tipsChannel = t.fake.guild.channels[1]!.id;
  lockedChannel = t.fake.guild.channels[2]!.id;
});

afterAll(async () => {
  await t?.close();
});

async function seen(exchange: InteractionExchange) {
  return (await exchange.final()).data;
}

const isEphemeral = (data: { flags?: number }) => ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

function tipsCommand(subcommand: string, options: Record<string, OptionInput> = {}) {
  return t.fake.sendSlashCommand({ name: 'privacy-tips', subcommand, options, ...MODERATOR }).then(seen);
}

const postsTo = (channelId: string) =>
  t.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

describe('scheduled privacy tips on Discord', () => {
  it('refuses a channel the bot may not post in, privately, and stores nothing', async () => {
    const reply = await tipsCommand('schedule', {
      channel: { type: ApplicationCommandOptionType.Channel, value: lockedChannel },
      cron: '* * * * *',
    });
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toContain(`I cannot post in <#${lockedChannel}>`);
    expect(reply.content).toContain('Send Messages');
    expect(await t.bot.app.services.tips.store.schedule(t.fake.guild.id)).toBeNull();
  });

  it('posts one tip per slot of an every-minute schedule, mentioning nobody', async () => {
    const confirmation = await tipsCommand('schedule', {
      channel: { type: ApplicationCommandOptionType.Channel, value: tipsChannel },
      cron: '* * * * *',
      timezone: 'Europe/Berlin',
    });
    expect(isEphemeral(confirmation)).toBe(true);
    expect(confirmation.content).toContain(`<t:${Date.parse('2026-11-25T12:01:00Z') / 1000}:F>`);

    for (const minute of ['12:01', '12:02', '12:03']) {
      await clock.advanceTo(`2026-11-25T${minute}:00Z`);
    }
    await clock.advanceTo('2026-11-25T12:03:59Z');
    await t.bot.app.services.tips.idle();

    const posts = postsTo(tipsChannel);
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.body.nonce)).size).toBe(3);
    for (const post of posts) {
      expect(post.status).toBe(200);
      expect(post.body.allowed_mentions).toEqual({ parse: [] });
      expect(post.body.enforce_nonce).toBe(true);
      expect(post.body.embeds[0].title).toMatch(/^Privacy tip: /);
    }
    const created = [...t.fake.messages.values()].filter((m) => m.channel_id === tipsChannel);
    expect(created).toHaveLength(3);
    expect(new Set(created.map((m) => m.embeds[0]?.title)).size).toBe(3);
  });

  it('pauses the schedule when the channel answers 403, and status says why', async () => {
    t.fake.setChannelFailure(tipsChannel, 403);
    const before = postsTo(tipsChannel).length;
    await clock.advanceTo('2026-11-25T12:04:00Z');
    await clock.advanceTo('2026-11-25T12:07:00Z');
    await t.bot.app.services.tips.idle();
    expect(postsTo(tipsChannel).length - before).toBe(1);

    const status = await tipsCommand('status');
    expect(isEphemeral(status)).toBe(true);
    expect(status.content).toContain('**Privacy tips: paused**');
    expect(status.content).toContain(`I may not post in <#${tipsChannel}>`);
    expect(status.content).toMatch(/Last post: <t:\d+:F>: .+ \(https:\/\/discord\.com\/channels\//);
  });
});
