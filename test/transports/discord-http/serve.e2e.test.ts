/**
 * `npm run serve` end to end, in this process: the real startServer against the Discord stand-in,
 * which sends every interaction as a signed POST to the endpoint and reads the answer from the
 * HTTP response, as Discord does with an Interactions Endpoint URL. Covers PING, commands,
 * autocomplete, buttons, forms (the FAQ suggestion through to its review card and decision),
 * deferral with follow-ups over REST, and what the endpoint refuses: forged or replayed requests,
 * oversized bodies, wrong methods and paths.
 */
import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { slowGate, withTestCommands } from '../../discord/test-commands.js';
import { type InteractionExchange, PERMISSIONS } from '../../support/fake-discord/index.js';
import { TEST_TOKEN } from '../../support/fake-discord/test-bot.js';
import { startTestServer, type TestServer } from '../../support/fake-discord/test-server.js';

let t: TestServer;

const MEMBER = { user: { id: '310000000000000011', username: 'member' }, permissions: PERMISSIONS.member };
const MODERATOR = { user: { id: '310000000000000021', username: 'mod' }, permissions: PERMISSIONS.moderator };
const SUGGESTION = {
  question: 'How do I download a copy of my Threads posts?',
  answer:
    'Open Threads, go to Settings > Account > Download your information, and Meta emails you a link to the archive when it is ready.',
  source: 'https://help.instagram.com/',
};

beforeAll(async () => {
  t = await startTestServer({
    commands: withTestCommands,
    deferAfterMs: 100,
    env: { FAQ_SUGGEST_COOLDOWN_SECONDS: '0', ASK_COOLDOWN_SECONDS: '0', REPEAT_ANSWER_SECONDS: '0' },
  });
});

afterAll(async () => {
  slowGate.open();
  await t?.close();
});

afterEach(() => {
  // Every answer stayed inside Discord's limits and its 3-second window.
  expect(t.fake.rejected).toEqual([]);
});

const isEphemeral = (data: { flags?: number }) => ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const seen = async (exchange: InteractionExchange) => (await exchange.final()).data;
/** REST calls to the callback route: the endpoint answers in its HTTP response instead. */
const callbacksOverRest = () => t.fake.requests.filter((r) => r.path.startsWith('/interactions/'));

describe('the interactions endpoint', () => {
  it('answers a signed PING with PONG, as Discord checks when the URL is saved', async () => {
    const response = await t.fake.postToEndpoint({
      body: JSON.stringify({
        id: '800000000000000001',
        application_id: '1',
        type: 1,
        token: 'x',
        version: 1,
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.text)).toEqual({ type: 1 });
  });

  it('answers /ask in the HTTP response, with mentions locked, and makes no callback over REST', async () => {
    const exchange = await t.fake.sendSlashCommand({
      name: 'ask',
      options: { question: 'does facebook own instagram' },
    });
    expect(exchange.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(exchange.callback.data.embeds[0].title).toBeTruthy();
    expect(exchange.callback.data.allowed_mentions).toEqual({ parse: [] });
    expect(isEphemeral(exchange.callback.data)).toBe(false);
    expect(callbacksOverRest()).toEqual([]);
    const logged = await t.waitForLog(
      (l) => l.interactionId === exchange.id && l.msg === 'interaction handled',
    );
    expect(logged).toMatchObject({ command: '/ask', transport: 'http', deferred: false });
  });

  it('answers autocomplete with choices (type 8)', async () => {
    const { callback } = await t.fake.sendAutocomplete({
      name: 'connected',
      focused: { name: 'aspect', value: 'advert' },
    });
    expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(callback.data.choices[0]?.value).toBe('advertising');
  });

  it('answers a button click, with mentions locked', async () => {
    const { callback } = await t.fake.clickButton('ask:topic:privacy');
    expect([
      InteractionResponseType.ChannelMessageWithSource,
      InteractionResponseType.UpdateMessage,
    ]).toContain(callback.type);
    expect(callback.data.embeds[0].title).toBe(t.server.app.services.knowledge.topic('privacy')?.title);
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('opens a form from a button, and the submitted form updates the message the button was on (type 7)', async () => {
    const opened = await t.fake.sendSlashCommand({ name: 'e2e-form' });
    const message = t.fake.messages.get(
      [...t.fake.messages.values()].find((m) => m.content === 'Press to fill in the form')?.id ?? '',
    );
    expect(message).toBeDefined();
    expect(opened.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const click = await t.fake.clickButton('e2e-form:open', { message: message! });
    expect(click.callback.type).toBe(InteractionResponseType.Modal);
    const submitted = await t.fake.submitModal(
      'e2e-form:submit:note',
      { note: 'hello' },
      { message: message! },
    );
    expect(submitted.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(t.fake.messages.get(message!.id)?.content).toBe('Noted: hello [note]');
  });

  it('carries the member, guild, roles and permissions from the request into the handler', async () => {
    const roleId = t.fake.guild.roles[0]?.id ?? '';
    const { callback } = await t.fake.sendSlashCommand({
      name: 'e2e-echo',
      subcommand: 'show',
      options: { count: 3 },
      user: { id: '320000000000000001', username: 'mod.person', globalName: 'Mod Person' },
      roles: [roleId],
      permissions: PermissionFlagsBits.ManageMessages,
    });
    expect(JSON.parse(callback.data.content)).toMatchObject({
      user: { id: '320000000000000001', displayName: 'Mod Person' },
      guildId: t.fake.guild.id,
      channelId: t.fake.guild.channels[0]?.id,
      access: { manageMessages: true, manageGuild: false, roleIds: [roleId] },
      input: { subcommand: 'show', options: { count: 3 } },
    });
  });

  it('re-reads permissions on every button click', async () => {
    const asMember = await t.fake.clickButton('e2e-echo:show', { permissions: PERMISSIONS.member });
    expect(JSON.parse(asMember.callback.data.content).access.manageMessages).toBe(false);
    const asAdmin = await t.fake.clickButton('e2e-echo:show', { permissions: PERMISSIONS.administrator });
    expect(JSON.parse(asAdmin.callback.data.content).access).toMatchObject({
      manageMessages: true,
      manageGuild: true,
    });
  });

  it('only lets the one targeted user be pinged', async () => {
    const target = '987654321098765432';
    const { callback } = await t.fake.sendSlashCommand({
      name: 'e2e-mention',
      options: { target: { type: ApplicationCommandOptionType.User, value: target } },
    });
    expect(callback.data.content).toContain('@everyone');
    expect(callback.data.allowed_mentions).toEqual({ parse: [], users: [target] });
  });
});

describe('a slow handler behind the endpoint', () => {
  it('is deferred in the HTTP response (type 5), then its answer edits the placeholder over REST', async () => {
    slowGate.reset();
    const exchange = await t.fake.sendSlashCommand({ name: 'e2e-slow' });
    expect(exchange.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    slowGate.open();
    const final = await exchange.final();
    expect(final.via).toBe('edit');
    expect(final.data.content).toBe('slow but public');
    expect(final.data.allowed_mentions).toEqual({ parse: [] });
    expect(callbacksOverRest()).toEqual([]);
  });

  it('with a private result deletes the public placeholder and follows up ephemerally', async () => {
    slowGate.reset();
    const exchange = await t.fake.sendSlashCommand({ name: 'e2e-slow', options: { private: true } });
    expect(exchange.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    slowGate.open();
    const final = await exchange.final();
    expect(final.via).toBe('follow-up');
    expect(isEphemeral(final.data)).toBe(true);
    expect(exchange.requests().filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('on a button is deferred silently (type 6), then edits the message the button is on', async () => {
    slowGate.reset();
    const click = await t.fake.clickButton('e2e-slow:update');
    expect(click.callback.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    slowGate.open();
    const final = await click.final();
    expect(final.via).toBe('edit');
    expect(final.data.content).toBe('updated slowly');
  });

  it('in autocomplete gets no choices in time instead of failing', async () => {
    slowGate.reset();
    const { callback } = await t.fake.sendAutocomplete({
      name: 'e2e-slow',
      focused: { name: 'pick', value: 'x' },
    });
    expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(callback.data.choices).toEqual([]);
    slowGate.open();
  });
});

describe('the community FAQ through the endpoint', () => {
  /** A server of its own with a review channel the bot can post in, set through the endpoint. */
  async function freshServer() {
    const guild = t.fake.addGuild({
      name: 'Serve Test Guild',
      channels: [{ name: 'general' }, { name: 'faq-review' }, { name: 'locked', botCanPost: false }],
    });
    const as = <W extends object>(who: W) => ({ ...who, guild: guild.id });
    return { guild, reviewChannelId: guild.channels[1]!.id, lockedChannelId: guild.channels[2]!.id, as };
  }

  const setReviewChannel = (server: Awaited<ReturnType<typeof freshServer>>, channelId: string) =>
    t.fake.sendSlashCommand({
      name: 'faq',
      subcommandGroup: 'config',
      subcommand: 'review-channel',
      options: { channel: { type: ApplicationCommandOptionType.Channel, value: channelId } },
      ...server.as(MODERATOR),
    });

  it('checks over REST that the bot can post in the review channel, and says what is missing', async () => {
    const server = await freshServer();
    const refused = await seen(await setReviewChannel(server, server.lockedChannelId));
    expect(isEphemeral(refused)).toBe(true);
    expect(refused.content).toContain('**Send Messages**');
    expect(refused.content).toContain('#locked');
    const accepted = await seen(await setReviewChannel(server, server.reviewChannelId));
    expect(accepted.content).toContain(`<#${server.reviewChannelId}>`);
  });

  it('goes from /faq suggest and its form to the review card, and a decision on the card', async () => {
    const server = await freshServer();
    expect((await seen(await setReviewChannel(server, server.reviewChannelId))).content).toContain(
      `<#${server.reviewChannelId}>`,
    );
    const opened = await t.fake.sendSlashCommand({
      name: 'faq',
      subcommand: 'suggest',
      ...server.as(MEMBER),
    });
    expect(opened.callback.type).toBe(InteractionResponseType.Modal);
    expect(opened.callback.data.custom_id).toBe('faq:suggest');

    const since = t.fake.requests.length;
    const submitted = await t.fake.submitModal('faq:suggest', SUGGESTION, server.as(MEMBER));
    const confirmation = await seen(submitted);
    expect(isEphemeral(confirmation)).toBe(true);
    expect(confirmation.content).toMatch(/waiting for a moderator/);

    // The review card reaches the review channel over REST, through the same payload choke point.
    const card = await t.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${server.reviewChannelId}/messages`,
      5_000,
      since,
    );
    expect(card.authenticated).toBe(true);
    expect(card.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(card.body.embeds)).toContain(SUGGESTION.question);
    const approveId: string = card.body.components[0].components[0].custom_id;
    expect(approveId).toMatch(/^faq:approve:\d+$/);
    const cardMessage = [...t.fake.messages.values()].find(
      (m) => m.channel_id === server.reviewChannelId && JSON.stringify(m.components).includes(approveId),
    );
    expect(cardMessage).toBeDefined();

    // A member's click on Approve is refused from this click's own permissions; nothing changes.
    const refusal = await seen(
      await t.fake.clickButton(approveId, { ...server.as(MEMBER), message: cardMessage! }),
    );
    expect(isEphemeral(refusal)).toBe(true);
    expect(refusal.content).toMatch(/Only FAQ moderators/);
    expect(t.fake.messages.get(cardMessage!.id)?.components).not.toEqual([]);

    // The moderator approves on the card itself: it is updated in place (type 7), buttons gone.
    const approved = await t.fake.clickButton(approveId, { ...server.as(MODERATOR), message: cardMessage! });
    expect(approved.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(approved.callback.data.embeds[0].description).toContain(`Approved by <@${MODERATOR.user.id}>`);
    expect(approved.callback.data.components).toEqual([]);
    expect(approved.callback.data.allowed_mentions).toEqual({ parse: [] });

    // The author's DM names the server, read over REST (there is no gateway cache to ask).
    const dm = await t.fake.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        /^\/channels\/\d+\/messages$/.test(r.path) &&
        r.path !== card.path &&
        r.index > card.index,
    );
    expect(dm.body.content ?? JSON.stringify(dm.body.embeds)).toContain('Serve Test Guild');

    const answer = await seen(
      await t.fake.sendSlashCommand({
        name: 'ask',
        options: { question: 'how can i get an archive of my threads posts' },
        ...server.as(MEMBER),
      }),
    );
    expect(answer.embeds[0].title).toBe(SUGGESTION.question);
  });
});

describe('what the endpoint refuses', () => {
  const ping = JSON.stringify({
    id: '800000000000000002',
    application_id: '1',
    type: 1,
    token: 'x',
    version: 1,
  });
  const refusedBody = JSON.stringify({ error: 'invalid request signature' });

  it('refuses a forged, unsigned, malformed or stale request with the same bare 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const otherKeySignature = t.fake.signatureHeaders(`${ping} `)['x-signature-ed25519'];
    const stale = String(now - 3_600);
    const cases = [
      { signature: 'none' as const },
      { signature: { signature: otherKeySignature, timestamp: String(now) } },
      { signature: { signature: 'zz', timestamp: String(now) } },
      {
        signature: {
          signature: t.fake.signatureHeaders(ping, stale)['x-signature-ed25519'],
          timestamp: stale,
        },
      },
    ];
    for (const spec of cases) {
      const response = await t.fake.postToEndpoint({ body: ping, ...spec });
      expect(response.status).toBe(401);
      expect(response.text).toBe(refusedBody);
    }
  });

  it('runs no handler for a signed body that was changed on the way', async () => {
    const exchangeCount = t.logs.filter((l) => l.msg === 'interaction handled').length;
    const body = JSON.stringify({
      id: '800000000000000003',
      application_id: '1',
      type: 2,
      token: 'tok',
      guild_id: t.fake.guild.id,
      channel_id: t.fake.guild.channels[0]!.id,
      member: { user: { id: '5', username: 'x' }, roles: [], permissions: '0' },
      data: { name: 'topics' },
    });
    const headers = t.fake.signatureHeaders(body);
    const response = await t.fake.postToEndpoint({
      body: body.replace('topics', 'help!!'),
      signature: { signature: headers['x-signature-ed25519'], timestamp: headers['x-signature-timestamp'] },
    });
    expect(response.status).toBe(401);
    expect(t.logs.filter((l) => l.msg === 'interaction handled')).toHaveLength(exchangeCount);
    expect(
      await t.waitForLog((l) => l.msg === 'request refused: bad signature' && l.reason === 'mismatch'),
    ).toBeDefined();
  });

  it('refuses the same signed interaction a second time (a replay)', async () => {
    const body = JSON.stringify({
      id: '800000000000000004',
      application_id: '1',
      type: 1,
      token: 'x',
      version: 1,
    });
    const headers = t.fake.signatureHeaders(body);
    const signature = {
      signature: headers['x-signature-ed25519'],
      timestamp: headers['x-signature-timestamp'],
    };
    expect((await t.fake.postToEndpoint({ body, signature })).status).toBe(200);
    expect((await t.fake.postToEndpoint({ body, signature })).status).toBe(401);
  });

  it('refuses a body over the limit with 413, whether announced or streamed, before checking anything', async () => {
    const big = `{"type":1,"pad":"${'x'.repeat(1024 * 1024)}"}`;
    const count = (msg: string) => t.logs.filter((l) => l.msg === msg).length;
    const [tooLargeBefore, badSignatureBefore] = [
      count('request refused: body too large'),
      count('request refused: bad signature'),
    ];
    const announced = await t.fake.postToEndpoint({ body: big });
    expect(announced.status).toBe(413);
    expect(announced.headers.connection).toBe('close');
    const streamed = await t.fake.postToEndpoint({ body: big, headers: { 'transfer-encoding': 'chunked' } });
    expect(streamed.status).toBe(413);
    expect(streamed.text).toBe(JSON.stringify({ error: 'body too large' }));
    // Refused for its size, before its signature was looked at.
    expect(count('request refused: body too large')).toBe(tooLargeBefore + 2);
    expect(count('request refused: bad signature')).toBe(badSignatureBefore);
  });

  it('answers 405 with Allow for another method, 404 for another path, and 200 on /healthz', async () => {
    const get = await t.fake.postToEndpoint({ method: 'GET', signature: 'none' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const elsewhere = await t.fake.postToEndpoint({ path: '/', body: ping });
    expect(elsewhere.status).toBe(404);
    // Its body is not read: the connection closes instead of being kept for the next request.
    expect(elsewhere.headers.connection).toBe('close');
    const health = await t.fake.postToEndpoint({ method: 'GET', path: '/healthz', signature: 'none' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ready' });
  });

  it('answers a signed body that is not an interaction with 400 and serves on', async () => {
    const response = await t.fake.postToEndpoint({ body: '{"type":2}' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).error).toMatch(/^interaction: /);
    const next = await t.fake.sendSlashCommand({ name: 'topics' });
    expect(next.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  });

  it('never logs the bot token or an interaction token', async () => {
    const exchange = await t.fake.sendSlashCommand({ name: 'e2e-fail' });
    await t.waitForLog((l) => l.msg === 'handler failed' && l.interactionId === exchange.id);
    expect(t.logText()).not.toContain(TEST_TOKEN);
    expect(t.logText()).not.toContain(exchange.token);
  });
});
