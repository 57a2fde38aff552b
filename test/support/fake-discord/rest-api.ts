/**
 * The stand-in's REST API v10 state and routes: gateway discovery, command registration,
 * interaction callbacks (acknowledged once, like Discord), `@original` edits and deletes,
 * follow-ups, channel posts (with enforced nonces), DM channels, reads of a guild, the bot's
 * member and a channel, and injected faults.
 */
import { ChannelType, InteractionResponseType, type InteractionType } from 'discord-api-types/v10';
import { DISCORD_LIMITS } from '../../../src/replies/limits.js';
import { channelPayload, type FakeGuild, guildCreatePayload } from './guilds.js';
import { nextSnowflake } from './ids.js';
import { type InteractionEnvelope, userPayload } from './interactions.js';
import { callbackProblems, messageProblems } from './validation.js';

/** Discord remembers an enforced nonce for a few minutes. */
const NONCE_MEMORY_MS = 5 * 60_000;

// biome-ignore lint/suspicious/noExplicitAny: JSON the bot sent; tests read it field by field, as Discord would.
export type WireJson = any;

export interface FaultSpec {
  readonly method?: string;
  /** Exact path after /api/v10, or a pattern tested against it. */
  readonly path: string | RegExp;
  readonly status: 429 | 500 | 502 | 503 | 403 | 404;
  /** How many matching requests fail. Default 1. */
  readonly times?: number;
  /** For 429: the Retry-After the stand-in sends, in seconds. Default 0.2. */
  readonly retryAfterSeconds?: number;
  /**
   * For 429: also send the route's bucket headers as Discord does when the bucket is used up
   * (X-RateLimit-Remaining 0, resetting after Retry-After), so the client knows it is limited
   * and waits (discord.js emits `rateLimited`) instead of treating it as a one-off.
   */
  readonly bucketExhausted?: boolean;
}

export interface FakeMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly content: string;
  readonly embeds: WireJson[];
  readonly components: WireJson[];
  readonly flags: number;
  readonly nonce?: string;
  readonly [key: string]: unknown;
}

export interface InteractionCallback {
  /** InteractionResponseType: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  readonly type: number;
  readonly data: WireJson;
}

export interface InteractionState {
  readonly envelope: InteractionEnvelope;
  readonly type: InteractionType;
  callback: InteractionCallback | null;
  /** The stand-in's clock when INTERACTION_CREATE was dispatched: the first callback must come within 3 s. */
  readonly dispatchedAt: number;
  original: FakeMessage | null;
  /** The message a component or modal interaction came from. */
  readonly sourceMessage: FakeMessage | null;
  /** How the bot received it: INTERACTION_CREATE on the gateway, or a signed POST to its endpoint. */
  readonly delivery: 'gateway' | 'http';
  /** For HTTP delivery: set when the endpoint answered with anything but a 200 interaction response. */
  httpFailure: { readonly status: number; readonly body: string } | null;
}

interface Fault {
  readonly spec: FaultSpec;
  remaining: number;
}

export type RouteResult = { status: number; body?: unknown; headers?: Record<string, string> };

/** A request the real Discord would have refused because the bot got something wrong. */
export interface Rejection {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly code: number;
  /** What was wrong: the limits exceeded, or how late the callback was. */
  readonly problems: readonly string[];
}

export class FakeRestApi {
  /** Messages created by channel posts, interaction replies and follow-ups, by id. */
  readonly messages = new Map<string, FakeMessage>();
  readonly registeredCommands: { global: WireJson[] | null; guilds: Map<string, WireJson[]> } = {
    global: null,
    guilds: new Map(),
  };
  readonly closedDms = new Set<string>();
  readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private readonly faults: Fault[] = [];
  private readonly channelFailures = new Map<string, 403 | 404>();
  private readonly dmChannels = new Map<string, string>();
  private readonly nonces = new Map<string, { message: FakeMessage; at: number }>();
  /** Requests refused for exceeding Discord's limits or answering an interaction too late. */
  readonly rejections: Rejection[] = [];
  /** What GET /gateway/bot recommends: shard count and identify concurrency. */
  gatewayBot = { shards: 1, maxConcurrency: 1 };

  constructor(
    private readonly applicationId: string,
    private readonly botUser: object,
    private readonly guilds: readonly FakeGuild[],
    private readonly gatewayUrl: () => string,
    private readonly expectedToken: string | undefined,
    private readonly lean: boolean,
    private readonly now: () => number,
  ) {}

  forget(interactionId: string): void {
    const state = this.interactions.get(interactionId);
    if (!state) return;
    this.interactions.delete(interactionId);
    this.interactionsByToken.delete(state.envelope.token);
  }

  /**
   * The interaction a webhook request (an edit of `@original`, a follow-up) belongs to, when that
   * interaction went to the bot's HTTP endpoint and its HTTP response has not been read yet: the
   * bot sends follow-ups right after answering, and they can overtake the response on the way.
   */
  awaitingHttpAnswer(path: string): InteractionState | null {
    const token = /^\/webhooks\/\d+\/([^/]+)/.exec(path)?.[1];
    const state = token === undefined ? undefined : this.interactionsByToken.get(token);
    if (state?.delivery !== 'http' || state.callback || state.httpFailure) return null;
    return state;
  }

  track(state: InteractionState): void {
    this.interactions.set(state.envelope.id, state);
    this.interactionsByToken.set(state.envelope.token, state);
  }

  failNext(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.times ?? 1 });
  }

  setChannelFailure(channelId: string, status: 403 | 404 | null): void {
    if (status === null) this.channelFailures.delete(channelId);
    else this.channelFailures.set(channelId, status);
  }

  /** Answers one request: an injected fault, an auth failure, or the route. */
  handle(method: string, path: string, body: WireJson, authorization: string): RouteResult {
    return (
      this.injectedFault(method, path) ??
      this.authFailure(authorization, path) ??
      this.route(method, path, body)
    );
  }

  /** 400 Invalid Form Body, as Discord answers a body over its limits; recorded as a rejection. */
  private invalidFormBody(method: string, path: string, problems: string[]): RouteResult | undefined {
    if (problems.length === 0) return undefined;
    this.rejections.push({ method, path, status: 400, code: 50035, problems });
    return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: problems } };
  }

  private injectedFault(method: string, path: string): RouteResult | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.spec.method === undefined || f.spec.method.toUpperCase() === method) &&
        (typeof f.spec.path === 'string' ? f.spec.path === path : f.spec.path.test(path)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    const { status } = fault.spec;
    if (status === 429) {
      const retryAfter = fault.spec.retryAfterSeconds ?? 0.2;
      return {
        status,
        headers: {
          'retry-after': String(retryAfter),
          'x-ratelimit-scope': 'user',
          ...(fault.spec.bucketExhausted && {
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': String(retryAfter),
          }),
        },
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
      };
    }
    if (status === 403) return { status, body: { message: 'Missing Access', code: 50001 } };
    if (status === 404) return { status, body: { message: 'Unknown Channel', code: 10003 } };
    return { status, body: { message: `${status}: Server Error`, code: 0 } };
  }

  private authFailure(authorization: string, path: string): RouteResult | undefined {
    const open = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
    if (open) return undefined;
    const unauthorized = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    if (!authorization.startsWith('Bot ')) return unauthorized;
    if (this.expectedToken !== undefined && authorization !== `Bot ${this.expectedToken}`) {
      return unauthorized;
    }
    return undefined;
  }

  private route(method: string, path: string, body: WireJson): RouteResult {
    const match = (pattern: RegExp, wanted?: string) =>
      wanted && method !== wanted ? null : pattern.exec(path);
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: this.gatewayUrl(),
          shards: this.gatewayBot.shards,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 0,
            max_concurrency: this.gatewayBot.maxConcurrency,
          },
        },
      };
    }
    if (method === 'GET' && path === '/gateway') return { status: 200, body: { url: this.gatewayUrl() } };
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: this.botUser };
    if (method === 'GET' && path === '/applications/@me') {
      return {
        status: 200,
        body: {
          id: this.applicationId,
          name: 'Meta Connected',
          flags: 0,
          bot: this.botUser,
          description: '',
        },
      };
    }
    const global = match(/^\/applications\/(\d+)\/commands$/, 'PUT');
    if (global) {
      if (global[1] !== this.applicationId) return unknownApplication();
      this.registeredCommands.global = this.registered(body, null);
      return { status: 200, body: this.registeredCommands.global };
    }
    const guild = match(/^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, 'PUT');
    if (guild) {
      if (guild[1] !== this.applicationId) return unknownApplication();
      const guildId = guild[2] ?? '';
      const registered = this.registered(body, guildId);
      this.registeredCommands.guilds.set(guildId, registered);
      return { status: 200, body: registered };
    }
    const callback = match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/, 'POST');
    if (callback) return this.interactionCallback(path, callback[1] ?? '', callback[2] ?? '', body);
    const webhook = match(/^\/webhooks\/(\d+)\/([^/]+)(\/messages\/([^/]+))?$/);
    if (webhook) {
      const sendsMessage = method === 'POST' || method === 'PATCH';
      return (
        (sendsMessage ? this.invalidFormBody(method, path, messageProblems(body)) : undefined) ??
        this.webhook(method, webhook[2] ?? '', webhook[4] ?? null, body)
      );
    }
    const channelMessage = match(/^\/channels\/(\d+)\/messages\/(\d+)$/, 'PATCH');
    if (channelMessage) {
      return (
        this.invalidFormBody(method, path, messageProblems(body)) ??
        this.channelEdit(channelMessage[1] ?? '', channelMessage[2] ?? '', body)
      );
    }
    const channel = match(/^\/channels\/(\d+)\/messages$/, 'POST');
    if (channel) {
      return (
        this.invalidFormBody(method, path, messageProblems(body)) ?? this.channelPost(channel[1] ?? '', body)
      );
    }
    if (method === 'POST' && path === '/users/@me/channels')
      return this.openDm(String(body?.recipient_id ?? ''));
    // Reads the HTTP transport makes instead of using a gateway cache (server names, permissions).
    const guildRead = match(/^\/guilds\/(\d+)$/, 'GET');
    if (guildRead) return this.readGuild(guildRead[1] ?? '');
    const memberRead = match(/^\/guilds\/(\d+)\/members\/(\d+)$/, 'GET');
    if (memberRead) return this.readMember(memberRead[1] ?? '', memberRead[2] ?? '');
    const channelRead = match(/^\/channels\/(\d+)$/, 'GET');
    if (channelRead) return this.readChannel(channelRead[1] ?? '');
    return {
      status: 404,
      body: { message: `404: Not Found (fake-discord has no route ${method} ${path})`, code: 0 },
    };
  }

  private readGuild(guildId: string): RouteResult {
    const guild = this.guilds.find((g) => g.id === guildId);
    if (!guild) return { status: 404, body: { message: 'Unknown Guild', code: 10004 } };
    const { channels: _channels, members: _members, ...rest } = guildCreatePayload(guild, this.botUser);
    return { status: 200, body: rest };
  }

  /** Only the bot's own member is known: the HTTP transport asks for nobody else. */
  private readMember(guildId: string, userId: string): RouteResult {
    const guild = this.guilds.find((g) => g.id === guildId);
    if (!guild) return { status: 404, body: { message: 'Unknown Guild', code: 10004 } };
    const botMember = guildCreatePayload(guild, this.botUser).members[0];
    if (userId !== (this.botUser as { id: string }).id || !botMember) {
      return { status: 404, body: { message: 'Unknown Member', code: 10007 } };
    }
    return { status: 200, body: botMember };
  }

  private readChannel(channelId: string): RouteResult {
    for (const guild of this.guilds) {
      const index = guild.channels.findIndex((c) => c.id === channelId);
      const channel = guild.channels[index];
      if (channel) return { status: 200, body: channelPayload(guild, channel, index) };
    }
    return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
  }

  private openDm(recipient: string): RouteResult {
    let channelId = this.dmChannels.get(recipient);
    if (!channelId) {
      channelId = nextSnowflake();
      this.dmChannels.set(recipient, channelId);
    }
    const user = userPayload({ id: recipient, username: `user-${recipient.slice(-4)}` });
    return {
      status: 200,
      body: { id: channelId, type: ChannelType.DM, recipients: [user], last_message_id: null },
    };
  }

  private registered(body: unknown, guildId: string | null): WireJson[] {
    const list = Array.isArray(body) ? body : [];
    return list.map((command: WireJson) => ({
      ...command,
      id: nextSnowflake(),
      application_id: this.applicationId,
      version: nextSnowflake(),
      type: command.type ?? 1,
      ...(guildId && { guild_id: guildId }),
    }));
  }

  private interactionCallback(path: string, id: string, token: string, body: WireJson): RouteResult {
    const state = this.interactions.get(id);
    if (!state || state.envelope.token !== token) return UNKNOWN_INTERACTION;
    return this.acceptCallback(state, path, body);
  }

  /**
   * The bot's first response to an interaction, whichever way it came: a REST callback (gateway
   * interactions) or the body of its HTTP response (interactions POSTed to its endpoint). The same
   * rules apply: once only, within 3 seconds, within Discord's limits.
   */
  acceptCallback(state: InteractionState, path: string, body: WireJson): RouteResult {
    const unknownInteraction = UNKNOWN_INTERACTION;
    if (state.callback) {
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    // Discord forgets an interaction whose first response did not come within 3 seconds.
    const lateByMs = this.now() - state.dispatchedAt - DISCORD_LIMITS.firstResponseMs;
    if (lateByMs > 0) {
      this.rejections.push({
        method: 'POST',
        path,
        status: 404,
        code: 10062,
        problems: [`first response ${Math.round(lateByMs)} ms after the 3-second window closed`],
      });
      return unknownInteraction;
    }
    const invalid = this.invalidFormBody('POST', path, callbackProblems(body));
    if (invalid) return invalid;
    const type = Number(body?.type);
    state.callback = { type, data: body?.data ?? null };
    const channelId = String(state.envelope.payload.channel_id);
    if (type === InteractionResponseType.ChannelMessageWithSource) {
      state.original = this.createMessage(channelId, body.data ?? {}, { interaction: true });
    } else if (type === InteractionResponseType.DeferredChannelMessageWithSource) {
      state.original = this.createMessage(
        channelId,
        { flags: (body.data?.flags ?? 0) | 128 },
        { interaction: true },
      );
    } else if (type === InteractionResponseType.UpdateMessage && state.sourceMessage) {
      state.original = this.updateMessage(state.sourceMessage.id, body.data ?? {});
    } else if (type === InteractionResponseType.DeferredMessageUpdate) {
      state.original = state.sourceMessage;
    }
    return { status: 204 };
  }

  private webhook(method: string, token: string, messageId: string | null, body: WireJson): RouteResult {
    const state = this.interactionsByToken.get(token);
    if (!state) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    const unknownMessage = { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (messageId === null) {
      if (method !== 'POST') return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
      if (!state.callback) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      const channelId = String(state.envelope.payload.channel_id);
      return { status: 200, body: this.createMessage(channelId, body ?? {}, { interaction: true }) };
    }
    const target = messageId === '@original' ? state.original : (this.messages.get(messageId) ?? null);
    if (!target || !this.messages.has(target.id)) return unknownMessage;
    if (method === 'GET') return { status: 200, body: target };
    if (method === 'DELETE') {
      this.messages.delete(target.id);
      return { status: 204 };
    }
    if (method === 'PATCH') {
      const updated = this.updateMessage(target.id, body ?? {});
      if (messageId === '@original') state.original = updated;
      return { status: 200, body: updated };
    }
    return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
  }

  private channelPost(channelId: string, body: WireJson): RouteResult {
    const failure = this.channelFailures.get(channelId);
    if (failure === 403) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
    if (failure === 404) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    const dmUser = [...this.dmChannels].find(([, id]) => id === channelId)?.[0];
    if (dmUser !== undefined) {
      if (this.closedDms.has(dmUser)) {
        return { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } };
      }
    } else {
      const channel = this.guilds.flatMap((g) => g.channels).find((c) => c.id === channelId);
      if (!channel) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      if (!channel.botCanView) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      if (!channel.botCanPost) return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
    }
    const nonce =
      typeof body?.nonce === 'string' || typeof body?.nonce === 'number' ? String(body.nonce) : null;
    if (nonce !== null && body?.enforce_nonce === true) {
      const key = `${channelId}:${nonce}`;
      const seen = this.nonces.get(key);
      if (seen && Date.now() - seen.at < NONCE_MEMORY_MS) return { status: 200, body: seen.message };
      const message = this.createMessage(channelId, body, {});
      this.nonces.set(key, { message, at: Date.now() });
      return { status: 200, body: message };
    }
    return { status: 200, body: this.createMessage(channelId, body ?? {}, {}) };
  }

  /** Edits a message the bot posted in a channel; only the bot's own messages, as on Discord. */
  private channelEdit(channelId: string, messageId: string, body: WireJson): RouteResult {
    const failure = this.channelFailures.get(channelId);
    if (failure === 403) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
    const message = this.messages.get(messageId);
    if (failure === 404 || !message || message.channel_id !== channelId)
      return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    return { status: 200, body: this.updateMessage(messageId, body ?? {}) };
  }

  createMessage(channelId: string, body: WireJson, origin: { interaction?: boolean }): FakeMessage {
    const message: FakeMessage = {
      id: nextSnowflake(),
      channel_id: channelId,
      type: origin.interaction ? 20 : 0,
      author: this.botUser,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      flags: typeof body.flags === 'number' ? body.flags : 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      ...(body.nonce !== undefined && { nonce: String(body.nonce) }),
      ...(origin.interaction && { webhook_id: this.applicationId, application_id: this.applicationId }),
    };
    if (!this.lean) this.messages.set(message.id, message);
    return message;
  }

  updateMessage(id: string, body: WireJson): FakeMessage {
    const previous = this.messages.get(id);
    if (!previous) throw new Error(`fake-discord: no message ${id}`);
    const updated: FakeMessage = {
      ...previous,
      ...(typeof body.content === 'string' && { content: body.content }),
      ...(Array.isArray(body.embeds) && { embeds: body.embeds }),
      ...(Array.isArray(body.components) && { components: body.components }),
      flags: (previous.flags & ~128) | (typeof body.flags === 'number' ? body.flags : 0),
      edited_timestamp: new Date().toISOString(),
    };
    this.messages.set(id, updated);
    return updated;
  }
}

const UNKNOWN_INTERACTION: RouteResult = {
  status: 404,
  body: { message: 'Unknown interaction', code: 10062 },
};

function unknownApplication(): RouteResult {
  return { status: 404, body: { message: 'Unknown Application', code: 10002 } };
}
