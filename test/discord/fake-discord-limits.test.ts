/**
 * The stand-in refuses what the real Discord refuses, so the end-to-end suites (which assert that
 * nothing was refused) would catch a reply the bot forgot to fit: bodies over Discord's limits get
 * 400 Invalid Form Body (50035), and a first callback after the 3-second window 404 Unknown
 * interaction (10062). A bare gateway client identifies here, so no bot answers first.
 */
import { once } from 'node:events';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DISCORD_LIMITS as L } from '../../src/replies/limits.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { TEST_TOKEN } from '../support/fake-discord/test-bot.js';

let fake: FakeDiscord;
let socket: WebSocket;
let clock = 0;

beforeAll(async () => {
  fake = await FakeDiscord.start({ now: () => clock });
  socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
  await once(socket, 'open');
  socket.send(JSON.stringify({ op: 2, d: { token: TEST_TOKEN, intents: 1, properties: {} } }));
  await fake.waitForIdentify();
});

afterAll(async () => {
  socket?.close();
  await fake?.stop();
});

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${fake.apiUrl}/v10${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bot ${TEST_TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
};

/** Sends a first callback for a fresh interaction. */
const callback = (body: unknown) => {
  const { id, token } = fake.dispatchSlashCommand({ name: 'topics' });
  return post(`/interactions/${id}/${token}/callback`, body);
};
const reply = (data: object) => callback({ type: InteractionResponseType.ChannelMessageWithSource, data });
const x = (n: number) => 'x'.repeat(n);
const button = (label: string, id = 'b') => ({ type: 2, style: 2, label, custom_id: id });
const row = (n: number, label = 'ok') => ({
  type: 1,
  components: Array.from({ length: n }, (_, i) => button(label, `b${i}`)),
});
const INVALID = { status: 400, body: { code: 50035, message: 'Invalid Form Body' } };

describe('the stand-in enforces Discord limits', () => {
  it('accepts a reply exactly at every limit', async () => {
    const field = { name: x(L.embedFieldName), value: x(L.embedFieldValue) };
    const result = await reply({
      content: x(L.messageContent),
      embeds: [{ title: x(L.embedTitle), description: x(L.embedDescription), fields: [field] }],
      components: Array.from({ length: L.actionRows }, () => row(L.buttonsPerRow, x(L.buttonLabel))),
    });
    expect(result.status).toBe(204);
  });

  it('counts characters as code points, as Discord does: an emoji is one character, not two', async () => {
    // Each emoji is two UTF-16 units, so these strings are twice their limit in `.length`.
    const emoji = (n: number) => '🔗'.repeat(n);
    expect(await reply({ content: emoji(L.messageContent) })).toMatchObject({ status: 204 });
    expect(
      await reply({
        embeds: [
          { description: emoji(L.embedDescription) },
          { description: emoji(L.embedsTotal - L.embedDescription) },
        ],
      }),
    ).toMatchObject({ status: 204 });
    expect(await reply({ content: emoji(L.messageContent + 1) })).toMatchObject(INVALID);
    expect(
      await reply({
        embeds: [
          { description: emoji(L.embedDescription) },
          { description: emoji(L.embedsTotal - L.embedDescription + 1) },
        ],
      }),
    ).toMatchObject(INVALID);
  });

  it.each([
    ['content', { content: x(L.messageContent + 1) }],
    ['embed title', { embeds: [{ title: x(L.embedTitle + 1) }] }],
    ['embed description', { embeds: [{ description: x(L.embedDescription + 1) }] }],
    ['field name', { embeds: [{ fields: [{ name: x(L.embedFieldName + 1), value: 'v' }] }] }],
    ['field value', { embeds: [{ fields: [{ name: 'n', value: x(L.embedFieldValue + 1) }] }] }],
    [
      'field count',
      { embeds: [{ fields: Array.from({ length: L.embedFields + 1 }, () => ({ name: 'n', value: 'v' })) }] },
    ],
    [
      'all embeds text',
      {
        embeds: [
          { description: x(L.embedDescription) },
          { description: x(L.embedsTotal - L.embedDescription + 1) },
        ],
      },
    ],
    ['action rows', { components: Array.from({ length: L.actionRows + 1 }, () => row(1)) }],
    ['buttons in a row', { components: [row(L.buttonsPerRow + 1)] }],
    ['button label', { components: [{ type: 1, components: [button(x(L.buttonLabel + 1))] }] }],
    ['custom_id', { components: [{ type: 1, components: [button('ok', x(L.customId + 1))] }] }],
  ])('refuses a reply over the %s limit with 400 Invalid Form Body, and records it', async (_, data) => {
    const before = fake.rejected.length;
    expect(await reply(data)).toMatchObject(INVALID);
    expect(fake.rejected.slice(before)).toEqual([expect.objectContaining({ status: 400, code: 50035 })]);
  });

  it('refuses more than 25 autocomplete choices, and names or values over 100', async () => {
    const choices = (n: number, name = 'n', value = 'v') =>
      Array.from({ length: n }, () => ({ name, value }));
    const autocomplete = (list: object[]) =>
      callback({
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices: list },
      });
    expect((await autocomplete(choices(L.autocompleteChoices))).status).toBe(204);
    expect(await autocomplete(choices(L.autocompleteChoices + 1))).toMatchObject(INVALID);
    expect(await autocomplete(choices(1, x(L.choiceName + 1)))).toMatchObject(INVALID);
    expect(await autocomplete(choices(1, 'n', x(L.choiceValue + 1)))).toMatchObject(INVALID);
  });

  it('refuses a modal whose title or text input label is too long', async () => {
    const modal = (title: string, label: string) =>
      callback({
        type: InteractionResponseType.Modal,
        data: {
          custom_id: 'm',
          title,
          components: [{ type: 1, components: [{ type: 4, custom_id: 'f', label, style: 1 }] }],
        },
      });
    expect((await modal(x(L.modalTitle), x(L.textInputLabel))).status).toBe(204);
    expect(await modal(x(L.modalTitle + 1), 'label')).toMatchObject(INVALID);
    expect(await modal('title', x(L.textInputLabel + 1))).toMatchObject(INVALID);
  });

  it('refuses over-long follow-ups and channel posts too', async () => {
    const { id, token } = fake.dispatchSlashCommand({ name: 'topics' });
    await post(`/interactions/${id}/${token}/callback`, {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
    });
    expect(
      await post(`/webhooks/${fake.applicationId}/${token}`, { content: x(L.messageContent + 1) }),
    ).toMatchObject(INVALID);
    const channel = fake.guild.channels[0]?.id ?? '';
    expect(await post(`/channels/${channel}/messages`, { content: x(L.messageContent + 1) })).toMatchObject(
      INVALID,
    );
    expect((await post(`/channels/${channel}/messages`, { content: 'fine' })).status).toBe(200);
  });
});

describe('the 3-second window', () => {
  it('answers 404 Unknown interaction to a first callback more than 3 s after the dispatch, and records it', async () => {
    const { id, token } = fake.dispatchSlashCommand({ name: 'topics' });
    clock += L.firstResponseMs + 1;
    const before = fake.rejected.length;
    const late = await post(`/interactions/${id}/${token}/callback`, { type: 4, data: { content: 'late' } });
    expect(late).toMatchObject({ status: 404, body: { code: 10062, message: 'Unknown interaction' } });
    expect(fake.rejected.slice(before)).toEqual([expect.objectContaining({ status: 404, code: 10062 })]);
  });

  it('accepts a first callback just inside the window', async () => {
    const { id, token } = fake.dispatchSlashCommand({ name: 'topics' });
    clock += L.firstResponseMs;
    expect(
      (await post(`/interactions/${id}/${token}/callback`, { type: 4, data: { content: 'ok' } })).status,
    ).toBe(204);
  });
});
