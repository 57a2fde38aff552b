/**
 * The real knowledge commands (/connected, /ask, /topics) served by the real bot through the
 * local Discord: what a user sees arrives as interaction callbacks.
 */
import { GatewayIntentBits, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_TOPIC_IDS } from '../../src/knowledge/schema.js';
import { DISCORD_LIMITS } from '../../src/replies/limits.js';
import { startTestBot, type TestBot } from '../support/fake-discord/test-bot.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ env: { ASK_COOLDOWN_SECONDS: '0' } });
});

afterAll(async () => {
  await t?.close();
});

afterEach(() => {
  // Every answer stayed inside Discord's limits and its 3-second window.
  expect(t.fake.rejected).toEqual([]);
});

const isEphemeral = (data: { flags?: number }) => ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const allButtons = (data: { components?: { components: { custom_id?: string }[] }[] }) =>
  (data.components ?? []).flatMap((row) => row.components);

describe('the bot on the local Discord stand-in', () => {
  it('identifies with exactly the Guilds intent, JSON encoding and no compression', () => {
    const identify = t.fake.identifies[0];
    expect(identify?.intents).toBe(GatewayIntentBits.Guilds);
    expect(identify?.query).toMatchObject({ v: '10', encoding: 'json' });
    expect(identify?.query.compress).toBeUndefined();
    expect(identify?.compress).toBeFalsy();
  });

  it('registers no commands when it starts', () => {
    expect(t.fake.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('answers /connected publicly with the overview, related-topic buttons, and mentions nobody', async () => {
    const { callback } = await t.fake.sendSlashCommand({ name: 'connected' });
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(callback.data)).toBe(false);
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
    expect(callback.data.embeds[0].title).toBe('Are Facebook and Instagram connected?');
    expect(allButtons(callback.data).map((b) => b.custom_id)).toContain('ask:topic:advertising');
  });

  it('answers /connected aspect:advertising with the advertising topic', async () => {
    const { callback } = await t.fake.sendSlashCommand({
      name: 'connected',
      options: { aspect: 'advertising' },
    });
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const topic = t.bot.app.services.knowledge.topic('advertising');
    expect(callback.data.embeds[0].title).toBe(topic?.title);
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers /ask with the matching topic, publicly, with no mentions', async () => {
    const { callback } = await t.fake.sendSlashCommand({
      name: 'ask',
      options: { question: 'who owns instagram?' },
    });
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(callback.data)).toBe(false);
    expect(callback.data.embeds[0].title).toBe(t.bot.app.services.knowledge.topic('ownership')?.title);
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('refuses an off-topic /ask ephemerally', async () => {
    const { callback } = await t.fake.sendSlashCommand({
      name: 'ask',
      options: { question: 'how do I change a car tyre' },
    });
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(callback.data)).toBe(true);
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('lists every required topic in /topics', async () => {
    const { callback } = await t.fake.sendSlashCommand({ name: 'topics' });
    const text = JSON.stringify(callback.data);
    for (const id of REQUIRED_TOPIC_IDS) {
      expect(text).toContain(t.bot.app.services.knowledge.topic(id)?.title.replaceAll('"', '\\"'));
    }
  });

  it('autocompletes /connected aspect with at most 25 choices that are all topic ids', async () => {
    for (const typed of ['', 'ad', 'privasy', 'x'.repeat(100)]) {
      const { callback } = await t.fake.sendAutocomplete({
        name: 'connected',
        focused: { name: 'aspect', value: typed },
      });
      expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      const choices: { name: string; value: string }[] = callback.data.choices;
      expect(choices.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoices);
      for (const choice of choices) {
        expect(t.bot.app.services.knowledge.topic(choice.value)).toBeDefined();
        expect(choice.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
      }
    }
    const { callback } = await t.fake.sendAutocomplete({
      name: 'connected',
      focused: { name: 'aspect', value: 'advert' },
    });
    expect(callback.data.choices[0]?.value).toBe('advertising');
  });

  it('answers the topic of a related-topic button a user clicks under an answer', async () => {
    await t.fake.sendSlashCommand({ name: 'connected' });
    const { callback } = await t.fake.clickButton('ask:topic:privacy');
    expect([
      InteractionResponseType.ChannelMessageWithSource,
      InteractionResponseType.UpdateMessage,
    ]).toContain(callback.type);
    expect(callback.data.embeds[0].title).toBe(t.bot.app.services.knowledge.topic('privacy')?.title);
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('logs each interaction handled with its command, guild and latency', async () => {
    const { id } = await t.fake.sendSlashCommand({ name: 'topics' });
    const handled = await t.waitForLog((l) => l.msg === 'interaction handled' && l.interactionId === id);
    expect(handled).toMatchObject({ command: '/topics', guildId: t.fake.guild.id });
    expect(typeof handled.latencyMs).toBe('number');
  });
});
