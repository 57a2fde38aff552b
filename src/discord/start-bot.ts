/**
 * Starts the bot on Discord: configuration, the shared app (knowledge, search, storage, commands),
 * a discord.js client with the Guilds intent only, running the gateway shards this process is
 * configured for (src/discord/shards.ts), and the interaction router. Used by `npm start`
 * (src/main.ts) and by the end-to-end tests, so the tests exercise the real start-up path.
 * Commands are never registered here: that is `npm run deploy-commands`.
 */
import { once } from 'node:events';
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, Options, Status } from 'discord.js';
import type { CommandModule } from '../../commands/types.js';
import { type App, createApp } from '../app.js';
import type { Clock } from '../clock.js';
import { type Config, loadConfig, requireToken } from '../config.js';
import { Dispatcher } from '../dispatch.js';
import { createLogger, type Logger } from '../logger.js';
import { Health } from '../ops/health.js';
import { Metrics } from '../ops/metrics.js';
import { startOpsServer } from '../ops/ops-server.js';
import { countingMakeRequest, countRateLimits } from '../ops/rest-metrics.js';
import { DiscordOutbox } from './discord-outbox.js';
import { InteractionResponder } from './interaction-responder.js';
import { InteractionRouter } from './interaction-router.js';
import { clientShardOptions, type ShardSet, servesGuild } from './shards.js';

/**
 * A hung REST request is abandoned after this long (discord.js's default is 15 s): by then the
 * 3-second window for an interaction's first response has long passed, and scheduled posts retry.
 */
const REST_TIMEOUT_MS = 10_000;
const DEFAULT_READY_TIMEOUT_MS = 30_000;
/** Shutdown waits this long for interactions in flight, leaving time to close within 5 s. */
export const DEFAULT_DRAIN_MS = 3_000;

export interface StartBotOptions {
  /** Environment to read configuration from. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Default: the process's standard-error logger at LOG_LEVEL (see logger.ts), written asynchronously. */
  readonly logger?: Logger;
  /** Chooses the command modules to serve from the app's (tests add their own). Default: the app's. */
  readonly commands?: (appCommands: readonly CommandModule[]) => readonly CommandModule[];
  readonly readyTimeoutMs?: number;
  /**
   * Defer slow handlers (and give up on slow autocomplete) after this long.
   * Default DISCORD_LIMITS.deferAfterMs; tests shorten it.
   */
  readonly deferAfterMs?: number;
  /** Time for the app (scheduled tips, cooldowns). Default: the system clock; tests pass a controllable one. */
  readonly clock?: Clock;
  /**
   * Aborts start-up (a signal arrived before ready): what was opened is closed and startBot
   * rejects with StartAbortedError.
   */
  readonly signal?: AbortSignal;
}

/** startBot was asked to stop (its `signal` aborted) before the bot was ready. */
export class StartAbortedError extends Error {
  constructor() {
    super('start-up aborted before the bot was ready');
    this.name = 'StartAbortedError';
  }
}

/** Why a running bot stopped: asked to (`stop()`), or Discord closed the gateway for good. */
export type StopReason =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'gateway-lost'; readonly code: number };

export interface RunningBot {
  readonly client: Client<true>;
  readonly app: App;
  readonly config: Config;
  readonly logger: Logger;
  /** From DISCORD_APPLICATION_ID, else learnt from the gateway's READY. */
  readonly applicationId: string;
  /** The gateway shards this process runs, out of how many (learnt from Discord when not configured). */
  readonly shards: ShardSet;
  /** Where GET /metrics and /healthz are served (http://host:port), or null when METRICS_PORT is unset. */
  readonly opsUrl: string | null;
  /**
   * Stops taking interactions, waits up to `drainMs` for those in flight, aborts outgoing posts,
   * destroys the client, then closes the app (scheduled tips, storage). Safe to call twice.
   */
  stop(options?: { readonly drainMs?: number }): Promise<void>;
  /**
   * Settles once the bot has stopped. `gateway-lost` means Discord closed the connection with a
   * code that cannot be resumed (4004 after a token reset, say): the bot stopped itself, and the
   * process should exit non-zero so a supervisor restarts it.
   */
  readonly stopped: Promise<StopReason>;
}

function createClient(config: Config, metrics: Metrics): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // discord.js's own sharding: this process identifies these shards; Discord routes each guild
    // to one of them, so processes running disjoint ids share the bot's guilds between them.
    ...clientShardOptions(config),
    rest: {
      api: config.DISCORD_API_URL,
      timeout: REST_TIMEOUT_MS,
      makeRequest: countingMakeRequest(metrics),
    },
    // A second guard behind payload.ts: anything sent through discord.js helpers pings nobody either.
    allowedMentions: { parse: [] },
    // The bot never reads messages and meets many members through interactions: keep memory flat.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 200, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 1_000, keepOverLimit: (user) => user.id === user.client.user.id },
    }),
  });
}

function logClientEvents(client: Client, logger: Logger): void {
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ detail: message }, 'discord client warning'));
  client.on(Events.Debug, (message) => {
    // discord.js prints a partly censored token at login; keep every part of it out of the logs.
    if (!/token/i.test(message)) logger.trace({ detail: message }, 'discord.js');
  });
  client.on(Events.ShardReady, (shardId, unavailable) =>
    logger.info(
      { shardId, shardCount: client.options.shardCount, unavailableGuilds: unavailable?.size ?? 0 },
      'gateway shard ready',
    ),
  );
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.rest.on('rateLimited', (info) =>
    logger.warn(
      { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global },
      'rate limited by Discord; waiting as asked',
    ),
  );
}

/**
 * Throws, naming them, when some of this process's gateway shards are not ready (still connecting,
 * resuming after a drop, or not started): /healthz's gateway check.
 */
function checkShardsReady(client: Client): void {
  const shards = [...client.ws.shards.values()];
  if (shards.length === 0) throw new Error('no gateway shard is connected yet');
  const waiting = shards.filter((shard) => shard.status !== Status.Ready);
  if (waiting.length > 0) {
    throw new Error(
      `gateway shards not ready: ${waiting.map((s) => `${s.id} (${Status[s.status]})`).join(', ')}`,
    );
  }
}

/**
 * Destroying the client while @discordjs/ws waits for READY can hang: aborting that wait makes the
 * shard reconnect, and the destroy waits for a close that never comes. Start-up gives up after this.
 */
const START_UP_DESTROY_MS = 1_000;

async function destroyWithin(client: Client, timeoutMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'gave up'>((resolve) => {
    timer = setTimeout(() => resolve('gave up'), timeoutMs);
  });
  const outcome = await Promise.race([client.destroy(), gaveUp]);
  clearTimeout(timer);
  if (outcome === 'gave up')
    logger.warn({ timeoutMs }, 'the discord.js client did not close in time; going on');
}

export async function startBot(options: StartBotOptions = {}): Promise<RunningBot> {
  const { signal } = options;
  if (signal?.aborted) throw new StartAbortedError();
  const config = loadConfig(options.env ?? process.env);
  const token = requireToken(config);
  // Asynchronous, batched writes (a synchronous write per interaction was a sixth of the bot's CPU
  // under load), flushed at exit within a bound, so a reader that stops cannot hold the process.
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const sharding = clientShardOptions(config);
  logger.info(
    {
      pid: process.pid,
      node: process.version,
      api: config.DISCORD_API_URL,
      // 'auto': every shard of the count Discord recommends, learnt at login.
      shardIds: sharding.shards,
      shardCount: 'shardCount' in sharding ? sharding.shardCount : 'auto',
    },
    'starting',
  );

  // This process's registry: the client's REST, the app and the dispatcher all count into it.
  const metrics = new Metrics({ processMetrics: true });
  const client = createClient(config, metrics);
  logClientEvents(client, logger);
  countRateLimits(client.rest, metrics);
  // Aborted by stop(): a scheduled post waiting on retries or a 429 must not hold up shutdown.
  const outgoing = new AbortController();
  const app = await createApp({
    config,
    logger,
    outbox: new DiscordOutbox(client, logger, outgoing.signal),
    ...(options.clock && { clock: options.clock }),
    metrics,
  });
  // Up before the login, so a probe hears 503 "gateway not ready" while the shards connect.
  const health = new Health(
    { gateway: () => checkShardsReady(client), database: () => app.pingDatabase() },
    logger,
  );
  let ops: Awaited<ReturnType<typeof startOpsServer>>;
  try {
    ops = await startOpsServer(config.METRICS_PORT, config.METRICS_HOST, { metrics, health, logger });
  } catch (error) {
    await client.destroy();
    await app.close();
    throw new Error(
      `could not serve metrics on ${config.METRICS_HOST}:${config.METRICS_PORT}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (signal?.aborted) {
    await client.destroy();
    await ops?.server.close();
    await app.close();
    logger.info('start-up aborted; storage closed');
    throw new StartAbortedError();
  }
  const commands = options.commands ? options.commands(app.commands) : app.commands;
  const router = new InteractionRouter(
    new Dispatcher(commands),
    app.services,
    new InteractionResponder(client.rest, options.deferAfterMs),
    logger,
    options.deferAfterMs,
  );
  client.on(Events.InteractionCreate, (interaction) => router.handle(interaction));

  let gatewayReadyAt: number | null = null;
  client.ws.once(GatewayDispatchEvents.Ready, () => {
    gatewayReadyAt = performance.now();
  });

  const readyTimeout = AbortSignal.timeout(options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  const ready = once(client, Events.ClientReady, {
    signal: signal ? AbortSignal.any([readyTimeout, signal]) : readyTimeout,
  });
  try {
    // Both at once, so a login that never completes still ends with the ready timeout.
    await Promise.all([client.login(token), ready]);
  } catch (error) {
    outgoing.abort();
    await destroyWithin(client, START_UP_DESTROY_MS, logger);
    await ops?.server.close();
    await app.close();
    if (signal?.aborted) {
      logger.info('start-up aborted; storage closed');
      throw new StartAbortedError();
    }
    if (readyTimeout.aborted) {
      throw new Error(
        `Discord did not report ready within ${options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS} ms`,
      );
    }
    throw error;
  }
  const readyClient = client as Client<true>;

  const learntId = readyClient.application.id;
  if (config.DISCORD_APPLICATION_ID && config.DISCORD_APPLICATION_ID !== learntId) {
    logger.warn(
      { configured: config.DISCORD_APPLICATION_ID, fromGateway: learntId },
      'DISCORD_APPLICATION_ID differs from the application this token belongs to',
    );
  }
  const applicationId = config.DISCORD_APPLICATION_ID ?? learntId;

  // After login discord.js has resolved 'auto' into the ids it runs and the total count.
  const shards: ShardSet = {
    ids: [...readyClient.ws.shards.keys()].sort((a, b) => a - b),
    count: readyClient.options.shardCount ?? 1,
  };
  // Each process schedules tips only for the guilds its shards serve; the slot claims in the
  // database still keep every slot to one post if two schedulers ever look at the same guild.
  app.services.tips.start({ servesGuild: servesGuild(shards) });
  const now = performance.now();
  logger.info(
    {
      user: readyClient.user.tag,
      applicationId,
      shardIds: shards.ids,
      shardCount: shards.count,
      guilds: readyClient.guilds.cache.size,
      commands: commands.map((c) => c.definition.name),
      sinceProcessStartMs: Math.round(now),
      sinceGatewayReadyMs: gatewayReadyAt === null ? null : Math.round((now - gatewayReadyAt) * 10) / 10,
    },
    'ready',
  );

  let stopping: Promise<void> | null = null;
  let reportStopped: (reason: StopReason) => void = () => {};
  const stopped = new Promise<StopReason>((resolve) => {
    reportStopped = resolve;
  });
  const shutDown = (reason: StopReason, drainMs: number) => {
    stopping ??= (async () => {
      health.markStopping();
      logger.info({ inFlight: router.pending }, 'shutting down');
      try {
        const drained = await router.drain(drainMs);
        // Abandoned handlers may still run; the router catches and logs whatever they throw
        // (a closed database included), so nothing escapes as an unhandled rejection.
        if (!drained) logger.warn({ abandoned: router.pending }, 'abandoning interactions still in flight');
        outgoing.abort();
        // The client first: it stops the gateway, so nothing new reaches the app while it closes.
        try {
          await client.destroy();
        } finally {
          await app.close();
          // Last, so /healthz says 503 for the whole shutdown.
          await ops?.server.close();
        }
        logger.info('stopped');
      } finally {
        reportStopped(reason);
      }
    })();
    return stopping;
  };
  const stop = ({ drainMs = DEFAULT_DRAIN_MS } = {}) => shutDown({ kind: 'stopped' }, drainMs);

  client.on(Events.ShardDisconnect, (event, shardId) => {
    logger.error(
      { shardId, code: event.code },
      'Discord closed the gateway connection for good (a reset token, say); stopping so a supervisor can restart the bot',
    );
    shutDown({ kind: 'gateway-lost', code: event.code }, DEFAULT_DRAIN_MS).catch((error: unknown) =>
      logger.error({ err: error }, 'error while stopping after the gateway was lost'),
    );
  });

  return {
    client: readyClient,
    app,
    config,
    logger,
    applicationId,
    shards,
    opsUrl: ops?.url ?? null,
    stop,
    stopped,
  };
}
