/**
 * `npm start`: runs the bot on Discord until SIGINT or SIGTERM, then shuts down within 5 seconds
 * (stop taking interactions, finish or abandon what is in flight, close storage, destroy the
 * client) and exits 0. A configuration problem prints its message, without a stack, and exits 1.
 */
import dotenv from 'dotenv';
import { ConfigError, loadConfig, requireToken } from './config.js';
import { KnowledgeError } from './knowledge/load.js';
import { createLogger, redactTokens } from './logger.js';

/** Hard stop if a clean shutdown somehow hangs, so SIGTERM always ends the process within 5 s. */
const FORCE_EXIT_MS = 4_500;

dotenv.config({ quiet: true });

async function main(): Promise<void> {
  // Check the configuration before loading discord.js, so a missing token is reported at once.
  requireToken(loadConfig());
  // Logged, not fatal: one lost promise (a late REST reply, say) must not take every server offline.
  let reportRejection = (reason: unknown) =>
    createLogger('error').error({ err: reason }, 'unhandled promise rejection');
  process.on('unhandledRejection', (reason) => reportRejection(reason));
  const { startBot } = await import('./discord/start-bot.js');
  const bot = await startBot();
  const { logger } = bot;
  reportRejection = (reason) => logger.error({ err: reason }, 'unhandled promise rejection');

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'signal received');
    setTimeout(() => {
      logger.warn('shutdown took too long; exiting anyway');
      process.exit(0);
    }, FORCE_EXIT_MS).unref();
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
