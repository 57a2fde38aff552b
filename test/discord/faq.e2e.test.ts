/**
 * The community FAQ end to end: the real bot (discord.js) against the local Discord stand-in,
 * from a member's suggestion through review to /ask answering with the approved entry.
 */
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InteractionExchange, PERMISSIONS } from '../support/fake-discord/index.js';
import { startTestBot, type TestBot } from '../support/fake-discord/test-bot.js';

const MEMBER = { user: { id: '310000000000000011', username: 'member' }, permissions: PERMISSIONS.member };
const OTHER_MEMBER = {
  user: { id: '310000000000000012', username: 'other' },
  permissions: PERMISSIONS.member,
};
const MODERATOR = { user: { id: '310000000000000021', username: 'mod' }, permissions: PERMISSIONS.moderator };

const SUGGESTION = {
  question: 'How do I download a copy of my Threads posts?',
  answer:
    'Open Threads, go to Settings > Account > Download your information, and Meta emails you a link to the archive when it is ready.',
  source: 'https://help.instagram.com/',
};
const PARAPHRASE = 'how can i get an archive of my threads posts';

let t: TestBot;
let reviewChannelId: string;

beforeAll(async () => {
  t = await startTestBot({
    fake: { guilds: [{ channels: [{ name: 'general' }, { name: 'faq-review' }] }] },
    env: { FAQ_SUGGEST_COOLDOWN_SECONDS: '0', ASK_COOLDOWN_SECONDS: '0' },
  });
  reviewChannelId = t.fake.guild.channels[1]!.id;
  const configured = await t.fake.sendSlashCommand({
    name: 'faq',
    subcommandGroup: 'config',
    subcommand: 'review-channel',
    options: { channel: { type: ApplicationCommandOptionType.Channel, value: reviewChannelId } },
    ...MODERATOR,
  });
  expect((await seen(configured)).content).toContain(`<#${reviewChannelId}>`);
});

afterAll(async () => {
  await t?.close();
});

/** What the user ends up seeing, whether the bot answered at once or after a deferral. */
async function seen(exchange: InteractionExchange) {
  return (await exchange.final()).data;
}

const isEphemeral = (data: { flags?: number }) => ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const faqStore = () => t.bot.app.services.faq.store;
const guildId = () => t.fake.guild.id;

async function suggestThroughModal(actor: typeof MEMBER, fields: Record<string, string>) {
  const opened = await t.fake.sendSlashCommand({ name: 'faq', subcommand: 'suggest', ...actor });
  expect(opened.callback.type).toBe(InteractionResponseType.Modal);
  expect(opened.callback.data.custom_id).toBe('faq:suggest');
  return t.fake.submitModal('faq:suggest', fields, actor);
}

async function ask(question: string) {
  const exchange = await t.fake.sendSlashCommand({ name: 'ask', options: { question }, ...OTHER_MEMBER });
  return seen(exchange);
}

describe('the community FAQ on Discord', () => {
  it('goes from a suggestion through review and approval to /ask answering a paraphrase', async () => {
    const since = t.fake.requests.length;
    const submitted = await suggestThroughModal(MEMBER, SUGGESTION);
    const confirmation = await seen(submitted);
    expect(isEphemeral(confirmation)).toBe(true);
    expect(confirmation.content).toMatch(/waiting for a moderator/);

    const announcement = await t.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${reviewChannelId}/messages`,
      5_000,
      since,
    );
    expect(announcement.body.allowed_mentions).toEqual({ parse: [] });
    const approveId: string = announcement.body.components[0].components[0].custom_id;
    expect(approveId).toMatch(/^faq:approve:\d+$/);
    const entryId = Number(approveId.split(':')[2]);

    const review = await t.fake.sendSlashCommand({ name: 'faq', subcommand: 'review', ...MODERATOR });
    const reviewCard = await seen(review);
    expect(isEphemeral(reviewCard)).toBe(true);
    expect(reviewCard.embeds[0].title).toBe(`FAQ suggestion #${entryId}`);

    const before = await ask(PARAPHRASE);
    expect(JSON.stringify(before.embeds ?? [])).not.toContain(SUGGESTION.question);

    const channelCard = [...t.fake.messages.values()].find(
      (m) => m.channel_id === reviewChannelId && JSON.stringify(m.components).includes(approveId),
    );
    expect(channelCard).toBeDefined();

    // The moderator approves on the private /faq review card (the newest message with the button).
    const approved = await t.fake.clickButton(approveId, { ...MODERATOR });
    expect((approved.payload.message as { id: string }).id).not.toBe(channelCard!.id);
    const card = await seen(approved);
    expect(card.embeds[0].description).toContain(`Approved by <@${MODERATOR.user.id}>`);
    expect(card.components).toEqual([]);
    expect(faqStore().getApproved(guildId(), entryId)?.question).toBe(SUGGESTION.question);

    // ...and the card in the review channel follows, so nobody clicks its stale buttons.
    await t.fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/channels/${reviewChannelId}/messages/${channelCard!.id}`,
    );
    const updated = t.fake.messages.get(channelCard!.id);
    expect(updated?.components).toEqual([]);
    expect(updated?.embeds[0].description).toContain(`Approved by <@${MODERATOR.user.id}>`);

    const answer = await ask(PARAPHRASE);
    expect(isEphemeral(answer)).toBe(false);
    expect(answer.allowed_mentions).toEqual({ parse: [] });
    expect(answer.embeds[0].title).toBe(SUGGESTION.question);
  });

  it("refuses a member's click on Approve and leaves the suggestion pending", async () => {
    const submitted = await suggestThroughModal(MEMBER, {
      ...SUGGESTION,
      question: 'Does deleting Threads delete my Instagram?',
    });
    expect((await seen(submitted)).content).toMatch(/waiting for a moderator/);
    const pending = faqStore().oldestPending(guildId());
    expect(pending).toBeDefined();

    const click = await t.fake.clickButton(`faq:approve:${pending!.id}`, { ...OTHER_MEMBER });
    const refusal = await seen(click);
    expect(isEphemeral(refusal)).toBe(true);
    expect(refusal.content).toMatch(/Only FAQ moderators/);
    expect(faqStore().get(guildId(), pending!.id)?.status).toBe('pending');
  });

  it('stops answering with an entry as soon as a moderator removes it', async () => {
    const entry = faqStore().listByStatus(guildId(), 'approved')[0];
    expect(entry).toBeDefined();
    const removed = await t.fake.sendSlashCommand({
      name: 'faq',
      subcommand: 'remove',
      options: { entry: String(entry!.id) },
      ...MODERATOR,
    });
    expect((await seen(removed)).content).toContain(`Removed FAQ entry #${entry!.id}`);

    const answer = await ask(PARAPHRASE);
    expect(JSON.stringify(answer.embeds ?? [])).not.toContain(entry!.question);
  });

  it('answers bad input with a private error and stores nothing', async () => {
    const auditBefore = faqStore().auditTrail(guildId()).length;
    for (const bad of [
      { ...SUGGESTION, answer: `${SUGGESTION.answer} discord.gg/spam` },
      { ...SUGGESTION, question: 'Threads?' },
      { ...SUGGESTION, source: 'http://example.com' },
    ]) {
      const reply = await seen(await suggestThroughModal(OTHER_MEMBER, bad));
      expect(isEphemeral(reply)).toBe(true);
      expect(reply.content).toMatch(/Nothing was saved/);
    }
    expect(faqStore().auditTrail(guildId())).toHaveLength(auditBefore);
  });
});
