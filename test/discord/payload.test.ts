import type { Client, REST } from 'discord.js';
import {
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  Routes,
  TextInputStyle,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { DiscordOutbox } from '../../src/discord/discord-outbox.js';
import { InteractionResponder, type InteractionTarget } from '../../src/discord/interaction-responder.js';
import { interactionResponseJson, messagePayload, modalPayload } from '../../src/discord/payload.js';
import { silentLogger } from '../../src/logger.js';
import { DISCORD_LIMITS } from '../../src/replies/limits.js';
import { type HandlerResponse, message, openModal, type Reply, update } from '../../src/replies/reply.js';

describe('messagePayload, the one outgoing choke point', () => {
  it('parses no mentions at all by default, whatever the text says', () => {
    const payload = messagePayload({ content: '@everyone @here <@&1> <@2>' });
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });

  it('allows exactly the targeted user when the reply names one', () => {
    expect(messagePayload({ content: 'hi', mentionUserId: '42' }).allowed_mentions).toEqual({
      parse: [],
      users: ['42'],
    });
  });

  it('marks a new ephemeral message with the ephemeral flag but never an edit', () => {
    expect(messagePayload({ content: 'x', ephemeral: true }).flags).toBe(MessageFlags.Ephemeral);
    expect(messagePayload({ content: 'x', ephemeral: true }, 'edit').flags).toBeUndefined();
    expect(messagePayload({ content: 'x' }).flags).toBeUndefined();
  });

  it('always carries content, embeds and components so an edit clears what the reply omits', () => {
    expect(messagePayload({ content: 'only text' }, 'edit')).toMatchObject({
      content: 'only text',
      embeds: [],
      components: [],
    });
  });

  it('fits content, embeds and buttons to Discord limits', () => {
    const payload = messagePayload({
      content: 'x'.repeat(5_000),
      embeds: [{ title: 't'.repeat(300), description: 'd'.repeat(5_000), footer: 'f' }],
      buttons: [[{ customId: `ask:topic:${'a'.repeat(90)}`, label: 'l'.repeat(200) }]],
    });
    expect(payload.content.length).toBe(DISCORD_LIMITS.messageContent);
    expect(payload.embeds[0]?.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(payload.embeds[0]?.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(payload.embeds[0]?.footer).toEqual({ text: 'f' });
    const button = payload.components[0]?.components[0];
    expect(button).toMatchObject({ type: ComponentType.Button, style: ButtonStyle.Secondary });
    expect(button && 'label' in button && button.label?.length).toBeLessThanOrEqual(
      DISCORD_LIMITS.buttonLabel,
    );
    expect(button && 'custom_id' in button && button.custom_id).toBe(`ask:topic:${'a'.repeat(90)}`);
  });

  it('sends `disabled` and `inline` only when true (Discord’s default is false)', () => {
    const payload = messagePayload({
      embeds: [
        {
          fields: [
            { name: 'a', value: 'b' },
            { name: 'c', value: 'd', inline: true },
          ],
        },
      ],
      buttons: [
        [
          { customId: 'ask:topic:overview', label: 'On' },
          { customId: 'ask:topic:privacy', label: 'Off', disabled: true },
        ],
      ],
    });
    expect(payload.embeds[0]?.fields).toEqual([
      { name: 'a', value: 'b' },
      { name: 'c', value: 'd', inline: true },
    ]);
    const [on, off] = payload.components[0]?.components ?? [];
    expect(on).not.toHaveProperty('disabled');
    expect(off).toMatchObject({ disabled: true });
  });

  it('builds the same payload every time it sends one reply, whatever purpose', () => {
    const reply: Reply = {
      content: 'x',
      ephemeral: true,
      embeds: [{ title: 't', description: 'd'.repeat(5_000) }],
      buttons: [[{ customId: 'ask:topic:overview', label: 'Overview' }]],
    };
    const created = messagePayload(reply);
    expect(messagePayload(reply)).toEqual(created);
    expect(created.embeds[0]?.description).toHaveLength(DISCORD_LIMITS.embedDescription);
    const edit = messagePayload(reply, 'edit');
    expect(edit.flags).toBeUndefined();
    expect(edit.embeds).toEqual(created.embeds);
    expect(edit.components).toEqual(created.components);
  });

  it('turns a link button into a Discord link button with no custom id', () => {
    const payload = messagePayload({
      content: 'x',
      buttons: [[{ url: 'https://about.meta.com', label: 'Meta' }]],
    });
    expect(payload.components[0]?.components[0]).toEqual({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: 'Meta',
      url: 'https://about.meta.com',
    });
  });
});

describe('interactionResponseJson', () => {
  it('is the interaction response object as UTF-8 JSON, serialised once per payload and type', () => {
    const reply: Reply = { content: 'Ça marche 👍', ephemeral: true };
    const payload = messagePayload(reply, 'create');
    expect(messagePayload(reply, 'create')).toBe(payload);
    const json = interactionResponseJson(InteractionResponseType.ChannelMessageWithSource, payload);
    expect(JSON.parse(json.toString('utf8'))).toEqual({ type: 4, data: payload });
    expect(interactionResponseJson(InteractionResponseType.ChannelMessageWithSource, payload)).toBe(json);
    const update = interactionResponseJson(InteractionResponseType.UpdateMessage, payload);
    expect(JSON.parse(update.toString('utf8')).type).toBe(InteractionResponseType.UpdateMessage);
    expect(
      JSON.parse(
        interactionResponseJson(InteractionResponseType.DeferredChannelMessageWithSource).toString(),
      ),
    ).toEqual({ type: 5 });
  });

  it('builds a new payload for another reply, and none carries the ephemeral flag in an edit', () => {
    const a = messagePayload({ content: 'a', ephemeral: true }, 'create');
    const b = messagePayload({ content: 'a', ephemeral: true }, 'edit');
    expect(a.flags).toBe(MessageFlags.Ephemeral);
    expect(b.flags).toBeUndefined();
  });
});

describe('modalPayload', () => {
  it('builds text inputs within Discord limits', () => {
    const modal = modalPayload({
      customId: 'faq:suggest',
      title: 'T'.repeat(80),
      fields: [
        { customId: 'question', label: 'L'.repeat(80), style: 'short', required: true, maxLength: 200 },
        {
          customId: 'answer',
          label: 'Answer',
          style: 'paragraph',
          required: false,
          value: 'v'.repeat(5_000),
        },
      ],
    });
    expect(modal.title.length).toBe(DISCORD_LIMITS.modalTitle);
    const [first, second] = modal.components.map((row) =>
      'components' in row ? row.components[0] : undefined,
    );
    expect(first).toMatchObject({
      custom_id: 'question',
      style: TextInputStyle.Short,
      required: true,
      max_length: 200,
    });
    expect(first && 'label' in first && first.label?.length).toBe(DISCORD_LIMITS.textInputLabel);
    expect(second).toMatchObject({ style: TextInputStyle.Paragraph, required: false });
    expect(second && 'value' in second && second.value?.length).toBe(DISCORD_LIMITS.textInputValue);
  });

  it('cuts a pre-filled value by characters as Discord counts them, never inside an emoji', () => {
    const modal = modalPayload({
      customId: 'faq:edit:1',
      title: 'Edit',
      fields: [
        {
          customId: 'answer',
          label: 'Answer',
          style: 'paragraph',
          required: true,
          value: `x${'😀'.repeat(4_000)}`,
        },
      ],
    });
    const [row] = modal.components;
    const input = row && 'components' in row ? row.components[0] : undefined;
    expect(input && 'value' in input && input.value).toBe(
      `x${'😀'.repeat(DISCORD_LIMITS.textInputValue - 1)}`,
    );
  });
});

/**
 * The body as Discord would read it: a pre-serialised one (`passThroughBody`, the interaction
 * callbacks) is parsed back, so the tests look at what goes on the wire.
 */
function wireBody(options: { body?: unknown; passThroughBody?: boolean }): unknown {
  if (!options.passThroughBody) return options.body;
  if (!(options.body instanceof Uint8Array)) throw new Error('a pass-through body must be bytes');
  return JSON.parse(Buffer.from(options.body).toString('utf8'));
}

/** A REST client stand-in that records what each call would send; every call succeeds at once. */
class RecordingRest {
  readonly sent: { method: 'POST' | 'PATCH' | 'DELETE'; route: string; body: unknown }[] = [];
  /** Called with each POST body, so a test can act once a deferral has gone out. */
  onPost: (body: unknown) => void = () => {};

  async post(route: string, options: { body?: unknown; passThroughBody?: boolean }) {
    const body = wireBody(options);
    this.sent.push({ method: 'POST', route, body });
    this.onPost(body);
    return { id: route === Routes.userChannels() ? '500000000000000001' : '600000000000000001' };
  }

  async patch(route: string, options: { body?: unknown }) {
    this.sent.push({ method: 'PATCH', route, body: options.body });
    return { id: '600000000000000001' };
  }

  async delete(route: string) {
    this.sent.push({ method: 'DELETE', route, body: undefined });
    return undefined;
  }

  /** The message payloads among the calls: replies and updates (callback data), edits, follow-ups, posts. */
  messages(): Record<string, unknown>[] {
    return this.sent.flatMap(({ method, route, body }) => {
      const b = body as Record<string, unknown> | undefined;
      if (method === 'DELETE' || !b || route === Routes.userChannels()) return [];
      if (route.endsWith('/callback')) {
        const messageCallback =
          b.type === InteractionResponseType.ChannelMessageWithSource ||
          b.type === InteractionResponseType.UpdateMessage;
        return messageCallback ? [b.data as Record<string, unknown>] : [];
      }
      return [b];
    });
  }
}

const APP = '700000000000000001';
const command: InteractionTarget = {
  id: '1',
  token: 'tok',
  applicationId: APP,
  kind: 'command',
  fromMessage: false,
  locale: 'en-US',
};
const button: InteractionTarget = {
  id: '2',
  token: 'tok',
  applicationId: APP,
  kind: 'component',
  fromMessage: true,
  locale: 'en-US',
};
const modalFromMessage: InteractionTarget = { ...button, kind: 'modal' };
const aModal = openModal({ customId: 'faq:suggest', title: 'Suggest', fields: [] });

/** A responder that defers at once; the handler's response arrives only after the deferral went out. */
function afterDeferral(rest: RecordingRest, response: HandlerResponse) {
  const responder = new InteractionResponder(rest as unknown as REST, 0);
  const work = new Promise<HandlerResponse>((resolve) => {
    rest.onPost = (body) => {
      const type = (body as { type?: number } | undefined)?.type;
      if (
        type === InteractionResponseType.DeferredChannelMessageWithSource ||
        type === InteractionResponseType.DeferredMessageUpdate
      )
        resolve(response);
    };
  });
  return { responder, work };
}

/**
 * Every way the bot sends a message, each through the real code that sends it (the responder and
 * the outbox), with `reply` as the handler's answer where there is one. The modal-less errors send
 * a fixed notice of their own.
 */
const KINDS: {
  name: string;
  send: (rest: RecordingRest, reply: Reply) => Promise<unknown>;
  ownReply?: true;
}[] = [
  {
    name: 'reply to a command',
    send: (rest, reply) =>
      new InteractionResponder(rest as unknown as REST).respond(command, Promise.resolve(message(reply))),
  },
  {
    name: 'update of the clicked message',
    send: (rest, reply) =>
      new InteractionResponder(rest as unknown as REST).respond(button, Promise.resolve(update(reply))),
  },
  {
    name: 'edit of the "thinking" placeholder after a deferral',
    send: (rest, reply) => {
      const { responder, work } = afterDeferral(rest, message(reply));
      return responder.respond(command, work);
    },
  },
  {
    name: 'edit of the clicked message after a deferred update',
    send: (rest, reply) => {
      const { responder, work } = afterDeferral(rest, update(reply));
      return responder.respond(button, work);
    },
  },
  {
    name: 'follow-up after a deferred update',
    send: (rest, reply) => {
      const { responder, work } = afterDeferral(rest, message(reply));
      return responder.respond(button, work);
    },
  },
  {
    name: 'ephemeral follow-up replacing a public placeholder',
    send: (rest, reply) => {
      const { responder, work } = afterDeferral(rest, message({ ...reply, ephemeral: true }));
      return responder.respond(command, work);
    },
  },
  {
    name: 'notice sent with no handler behind it (restarting)',
    send: (rest, reply) => new InteractionResponder(rest as unknown as REST).reply(command, reply),
  },
  {
    name: 'error: a form cannot open another form',
    ownReply: true,
    send: (rest) =>
      new InteractionResponder(rest as unknown as REST).respond(modalFromMessage, Promise.resolve(aModal)),
  },
  {
    name: 'error: a form asked for too late, after a deferral',
    ownReply: true,
    send: (rest) => {
      const { responder, work } = afterDeferral(rest, aModal);
      return responder.respond(command, work);
    },
  },
  {
    name: 'channel post (scheduled tip, review card)',
    send: (rest, reply) =>
      new DiscordOutbox({ rest } as unknown as Client, silentLogger).postToChannel(
        '800000000000000001',
        reply,
        {
          nonce: 'n',
        },
      ),
  },
  {
    name: 'edit of a channel message (review card)',
    send: (rest, reply) =>
      new DiscordOutbox({ rest } as unknown as Client, silentLogger).editChannelMessage(
        '800000000000000001',
        '600000000000000001',
        reply,
      ),
  },
  {
    name: 'direct message (author notice)',
    send: (rest, reply) =>
      new DiscordOutbox({ rest } as unknown as Client, silentLogger).sendDirectMessage('42', reply),
  },
];

describe('allowed_mentions on every kind of message the bot sends', () => {
  const pingEveryone: Reply = {
    content: '@everyone @here <@&300000000000000009> <@300000000000000008> hello',
    embeds: [{ title: '<@&300000000000000009>', description: '@everyone <@300000000000000008>' }],
  };

  it.each(KINDS)('$name: pings nobody, whatever the text says', async ({ send }) => {
    const rest = new RecordingRest();
    await send(rest, pingEveryone);
    const messages = rest.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.allowed_mentions).toEqual({ parse: [] });
  });

  it.each(KINDS.filter((kind) => !kind.ownReply))(
    '$name: pings exactly the one user the reply targets',
    async ({ send }) => {
      const rest = new RecordingRest();
      await send(rest, { ...pingEveryone, mentionUserId: '300000000000000007' });
      const messages = rest.messages();
      expect(messages).toHaveLength(1);
      expect(messages[0]?.allowed_mentions).toEqual({ parse: [], users: ['300000000000000007'] });
    },
  );
});
