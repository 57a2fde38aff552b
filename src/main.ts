/**
 * `npm start`: runs the bot on Discord until SIGINT or SIGTERM, then shuts down within 5 seconds
 * (stop taking interactions, finish or abandon what is in flight, close storage, destroy the
 * client) and exits 0; a signal during start-up aborts it and exits 0 too. A configuration problem
 * prints its message, without a stack, and exits 1; so does losing the gateway for good (a reset
 * token), so that a supervisor restarts the bot.
 */
import dotenv from 'dotenv';
import { ConfigError, loadConfig, requireToken } from './config.js';
import type { RunningBot } from './discord/start-bot.js';
import { KnowledgeError } from './knowledge/load.js';
import { createLogger, redactTokens } from './logger.js';
import { guardStandardStreams } from './standard-streams.js';

/**
 * Hard stop if a clean shutdown somehow hangs. With the exit flush of the logs (bounded by
 * EXIT_FLUSH_BUDGET_MS, 250 ms) SIGTERM ends the process within 5 s, whatever its output does.
 */
const FORCE_EXIT_MS = 4_500;

// The bot writes nothing to standard output, and its logs go on without a reader: a broken pipe
// on either stream must neither crash it nor keep it from exiting.
guardStandardStreams();
dotenv.config({ quiet: true });

async function main(): Promise<void> {
  // Check the configuration before loading discord.js, so a missing token is reported at once.
  const config = loadConfig();
  requireToken(config);
  // Logged, not fatal: one lost promise (a late REST reply, say) must not take every server offline.
  let logger = createLogger(config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  // Signals are handled from the start: one during start-up aborts it, closing what was opened.
  const startUp = new AbortController();
  let bot: RunningBot | null = null;
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'signal received');
    setTimeout(() => {
      logger.warn('shutdown took too long; exiting anyway');
      process.exit(0);
    }, FORCE_EXIT_MS).unref();
    if (!bot) {
      startUp.abort();
      return;
    }
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const { startBot, StartAbortedError } = await import('./discord/start-bot.js');
  try {
    if (startUp.signal.aborted) throw new StartAbortedError();
    bot = await startBot({ signal: startUp.signal });
  } catch (error) {
    if (!(error instanceof StartAbortedError)) throw error;
    logger.info('start-up aborted by a signal; exiting');
    process.exit(0);
  }
  logger = bot.logger;
  bot.stopped.then((reason) => {
    // A signal's shutdown exits from its own handler; a lost gateway must end the process too,
    // non-zero, so a supervisor (systemd, Docker, pm2) starts the bot again.
    if (reason.kind === 'gateway-lost') process.exit(1);
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KnowledgeError) {
    console.error(error.message);
  } else {
    createLogger('fatal').fatal({ err: error }, 'the bot could not start');
    console.error(
      redactTokens(`The bot could not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  process.exit(1);
});
