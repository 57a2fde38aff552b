/**
 * A local, protocol-level stand-in for Discord, for end-to-end tests and the Discord bench.
 * The real discord.js client talks to it over HTTP and WebSocket on 127.0.0.1; nothing in the
 * bot knows it is being tested. With `deliverInteractionsTo(url)` it sends interactions as Discord
 * does to an interactions endpoint instead: signed HTTP POSTs (Ed25519, with a key pair of its
 * own), reading the answer from the response. See README.md beside this file for the test API.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import { FakeGateway, type IdentifyRecord } from './gateway.js';
import { createGuild, type FakeGuild, type GuildSetup, guildCreatePayload, shardOf } from './guilds.js';
import { nextSnowflake } from './ids.js';
import {
  type Actor,
  buildInteraction,
  buttonData,
  commandData,
  modalData,
  nestOptions,
  type OptionInput,
  optionPayloads,
} from './interactions.js';
import {
  type FakeMessage,
  FakeRestApi,
  type FaultSpec,
  type InteractionCallback,
  type InteractionState,
  type Rejection,
  type RouteResult,
  type WireJson,
} from './rest-api.js';
import { DEFAULT_WAIT_MS, waitUntil } from './waiting.js';

export type { IdentifyRecord } from './gateway.js';
export type { ChannelSetup, FakeChannel, FakeGuild, GuildSetup } from './guilds.js';
export { guildIdOnShard, shardOf } from './guilds.js';
export type { Actor, FakeUser, OptionInput, TypedOption } from './interactions.js';
export { DEFAULT_USER } from './interactions.js';
export { PERMISSIONS } from './permissions.js';
export type { FakeMessage, FaultSpec, InteractionCallback, Rejection, WireJson } from './rest-api.js';

const API_PREFIX = '/api/v10';

export interface RecordedRequest {
  readonly method: string;
  /** Path after /api/v10, e.g. "/channels/123/messages". */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body, or null. */
  readonly body: WireJson;
  /** Whether the request carried `Authorization: Bot ...` (the token itself is never recorded). */
  readonly authenticated: boolean;
  /** The status the stand-in answered with. */
  readonly status: number;
  /** Position in the request log. */
  readonly index: number;
}

/** The message a user ends up seeing for an interaction, and how it got there. */
export interface FinalResponse {
  readonly via: 'callback' | 'edit' | 'follow-up';
  /** Callback type for `callback`, else the deferral type that preceded it. */
  readonly type: number;
  readonly data: WireJson;
}

export interface InteractionExchange {
  readonly id: string;
  readonly token: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The first (and only valid) callback the bot sent for this interaction. */
  readonly callback: InteractionCallback;
  /** Every request the bot has made for this interaction so far (callback, edits, follow-ups, deletes). */
  requests(): RecordedRequest[];
  /** The callback data for an immediate answer; after a deferral, the next @original edit or follow-up. */
  final(timeoutMs?: number): Promise<FinalResponse>;
}

export interface FakeDiscordOptions {
  readonly guilds?: readonly GuildSetup[];
  /**
   * For benchmarks: keep no request log, no messages, and forget an interaction once its callback
   * has been awaited, so the stand-in's own memory and GC stay flat over many thousands.
   */
  readonly lean?: boolean;
  readonly heartbeatIntervalMs?: number;
  /** When set, authenticated routes answer 401 to any other token. */
  readonly expectedToken?: string;
  /** Never answer IDENTIFY with READY: the bot stays in start-up until stopped. */
  readonly holdReady?: boolean;
  /** Milliseconds for the 3-second interaction window. Default performance.now; tests of the window move it. */
  readonly now?: () => number;
  /**
   * GET /gateway/bot's recommended shard count (default 1), which discord.js runs when not told
   * a count; and its `max_concurrency` (default 1: one IDENTIFY per 5 s, as for most bots).
   */
  readonly recommendedShards?: number;
  readonly maxConcurrency?: number;
}

const CALLBACK_PATH = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

/** A request to the bot's interactions endpoint, built by hand (forged, unsigned, oversized...). */
export interface EndpointRequest {
  /** Default POST. */
  readonly method?: string;
  /** Default: the path of the URL given to deliverInteractionsTo. */
  readonly path?: string;
  readonly body?: string | Buffer;
  /**
   * 'valid' (default): signed by the stand-in's key now, as Discord signs. 'none': no signature
   * headers. Or the two header values to send as they are.
   */
  readonly signature?: 'valid' | 'none' | { readonly signature: string; readonly timestamp: string };
  readonly headers?: Readonly<Record<string, string>>;
  /** Default DEFAULT_WAIT_MS: the request fails if no complete response comes by then. */
  readonly timeoutMs?: number;
}

export interface EndpointResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

export class FakeDiscord {
  readonly applicationId = nextSnowflake();
  readonly botUser = {
    id: nextSnowflake(),
    username: 'Meta Connected',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
    flags: 0,
  };
  readonly guilds: FakeGuild[];
  /** Every REST request the bot made, in order. */
  readonly requests: RecordedRequest[] = [];

  private readonly events = new EventEmitter().setMaxListeners(0);
  private readonly server: Server;
  private readonly gateway: FakeGateway;
  private readonly rest: FakeRestApi;
  private port = 0;
  private readonly lean: boolean;
  private readonly now: () => number;
  /** Discord's side of the interactions endpoint: it signs every request with this key. */
  private readonly signingKey: KeyObject;
  /** The application's public key as the Developer Portal shows it: 64 hexadecimal characters (DISCORD_PUBLIC_KEY). */
  readonly publicKey: string;
  private endpoint: URL | null = null;
  private readonly endpointAgent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

  private constructor(options: FakeDiscordOptions) {
    this.lean = options.lean ?? false;
    this.now = options.now ?? (() => performance.now());
    const keys = generateKeyPairSync('ed25519');
    this.signingKey = keys.privateKey;
    this.publicKey = Buffer.from(keys.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString(
      'hex',
    );
    this.guilds = (options.guilds ?? [{}]).map(createGuild);
    this.rest = new FakeRestApi(
      this.applicationId,
      this.botUser,
      this.guilds,
      () => this.gatewayUrl,
      options.expectedToken,
      this.lean,
      this.now,
    );
    this.rest.gatewayBot = {
      shards: options.recommendedShards ?? 1,
      maxConcurrency: options.maxConcurrency ?? 1,
    };
    this.gateway = new FakeGateway({
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      replayLimit: this.lean ? 1_000 : 20_000,
      resumeUrl: () => this.gatewayUrl,
      ...(options.holdReady && { holdReady: true }),
      onIdentify: (_sessionId, [shardId, shardCount]) => ({
        ready: {
          v: 10,
          user: this.botUser,
          guilds: this.guildsOnShard(shardId, shardCount).map((g) => ({ id: g.id, unavailable: true })),
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
          relationships: [],
          presences: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
        },
        after: this.guildsOnShard(shardId, shardCount).map((g) => ({
          t: 'GUILD_CREATE',
          d: guildCreatePayload(g, this.botUser),
        })),
      }),
    });
    this.gateway.on('identify', () => this.events.emit('gateway'));
    this.gateway.on('resume', () => this.events.emit('gateway'));
    this.gateway.on('disconnect', () => this.events.emit('gateway'));
    this.gateway.on('heartbeat', () => this.events.emit('gateway'));
    this.server = createServer((req, res) => {
      this.onHttp(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `fake-discord fault: ${(error as Error).message}`, code: 0 }));
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  /** Starts the stand-in on 127.0.0.1 with an ephemeral port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  async stop(): Promise<void> {
    this.endpointAgent.destroy();
    await this.gateway.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The value for DISCORD_API_URL (discord.js's `rest.api` form, without the version). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The first guild, created by default. */
  get guild(): FakeGuild {
    const guild = this.guilds[0];
    if (!guild) throw new Error('fake-discord: started without guilds');
    return guild;
  }

  get identifies(): readonly IdentifyRecord[] {
    return this.gateway.identifies;
  }

  get resumes(): readonly { sessionId: string; seq: number }[] {
    return this.gateway.resumes;
  }

  get heartbeats(): number {
    return this.gateway.heartbeats;
  }

  // ---- The interactions endpoint ----------------------------------------------------------

  /**
   * From now on, interactions go to the bot's endpoint at `url` (e.g. http://127.0.0.1:PORT/interactions)
   * as signed POSTs instead of INTERACTION_CREATE on the gateway; the response body is taken as the
   * first callback, with the same rules. Null goes back to the gateway.
   */
  deliverInteractionsTo(url: string | null): void {
    this.endpoint = url === null ? null : new URL(url);
  }

  /** The two headers Discord adds: an Ed25519 signature over timestamp + body, and the timestamp (Unix seconds). */
  signatureHeaders(body: string | Buffer, timestamp = String(Math.floor(Date.now() / 1000))) {
    const bytes = Buffer.concat([Buffer.from(timestamp), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
    return {
      'x-signature-ed25519': sign(null, bytes, this.signingKey).toString('hex'),
      'x-signature-timestamp': timestamp,
    };
  }

  /** Sends one request to the endpoint and resolves with the whole response (bounded by `timeoutMs`). */
  postToEndpoint(spec: EndpointRequest = {}): Promise<EndpointResponse> {
    const endpoint = this.endpoint;
    if (!endpoint) throw new Error('fake-discord: call deliverInteractionsTo(url) first');
    const body = spec.body ?? '';
    const signature = spec.signature ?? 'valid';
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(signature === 'valid' && this.signatureHeaders(body)),
      ...(typeof signature === 'object' && {
        'x-signature-ed25519': signature.signature,
        'x-signature-timestamp': signature.timestamp,
      }),
      ...spec.headers,
    };
    return new Promise<EndpointResponse>((resolve, reject) => {
      const call = httpRequest(
        {
          host: endpoint.hostname,
          port: endpoint.port,
          path: spec.path ?? endpoint.pathname,
          method: spec.method ?? 'POST',
          agent: this.endpointAgent,
          // A test that streams (transfer-encoding: chunked) announces no length.
          headers: headers['transfer-encoding']
            ? headers
            : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          timeout: spec.timeoutMs ?? DEFAULT_WAIT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      call.on('timeout', () => call.destroy(new Error('fake-discord: the endpoint did not answer in time')));
      call.on('error', reject);
      call.end(body);
    });
  }

  /** Sends an interaction to the endpoint and records its answer as the interaction's callback. */
  private deliverOverHttp(state: InteractionState): void {
    const body = JSON.stringify(state.envelope.payload);
    const settled = () => {
      this.events.emit('request');
      this.events.emit(`callback:${state.envelope.id}`);
    };
    this.postToEndpoint({ body, timeoutMs: 30_000 }).then(
      (response) => {
        let parsed: unknown;
        try {
          parsed = response.status === 200 ? JSON.parse(response.text) : undefined;
        } catch {
          parsed = undefined;
        }
        const result =
          parsed === undefined
            ? { status: response.status }
            : this.rest.acceptCallback(state, 'POST (interactions endpoint response)', parsed);
        if (parsed === undefined || result.status >= 300) {
          state.httpFailure = {
            status: parsed === undefined ? response.status : result.status,
            body: parsed === undefined ? response.text : JSON.stringify(result.body),
          };
        }
        settled();
      },
      (error: unknown) => {
        state.httpFailure = { status: 0, body: error instanceof Error ? error.message : String(error) };
        settled();
      },
    );
  }

  /** Adds a guild; if the bot is connected it receives GUILD_CREATE at once. */
  addGuild(setup: GuildSetup = {}): FakeGuild {
    const guild = createGuild(setup);
    this.guilds.push(guild);
    if (this.gateway.hasShardFor(guild.id))
      this.gateway.dispatch('GUILD_CREATE', guildCreatePayload(guild, this.botUser), guild.id);
    return guild;
  }

  /** Sends any gateway dispatch (e.g. CHANNEL_UPDATE) to the bot, on the shard of its `guild_id`. */
  dispatch(event: string, data: unknown): void {
    const guildId = (data as { guild_id?: unknown } | null)?.guild_id;
    this.gateway.dispatch(event, data, typeof guildId === 'string' ? guildId : null);
  }

  // ---- Waiting on the bot --------------------------------------------------------------------

  /** The shards that have identified, as [id, count], ascending by id. */
  get shards(): (readonly [number, number])[] {
    return this.gateway.shards;
  }

  /** The guilds whose events go to `shardId` of `shardCount` (Discord's sharding formula). */
  guildsOnShard(shardId: number, shardCount: number): FakeGuild[] {
    return this.guilds.filter((g) => shardOf(g.id, shardCount) === shardId);
  }

  waitForIdentify(timeoutMs = DEFAULT_WAIT_MS): Promise<IdentifyRecord> {
    return waitUntil(this.events, 'gateway', () => this.gateway.identifies[0], timeoutMs, 'IDENTIFY');
  }

  /** Resolves once the bot has resumed more than `after` times (default: at least once). */
  waitForResume(after = 0, timeoutMs = DEFAULT_WAIT_MS): Promise<{ sessionId: string; seq: number }> {
    return waitUntil(this.events, 'gateway', () => this.gateway.resumes[after], timeoutMs, 'RESUME');
  }

  /** Resolves once the bot has sent at least `count` heartbeats (each one is ACKed). */
  waitForHeartbeats(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<number> {
    return waitUntil(
      this.events,
      'gateway',
      () => (this.gateway.heartbeats >= count ? this.gateway.heartbeats : undefined),
      timeoutMs,
      `${count} heartbeats`,
    );
  }

  /** Resolves once the bot's gateway connection is closed (it is shutting down, or lost it). */
  waitForDisconnect(timeoutMs = DEFAULT_WAIT_MS): Promise<true> {
    return waitUntil(
      this.events,
      'gateway',
      () => (this.gateway.connected ? undefined : true),
      timeoutMs,
      'the gateway connection to close',
    );
  }

  /** Closes the bot's gateway connection with `code` (4000 = unknown error, resumable). */
  closeGateway(code = 4000): Promise<void> {
    return this.gateway.close(code, 'closed by the test');
  }

  /**
   * Resolves with the first recorded request (from position `since`, default 0) that matches.
   * Past requests count, so a request that already arrived is not missed.
   */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
    since = 0,
  ): Promise<RecordedRequest> {
    return waitUntil(
      this.events,
      'request',
      () => this.requests.slice(since).find(predicate),
      timeoutMs,
      'a matching REST request',
    );
  }

  // ---- Fault injection -----------------------------------------------------------------------

  /** The next `times` requests matching `spec` fail with its status (429 with Retry-After, 5xx, 403, 404). */
  failNext(spec: FaultSpec): void {
    this.rest.failNext(spec);
  }

  /** Posts to this channel answer 403 (Missing Access) or 404 (Unknown Channel); null restores it. */
  setChannelFailure(channelId: string, status: 403 | 404 | null): void {
    this.rest.setChannelFailure(channelId, status);
  }

  /**
   * Requests the real Discord would have refused: bodies over its limits (400, 50035 Invalid Form
   * Body) and first callbacks after the 3-second window (404, 10062). Kept in lean mode too.
   */
  get rejected(): readonly Rejection[] {
    return this.rest.rejections;
  }

  /** Messages created by channel posts, interaction replies and follow-ups, by id. */
  get messages(): Map<string, FakeMessage> {
    return this.rest.messages;
  }

  /** Command registrations received: global (null until a PUT), and per guild. */
  get registeredCommands(): FakeRestApi['registeredCommands'] {
    return this.rest.registeredCommands;
  }

  /** Users whose DMs are closed: posting to their DM channel answers 403 (50007). */
  get closedDms(): Set<string> {
    return this.rest.closedDms;
  }

  // ---- Interactions --------------------------------------------------------------------------

  sendSlashCommand(
    command: {
      readonly name: string;
      readonly options?: Readonly<Record<string, OptionInput>>;
      readonly subcommand?: string;
      readonly subcommandGroup?: string;
    } & Actor,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<InteractionExchange> {
    const guild = this.guildFor(command);
    const options = nestOptions(
      optionPayloads(command.options ?? {}),
      command.subcommand,
      command.subcommandGroup,
    );
    const data = commandData(this.commandId(command.name, guild), command.name, options, guild?.id ?? null);
    return this.interact(InteractionType.ApplicationCommand, data, command, guild, null, timeoutMs);
  }

  sendAutocomplete(
    command: {
      readonly name: string;
      readonly focused: { readonly name: string; readonly value: string };
      readonly options?: Readonly<Record<string, OptionInput>>;
      readonly subcommand?: string;
      readonly subcommandGroup?: string;
    } & Actor,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<InteractionExchange> {
    const guild = this.guildFor(command);
    const all = { ...command.options, [command.focused.name]: command.focused.value };
    const options = nestOptions(
      optionPayloads(all, command.focused.name),
      command.subcommand,
      command.subcommandGroup,
    );
    const data = commandData(this.commandId(command.name, guild), command.name, options, guild?.id ?? null);
    return this.interact(
      InteractionType.ApplicationCommandAutocomplete,
      data,
      command,
      guild,
      null,
      timeoutMs,
    );
  }

  /**
   * Clicks a button. Without `message`, the newest message carrying a button with this custom id
   * is used (the answer the bot just sent), so tests can click what the bot offered.
   */
  clickButton(
    customId: string,
    actor: Actor & { readonly message?: FakeMessage } = {},
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<InteractionExchange> {
    const message = actor.message ?? this.findMessageWithComponent(customId) ?? this.syntheticMessage(actor);
    const guild = this.guildFor(actor);
    return this.interact(
      InteractionType.MessageComponent,
      buttonData(customId),
      actor,
      guild,
      message,
      timeoutMs,
    );
  }

  /** Submits a modal with text input values by custom id; `message` when it was opened from a button. */
  submitModal(
    customId: string,
    fields: Readonly<Record<string, string>>,
    actor: Actor & { readonly message?: FakeMessage } = {},
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<InteractionExchange> {
    const guild = this.guildFor(actor);
    const data = modalData(customId, fields);
    return this.interact(InteractionType.ModalSubmit, data, actor, guild, actor.message ?? null, timeoutMs);
  }

  /** Dispatches an INTERACTION_CREATE without waiting for an answer (for benchmarks and negative tests). */
  dispatchSlashCommand(command: { readonly name: string } & Actor): { id: string; token: string } {
    const guild = this.guildFor(command);
    const data = commandData(this.commandId(command.name, guild), command.name, [], guild?.id ?? null);
    const state = this.createInteraction(InteractionType.ApplicationCommand, data, command, guild, null);
    return { id: state.envelope.id, token: state.envelope.token };
  }

  /** Resolves with the first callback for an interaction sent by `dispatchSlashCommand`. */
  async waitForCallback(interactionId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<InteractionCallback> {
    // One event per interaction: with many in flight, waking every waiter on each request was
    // quadratic work in the stand-in.
    const callback = await waitUntil(
      this.events,
      `callback:${interactionId}`,
      () => {
        const state = this.rest.interactions.get(interactionId);
        if (state?.httpFailure) {
          if (this.lean) this.rest.forget(interactionId);
          throw new Error(
            `fake-discord: the endpoint answered interaction ${interactionId} with ${state.httpFailure.status}: ${state.httpFailure.body}`,
          );
        }
        return state?.callback ?? undefined;
      },
      timeoutMs,
      `the callback for interaction ${interactionId}`,
    );
    if (this.lean) this.rest.forget(interactionId);
    return callback;
  }

  private guildFor(actor: Actor): FakeGuild | null {
    if (actor.guild === null) return null;
    if (actor.guild === undefined) return this.guild;
    const guild = this.guilds.find((g) => g.id === actor.guild);
    if (!guild) throw new Error(`fake-discord: no guild ${actor.guild}; add it with addGuild()`);
    return guild;
  }

  private commandId(name: string, guild: FakeGuild | null): string {
    const registered = [...(guild ? (this.registeredCommands.guilds.get(guild.id) ?? []) : [])];
    registered.push(...(this.registeredCommands.global ?? []));
    return registered.find((c) => c.name === name)?.id ?? nextSnowflake();
  }

  private createInteraction(
    type: InteractionType,
    data: Record<string, unknown>,
    actor: Actor,
    guild: FakeGuild | null,
    message: FakeMessage | null,
  ): InteractionState {
    const envelope = buildInteraction(type, data, {
      applicationId: this.applicationId,
      actor,
      guild,
      botPermissions: guild?.botPermissions ?? 0n,
      ...(message && { message: { ...message } }),
    });
    const state: InteractionState = {
      envelope,
      type,
      callback: null,
      dispatchedAt: this.now(),
      original: null,
      sourceMessage: message,
      delivery: this.endpoint ? 'http' : 'gateway',
      httpFailure: null,
    };
    this.rest.track(state);
    if (this.endpoint) this.deliverOverHttp(state);
    else this.gateway.dispatch('INTERACTION_CREATE', envelope.payload, guild?.id ?? null);
    return state;
  }

  private async interact(
    type: InteractionType,
    data: Record<string, unknown>,
    actor: Actor,
    guild: FakeGuild | null,
    message: FakeMessage | null,
    timeoutMs: number,
  ): Promise<InteractionExchange> {
    const state = this.createInteraction(type, data, actor, guild, message);
    const { id, token, payload } = state.envelope;
    const callback = await this.waitForCallback(id, timeoutMs);
    const requests = () => this.requests.filter((r) => r.path.includes(`/${token}`));
    return {
      id,
      token,
      payload,
      callback,
      requests,
      final: async (finalTimeoutMs = DEFAULT_WAIT_MS) => {
        if (
          callback.type !== InteractionResponseType.DeferredChannelMessageWithSource &&
          callback.type !== InteractionResponseType.DeferredMessageUpdate
        ) {
          return { via: 'callback', type: callback.type, data: callback.data };
        }
        const request = await waitUntil(
          this.events,
          'request',
          () =>
            requests().find(
              (r) =>
                r.status < 300 &&
                ((r.method === 'PATCH' && r.path.endsWith('/messages/@original')) ||
                  (r.method === 'POST' && r.path.startsWith('/webhooks/'))),
            ),
          finalTimeoutMs,
          `the answer after the deferral of interaction ${id}`,
        );
        return {
          via: request.method === 'PATCH' ? 'edit' : 'follow-up',
          type: callback.type,
          data: request.body,
        };
      },
    };
  }

  private findMessageWithComponent(customId: string): FakeMessage | undefined {
    const all = [...this.messages.values()].reverse();
    return all.find((m) =>
      m.components.some((row: WireJson) => row.components?.some((c: WireJson) => c.custom_id === customId)),
    );
  }

  private syntheticMessage(actor: Actor): FakeMessage {
    const guild = this.guildFor(actor);
    return this.rest.createMessage(actor.channel ?? guild?.channels[0]?.id ?? nextSnowflake(), {}, {});
  }

  // ---- REST ----------------------------------------------------------------------------------

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    if (text && (req.headers['content-type'] ?? '').includes('application/json')) body = JSON.parse(text);
    const method = (req.method ?? 'GET').toUpperCase();
    // discord.js percent-encodes '@original'; Discord accepts both spellings.
    const pathname = decodeURIComponent(url.pathname);
    const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
    const authorization = req.headers.authorization ?? '';
    const authenticated = authorization.startsWith('Bot ');
    // A follow-up can overtake the HTTP response it follows (two connections): as Discord has
    // the response before the follow-up can exist, hold the follow-up until the response is read.
    const answering = pathname.startsWith(API_PREFIX) ? this.rest.awaitingHttpAnswer(path) : null;
    if (answering) {
      await waitUntil(
        this.events,
        `callback:${answering.envelope.id}`,
        () => (answering.callback || answering.httpFailure ? true : undefined),
        DEFAULT_WAIT_MS,
        'the HTTP answer a follow-up refers to',
      ).catch(() => undefined);
    }

    const result: RouteResult = pathname.startsWith(API_PREFIX)
      ? this.rest.handle(method, path, body, authorization)
      : { status: 404, body: { message: '404: Not Found', code: 0 } };

    // A 204 has no body, so no content type: discord.js would try to parse an empty JSON body.
    const headers: Record<string, string> = {
      ...(result.status !== 204 && { 'content-type': 'application/json' }),
      ...result.headers,
    };
    res.writeHead(result.status, headers);
    res.end(result.status === 204 ? undefined : JSON.stringify(result.body ?? {}));
    if (!this.lean)
      this.requests.push({
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        body,
        authenticated,
        status: result.status,
        index: this.requests.length,
      });
    this.events.emit('request');
    const callbackFor = CALLBACK_PATH.exec(path)?.[1];
    if (callbackFor !== undefined) this.events.emit(`callback:${callbackFor}`);
  }
}

export { DEFAULT_WAIT_MS };
