/**
 * `npm run serve`: the bot as an HTTP interactions endpoint (no gateway connection) until SIGINT or
 * SIGTERM, then a graceful stop within 5 seconds: stop taking connections, answer the requests
 * already received and finish their follow-ups, close storage, exit 0. A signal during start-up
 * exits 0 at once. A configuration problem prints its message, without a stack, and exits 1.
 */
import dotenv from 'dotenv';
import { ConfigError, loadConfig, requirePublicKey, requireToken } from '../../config.js';
import { KnowledgeError } from '../../knowledge/load.js';
import { createLogger, redactTokens } from '../../logger.js';
import { guardStandardStreams } from '../../standard-streams.js';
import type { RunningServer } from './start-server.js';

/** Hard stop if a clean shutdown somehow hangs: with the log flush (250 ms at most), exit within 5 s. */
const FORCE_EXIT_MS = 4_500;

guardStandardStreams();
dotenv.config({ quiet: true });

async function main(): Promise<void> {
  // Check the configuration before loading discord.js, so a missing variable is reported at once.
  const config = loadConfig();
  requireToken(config);
  requirePublicKey(config);
  let logger = createLogger(config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let server: RunningServer | null = null;
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'signal received');
    setTimeout(() => {
      logger.warn('shutdown took too long; exiting anyway');
      process.exit(0);
    }, FORCE_EXIT_MS).unref();
    // Nothing is listening yet, so there is nothing to finish.
    if (!server) process.exit(0);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const { startServer } = await import('./start-server.js');
  server = await startServer({ logger });
  logger = server.logger;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KnowledgeError) {
    console.error(error.message);
  } else {
    createLogger('fatal').fatal({ err: error }, 'the server could not start');
    console.error(
      redactTokens(`The server could not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  process.exit(1);
});
