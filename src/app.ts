/**
 * Wiring: config -> knowledge -> search -> storage -> services. Shared by every transport
 * (Discord, console, tests) so they all run the same parts. Each dependency is built
 * here and passed down explicitly; nothing reaches for globals.
 */
import { commands } from '../commands/index.js';
import type { CommandModule } from '../commands/types.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { Cooldowns } from './cooldowns/cooldowns.js';
import { MemoryCooldownStore } from './cooldowns/memory-cooldown-store.js';
import { FaqService } from './faq/faq-service.js';
import { FaqSync } from './faq/faq-sync.js';
import { ServerLanguage } from './i18n/server-language.js';
import { Insights } from './insights/insights.js';
import { loadLibrary } from './knowledge/load.js';
import type { Logger } from './logger.js';
import { instrumentStorage } from './ops/instrument-storage.js';
import { Metrics } from './ops/metrics.js';
import type { Outbox } from './replies/outbox.js';
import { discordLength } from './replies/text-length.js';
import { createMultilingualIndex } from './search/multilingual-index.js';
import type { Services } from './services.js';
import { openStorage } from './storage/open-storage.js';
import { TipService } from './tips/tip-service.js';

/**
 * Where cooldowns and the repeat-answer guard keep their state: 'process' (this process's memory)
 * or 'database' (shared by every process on the database). See cooldownPlace.
 */
export type CooldownPlace = 'process' | 'database';

export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly outbox: Outbox;
  readonly clock?: Clock;
  /** Default: cooldownPlace(config). `npm run serve` always passes 'database'. */
  readonly cooldowns?: CooldownPlace;
  /**
   * Where everything is counted. The transports make it (they count their REST client too) and
   * serve it on /metrics; default: a Metrics of its own, without process metrics (console, tests).
   */
  readonly metrics?: Metrics;
}

/**
 * Where cooldowns must live for a gateway process (or the console) with this configuration.
 * Discord sends each server's interactions to one shard only (direct messages to shard 0), so a
 * process running every shard sees every request and memory is right: nothing to share, no I/O.
 * A process running only some shards (DISCORD_SHARD_IDS names fewer than DISCORD_SHARD_COUNT)
 * shares the bot with other processes, and a member's /ask cooldown spans servers on other
 * processes' shards: the database. `npm run serve` does not ask: behind a load balancer any
 * instance may get any request, so it always uses the database.
 */
export function cooldownPlace(
  config: Pick<Config, 'DISCORD_SHARD_COUNT' | 'DISCORD_SHARD_IDS'>,
): CooldownPlace {
  const ids = config.DISCORD_SHARD_IDS;
  const count = config.DISCORD_SHARD_COUNT;
  return ids !== undefined && count !== undefined && new Set(ids).size < count ? 'database' : 'process';
}

export interface App {
  readonly services: Services;
  readonly commands: readonly CommandModule[];
  readonly metrics: Metrics;
  /**
   * Resolves when the database answers a trivial query; rejects with the reason when it does not
   * (unreachable, closed). For /healthz, which bounds the wait (src/ops/health.ts).
   */
  pingDatabase(): Promise<void>;
  /** Stops scheduled work and closes storage. Safe to call twice. */
  close(): Promise<void>;
}

/** How often expired insights are deleted. */
const INSIGHT_PRUNE_INTERVAL_MS = 3_600_000;

export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger, outbox } = options;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? new Metrics();

  const library = await loadLibrary(config.KNOWLEDGE_DIR);
  const knowledge = library.english;
  const index = createMultilingualIndex(library, {
    // Search answers "not confident" rather than throw; the fault itself must not pass unseen.
    // The member's words stay out of the log, as everywhere else; their length helps reproduce it.
    onError: (error, question) =>
      logger.error(
        { err: error, questionLength: discordLength(question) },
        'search failed; the question was answered as not confident',
      ),
  });

  // Every store call that fails is counted, whichever adapter and whichever caller.
  const storage = instrumentStorage(await openStorage(config, clock, logger), metrics);
  // The index follows the FAQ in the database, including what other processes change there.
  const faqSync = new FaqSync({ store: storage.faq, index, clock, logger });
  try {
    await faqSync.load();
  } catch (error) {
    await storage.close();
    throw error;
  }
  // What the bot posts on its own (tips, review cards) is in each server's language.
  const language = new ServerLanguage({
    chosen: async (guildId) => (await storage.faq.settings(guildId)).language,
    discord: (guildId) => outbox.guildLocale(guildId),
  });
  const faq = new FaqService({ store: storage.faq, sync: faqSync, outbox, logger, language, metrics });

  const tips = new TipService({
    store: storage.tips,
    clock,
    outbox,
    knowledge,
    library,
    language,
    config,
    logger,
    metrics,
  });
  const cooldownsIn = options.cooldowns ?? cooldownPlace(config);
  const insights = new Insights({
    store: storage.insights,
    clock,
    logger,
    metrics,
    retentionDays: config.INSIGHTS_RETENTION_DAYS,
  });
  // Retention is enforced by the app itself: once at start-up, then hourly, so a record never
  // outlives INSIGHTS_RETENTION_DAYS by more than an hour while the bot runs. Every process
  // prunes; the DELETE is idempotent, so several at once do no harm.
  const pruneInsights = () =>
    insights.prune().catch((error) => logger.warn({ err: error }, 'could not delete expired insights'));
  // Awaited on close, so the first prune never runs into a closed database.
  const firstPrune = pruneInsights();
  const insightPruning = setInterval(pruneInsights, INSIGHT_PRUNE_INTERVAL_MS);
  // Never the reason the process stays alive.
  insightPruning.unref();

  const services: Services = {
    config,
    logger,
    clock,
    cooldowns: new Cooldowns(
      cooldownsIn === 'database' ? storage.cooldowns : new MemoryCooldownStore(),
      clock,
      logger,
    ),
    knowledge,
    library,
    language,
    search: index,
    outbox,
    faq,
    tips,
    insights,
    metrics,
  };
  metrics.knowCommands(commands.map((c) => c.definition.name));
  logger.info(
    {
      topics: knowledge.topics.length,
      tips: knowledge.tips.length,
      locales: library.locales,
      database: storage.location,
      cooldowns: cooldownsIn,
    },
    'knowledge and storage ready',
  );

  let closed = false;
  return {
    services,
    commands,
    metrics,
    pingDatabase: () => storage.ping(),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(insightPruning);
      await firstPrune;
      await tips.stop();
      await storage.close();
    },
  };
}
