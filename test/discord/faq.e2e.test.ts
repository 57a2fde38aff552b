/**
 * The community FAQ end to end: the real bot (discord.js) against the local Discord stand-in,
 * from a member's suggestion through review to /ask answering with the approved entry, and the
 * console, as a second process on the bot's database, changing what the running bot answers.
 * Each test works in a server of its own, so it sets up everything it checks and runs alone.
 */
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SCRIPT, childRuns } from '../console/child-process.js';
import { type InteractionExchange, PERMISSIONS } from '../support/fake-discord/index.js';
import { startTestBot, type TestBot } from '../support/fake-discord/test-bot.js';

const MEMBER = { user: { id: '310000000000000011', username: 'member' }, permissions: PERMISSIONS.member };
const OTHER_MEMBER = {
  user: { id: '310000000000000012', username: 'other' },
  permissions: PERMISSIONS.member,
};
const MODERATOR = { user: { id: '310000000000000021', username: 'mod' }, permissions: PERMISSIONS.moderator };
type Who = typeof MEMBER;

const SUGGESTION = {
  question: 'How do I download a copy of my Threads posts?',
  answer:
    'Open Threads, go to Settings > Account > Download your information, and Meta emails you a link to the archive when it is ready.',
  source: 'https://help.instagram.com/',
};
const PARAPHRASE = 'how can i get an archive of my threads posts';
/** What the issue promises: a change made by another process reaches /ask within 5 seconds. */
const OTHER_PROCESS_DEADLINE_MS = 5_000;

const consoles = childRuns(CONSOLE_SCRIPT, 'faq-e2e');
let t: TestBot;

beforeAll(async () => {
  // Every test asks the same questions more than once; the repeat guard has its own tests.
  t = await startTestBot({
    env: { FAQ_SUGGEST_COOLDOWN_SECONDS: '0', ASK_COOLDOWN_SECONDS: '0', REPEAT_ANSWER_SECONDS: '0' },
  });
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

/** A server of this test's own, with a review channel set; `as` places an actor in it. */
async function freshServer() {
  const guild = t.fake.addGuild({ channels: [{ name: 'general' }, { name: 'faq-review' }] });
  const reviewChannelId = guild.channels[1]!.id;
  const as = (who: Who) => ({ ...who, guild: guild.id });
  const configured = await t.fake.sendSlashCommand({
    name: 'faq',
    subcommandGroup: 'config',
    subcommand: 'review-channel',
    options: { channel: { type: ApplicationCommandOptionType.Channel, value: reviewChannelId } },
    ...as(MODERATOR),
  });
  expect((await seen(configured)).content).toContain(`<#${reviewChannelId}>`);
  return { guildId: guild.id, reviewChannelId, as };
}

async function suggestThroughModal(actor: Who & { guild: string }, fields: Record<string, string>) {
  const opened = await t.fake.sendSlashCommand({ name: 'faq', subcommand: 'suggest', ...actor });
  expect(opened.callback.type).toBe(InteractionResponseType.Modal);
  expect(opened.callback.data.custom_id).toBe('faq:suggest');
  return t.fake.submitModal('faq:suggest', fields, actor);
}

/** A suggestion by the member, approved by the moderator on Discord; its entry id. */
async function approvedEntry(server: Awaited<ReturnType<typeof freshServer>>, fields = SUGGESTION) {
  expect((await seen(await suggestThroughModal(server.as(MEMBER), fields))).content).toMatch(
    /waiting for a moderator/,
  );
  const pending = (await faqStore().listByStatus(server.guildId, 'pending')).find(
    (e) => e.question === fields.question,
  );
  expect(pending).toBeDefined();
  const approved = await seen(await t.fake.clickButton(`faq:approve:${pending!.id}`, server.as(MODERATOR)));
  expect(approved.embeds[0].description).toContain('Approved by');
  return pending!.id;
}

async function ask(guildId: string, question = PARAPHRASE) {
  const exchange = await t.fake.sendSlashCommand({
    name: 'ask',
    options: { question },
    ...OTHER_MEMBER,
    guild: guildId,
  });
  return seen(exchange);
}

/** The names `/faq show` autocomplete offers for `typed` in this server. */
async function offered(guildId: string, typed: string): Promise<string[]> {
  const exchange = await t.fake.sendAutocomplete({
    name: 'faq',
    subcommand: 'show',
    focused: { name: 'entry', value: typed },
    ...OTHER_MEMBER,
    guild: guildId,
  });
  return (exchange.callback.data.choices as { name: string }[]).map((c) => c.name);
}

/**
 * Asks again until `done` holds, for at most `deadlineMs`: the bot looks for other processes'
 * changes on its own schedule, so there is no event to wait for. Returns how long it took.
 */
async function within<T>(deadlineMs: number, attempt: () => Promise<T>, done: (value: T) => boolean) {
  const started = Date.now();
  let last: T = await attempt();
  while (!done(last)) {
    if (Date.now() - started > deadlineMs)
      throw new Error(`not seen within ${deadlineMs} ms; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await attempt();
  }
  return Date.now() - started;
}

describe('the community FAQ on Discord', () => {
  it('goes from a suggestion through review and approval to /ask answering a paraphrase', async () => {
    const server = await freshServer();
    const since = t.fake.requests.length;
    const submitted = await suggestThroughModal(server.as(MEMBER), SUGGESTION);
    const confirmation = await seen(submitted);
    expect(isEphemeral(confirmation)).toBe(true);
    expect(confirmation.content).toMatch(/waiting for a moderator/);

    const announcement = await t.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${server.reviewChannelId}/messages`,
      5_000,
      since,
    );
    expect(announcement.body.allowed_mentions).toEqual({ parse: [] });
    const approveId: string = announcement.body.components[0].components[0].custom_id;
    expect(approveId).toMatch(/^faq:approve:\d+$/);
    const entryId = Number(approveId.split(':')[2]);

    const review = await t.fake.sendSlashCommand({
      name: 'faq',
      subcommand: 'review',
      ...server.as(MODERATOR),
    });
    const reviewCard = await seen(review);
    expect(isEphemeral(reviewCard)).toBe(true);
    expect(reviewCard.embeds[0].title).toBe(`FAQ suggestion #${entryId}`);

    const before = await ask(server.guildId);
    expect(JSON.stringify(before.embeds ?? [])).not.toContain(SUGGESTION.question);

    const channelCard = [...t.fake.messages.values()].find(
      (m) => m.channel_id === server.reviewChannelId && JSON.stringify(m.components).includes(approveId),
    );
    expect(channelCard).toBeDefined();

    // The moderator approves on the private /faq review card (the newest message with the button).
    const approved = await t.fake.clickButton(approveId, server.as(MODERATOR));
    expect((approved.payload.message as { id: string }).id).not.toBe(channelCard!.id);
    const card = await seen(approved);
    expect(card.embeds[0].description).toContain(`Approved by <@${MODERATOR.user.id}>`);
    expect(card.components).toEqual([]);
    expect((await faqStore().get(server.guildId, entryId))?.question).toBe(SUGGESTION.question);

    // ...and the card in the review channel follows, so nobody clicks its stale buttons.
    await t.fake.waitForRequest(
      (r) =>
        r.method === 'PATCH' && r.path === `/channels/${server.reviewChannelId}/messages/${channelCard!.id}`,
    );
    const updated = t.fake.messages.get(channelCard!.id);
    expect(updated?.components).toEqual([]);
    expect(updated?.embeds[0].description).toContain(`Approved by <@${MODERATOR.user.id}>`);

    const answer = await ask(server.guildId);
    expect(isEphemeral(answer)).toBe(false);
    expect(answer.allowed_mentions).toEqual({ parse: [] });
    expect(answer.embeds[0].title).toBe(SUGGESTION.question);
  });

  it("refuses a member's click on Approve and leaves the suggestion pending", async () => {
    const server = await freshServer();
    const submitted = await suggestThroughModal(server.as(MEMBER), {
      ...SUGGESTION,
      question: 'Does deleting Threads delete my Instagram?',
    });
    expect((await seen(submitted)).content).toMatch(/waiting for a moderator/);
    const pending = await faqStore().oldestPending(server.guildId);
    expect(pending).toBeDefined();

    const click = await t.fake.clickButton(`faq:approve:${pending!.id}`, server.as(OTHER_MEMBER));
    const refusal = await seen(click);
    expect(isEphemeral(refusal)).toBe(true);
    expect(refusal.content).toMatch(/Only FAQ moderators/);
    expect((await faqStore().get(server.guildId, pending!.id))?.status).toBe('pending');
  });

  it('stops offering and answering with an entry as soon as a moderator removes it', async () => {
    const server = await freshServer();
    const withoutEntry = await ask(server.guildId);
    const id = await approvedEntry(server);
    expect((await ask(server.guildId)).embeds[0].title).toBe(SUGGESTION.question);
    expect(await offered(server.guildId, 'threads')).toEqual([`#${id} ${SUGGESTION.question}`]);

    const removed = await t.fake.sendSlashCommand({
      name: 'faq',
      subcommand: 'remove',
      options: { entry: String(id) },
      ...server.as(MODERATOR),
    });
    expect((await seen(removed)).content).toContain(`Removed FAQ entry #${id}`);

    expect(await offered(server.guildId, 'threads')).toEqual([]);
    // The question gets the answer it had before the entry existed: the best one remaining.
    expect(await ask(server.guildId)).toEqual(withoutEntry);
  });

  it('answers bad input with a private error and stores nothing', async () => {
    const server = await freshServer();
    for (const bad of [
      { ...SUGGESTION, answer: `${SUGGESTION.answer} discord.gg/spam` },
      { ...SUGGESTION, question: 'Threads?' },
      { ...SUGGESTION, source: 'http://example.com' },
    ]) {
      const reply = await seen(await suggestThroughModal(server.as(OTHER_MEMBER), bad));
      expect(isEphemeral(reply)).toBe(true);
      expect(reply.content).toMatch(/Nothing was saved/);
    }
    // Only the review channel setting is in this server's history.
    expect((await faqStore().auditTrail(server.guildId)).map((r) => r.action)).toEqual([
      'config-review-channel',
    ]);
  });
});

describe('the console on the running bot’s database', () => {
  it('approves and removes entries that the running bot then answers with, and stops offering, within 5 seconds', async () => {
    const server = await freshServer();
    const question = 'Can I see who viewed my Threads profile?';
    const suggestion = {
      ...SUGGESTION,
      question,
      answer: 'No: Threads does not tell you who viewed your profile, and apps that claim to are scams.',
    };
    expect((await seen(await suggestThroughModal(server.as(MEMBER), suggestion))).content).toMatch(
      /waiting for a moderator/,
    );
    const asked = 'can i see who viewed my threads profile';
    const withoutEntry = await ask(server.guildId, asked);
    expect(JSON.stringify(withoutEntry)).not.toContain(question);

    const moderatorConsole = consoles.start([
      '--db',
      t.bot.app.services.config.DATABASE_PATH,
      '--guild',
      server.guildId,
      '--as',
      'moderator',
      '--user',
      MODERATOR.user.id,
    ]);
    await moderatorConsole.waitFor(/You are a moderator[^\n]*\n> /);
    moderatorConsole.send('/faq review');
    expect(await moderatorConsole.waitFor(/\[(\d+)\] Approve\n[\s\S]*?\n> /)).toContain(question);
    moderatorConsole.send('1');
    await moderatorConsole.waitFor(/Approved by[\s\S]*?\n> /);
    const id = (await faqStore().listByStatus(server.guildId, 'approved'))[0]?.id;
    expect(id).toBeDefined();

    await within(
      OTHER_PROCESS_DEADLINE_MS,
      () => ask(server.guildId, asked),
      (answer) => answer.embeds?.[0]?.title === question,
    );
    expect(await offered(server.guildId, 'viewed')).toEqual([`#${id} ${question}`]);

    moderatorConsole.send(`/faq remove entry:${id}`);
    await moderatorConsole.waitFor(/Removed FAQ entry[\s\S]*?\n> /);
    await within(
      OTHER_PROCESS_DEADLINE_MS,
      () => offered(server.guildId, 'viewed'),
      (names) => names.length === 0,
    );
    expect(await ask(server.guildId, asked)).toEqual(withoutEntry);
    moderatorConsole.send('/quit');
    expect((await moderatorConsole.exit()).code).toBe(0);
  });
});
