/**
 * Starts the bot as an HTTP interactions endpoint, with no gateway connection: configuration, the
 * shared app (knowledge, search, storage, commands, the tip scheduler) with an Outbox over REST, a
 * check of the token (GET /users/@me, which also gives the bot's user id for permission checks),
 * and the HTTP server. Used by `npm run serve` (main.ts beside this file) and by the end-to-end
 * tests and the bench, so they run the real start-up path.
 */
import { REST } from 'discord.js';
import { type APIUser, Routes } from 'discord-api-types/v10';
import type { CommandModule } from '../../../commands/types.js';
import { type App, createApp } from '../../app.js';
import type { Clock } from '../../clock.js';
import { type Config, loadConfig, requirePublicKey, requireToken } from '../../config.js';
import { InteractionResponder } from '../../discord/interaction-responder.js';
import { Dispatcher } from '../../dispatch.js';
import { createLogger, type Logger } from '../../logger.js';
import { Health } from '../../ops/health.js';
import { Metrics } from '../../ops/metrics.js';
import { OpsEndpoints, startOpsServer } from '../../ops/ops-server.js';
import { countingMakeRequest, countRateLimits } from '../../ops/rest-metrics.js';
import { GuildNames } from './guild-names.js';
import { type HttpLimits, INTERACTIONS_PATH, InteractionsServer } from './http-server.js';
import { InteractionEndpoint } from './interaction-endpoint.js';
import { InteractionReplayGuard } from './replay-guard.js';
import { RestOutbox } from './rest-outbox.js';
import { createSignatureVerifier } from './signature.js';

/**
 * A hung REST request (a follow-up, a channel post) is abandoned after this long, as on the
 * gateway path: an interaction's token outlives it, and scheduled posts retry.
 */
const REST_TIMEOUT_MS = 10_000;
/** Shutdown waits this long for requests and follow-ups in flight, leaving time to exit within 5 s. */
export const DEFAULT_DRAIN_MS = 3_000;

export interface StartServerOptions {
  /** Environment to read configuration from. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Default: the process's standard-error logger at LOG_LEVEL. */
  readonly logger?: Logger;
  /** Chooses the command modules to serve from the app's (tests add their own). Default: the app's. */
  readonly commands?: (appCommands: readonly CommandModule[]) => readonly CommandModule[];
  /** Defer slow handlers (and give up on slow autocomplete) after this long. Default DISCORD_LIMITS.deferAfterMs. */
  readonly deferAfterMs?: number;
  /** Time for the app (scheduled tips, cooldowns). Default: the system clock. */
  readonly clock?: Clock;
  /** Body limit and client deadlines. Default DEFAULT_HTTP_LIMITS; tests shorten the deadlines. */
  readonly limits?: Partial<HttpLimits>;
}

export interface RunningServer {
  readonly app: App;
  readonly config: Config;
  readonly logger: Logger;
  /** Where the endpoint listens, e.g. http://127.0.0.1:8080/interactions (with the real port when PORT=0). */
  readonly url: string;
  readonly port: number;
  /**
   * A second address serving only /metrics and /healthz (http://host:port), when METRICS_PORT is
   * set and differs from PORT; null otherwise. The interactions server answers both paths anyway.
   */
  readonly opsUrl: string | null;
  /**
   * Stops taking connections, waits up to `drainMs` for requests and follow-ups in flight (then
   * cuts what is left), aborts outgoing posts, and closes the app (scheduled tips, storage).
   * Safe to call twice.
   */
  stop(options?: { readonly drainMs?: number }): Promise<void>;
}

/** Says why the token was refused without repeating it; anything else is passed on. */
async function whoAmI(rest: REST): Promise<APIUser> {
  try {
    return (await rest.get(Routes.user('@me'))) as APIUser;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 401) {
      throw new Error('Discord refused DISCORD_TOKEN (401): copy the token again from the Bot page.');
    }
    throw error;
  }
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env);
  const token = requireToken(config);
  const publicKey = requirePublicKey(config);
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  logger.info({ pid: process.pid, node: process.version, api: config.DISCORD_API_URL }, 'starting');

  const metrics = new Metrics({ processMetrics: true });
  const rest = new REST({
    api: config.DISCORD_API_URL,
    timeout: REST_TIMEOUT_MS,
    makeRequest: countingMakeRequest(metrics),
  }).setToken(token);
  countRateLimits(rest, metrics);
  rest.on('rateLimited', (info) =>
    logger.warn(
      { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global },
      'rate limited by Discord; waiting as asked',
    ),
  );
  const verify = createSignatureVerifier(publicKey);
  const botUser = await whoAmI(rest);

  // Aborted by stop(): a scheduled post waiting on retries or a 429 must not hold up shutdown.
  const outgoing = new AbortController();
  const app = await createApp({
    config,
    logger,
    outbox: new RestOutbox(rest, botUser.id, logger, outgoing.signal),
    ...(options.clock && { clock: options.clock }),
    // Behind a load balancer any instance may get any member's next request: cooldowns and the
    // repeat guard must be the same for all of them, so they live in the shared database.
    cooldowns: 'database',
    metrics,
  });
  // The server being up is shown by its answering at all; the database must answer too.
  const health = new Health({ database: () => app.pingDatabase() }, logger);
  const ops = new OpsEndpoints({ metrics, health, logger });
  const commands = options.commands ? options.commands(app.commands) : app.commands;
  const endpoint = new InteractionEndpoint(
    new Dispatcher(commands),
    app.services,
    new InteractionResponder(rest, options.deferAfterMs),
    new GuildNames(rest, logger),
    logger,
    options.deferAfterMs,
  );
  const server = new InteractionsServer({
    endpoint,
    verify,
    replayGuard: new InteractionReplayGuard(),
    ops,
    logger,
    ...(options.limits && { limits: options.limits }),
  });
  let address: Awaited<ReturnType<InteractionsServer['listen']>>;
  let separateOps: Awaited<ReturnType<typeof startOpsServer>> = null;
  try {
    address = await server.listen(config.PORT, config.HOST);
    // METRICS_PORT set for a container's health check (the Dockerfile's) works in this mode too.
    const opsPort = config.METRICS_PORT === address.port ? undefined : config.METRICS_PORT;
    separateOps = await startOpsServer(opsPort, config.METRICS_HOST, { metrics, health, logger });
  } catch (error) {
    await server.close(0);
    await app.close();
    throw error;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}${INTERACTIONS_PATH}`;

  app.services.tips.start();
  logger.info(
    {
      url,
      user: botUser.username,
      commands: commands.map((c) => c.definition.name),
      sinceProcessStartMs: Math.round(performance.now()),
    },
    'ready',
  );

  let stopping: Promise<void> | null = null;
  const stop = ({ drainMs = DEFAULT_DRAIN_MS } = {}) => {
    stopping ??= (async () => {
      health.markStopping();
      logger.info({ inFlight: endpoint.pending }, 'shutting down');
      const started = performance.now();
      const closed = await server.close(drainMs);
      const left = Math.max(0, drainMs - (performance.now() - started));
      const drained = await endpoint.drain(left);
      if (!closed || !drained) {
        logger.warn({ abandoned: endpoint.pending }, 'abandoning requests still in flight');
      }
      outgoing.abort();
      await app.close();
      await separateOps?.server.close();
      logger.info('stopped');
    })();
    return stopping;
  };

  return { app, config, logger, url, port: address.port, opsUrl: separateOps?.url ?? null, stop };
}
