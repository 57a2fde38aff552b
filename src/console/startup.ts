/**
 * Start-up shared by `npm run console` and `npm run ask`: read .env if there is one, validate
 * the environment, build the app. Problems a user can fix (bad flags, bad environment, broken
 * knowledge files, an unusable database) become one clear message instead of a stack trace.
 */
import dotenv from 'dotenv';
import { type App, createApp } from '../app.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { KnowledgeError } from '../knowledge/load.js';
import { createLogger, type Logger } from '../logger.js';
import type { Outbox } from '../replies/outbox.js';
import { UsageError } from './cli-options.js';

export interface ConsoleApp {
  readonly app: App;
  readonly config: Config;
  readonly logger: Logger;
}

/** Reads the environment (and .env) with the database path overridden by `--db`. */
export function consoleConfig(databasePath: string | undefined): Config {
  // quiet: dotenv would otherwise announce itself on standard output, which `ask --json` keeps clean.
  dotenv.config({ quiet: true });
  return loadConfig({ ...process.env, ...(databasePath !== undefined && { DATABASE_PATH: databasePath }) });
}

/**
 * A terminal session is not a server: unless LOG_LEVEL is set explicitly, only warnings and
 * errors are logged (to standard error), so the conversation is not buried in start-up logs.
 */
export function consoleLogger(config: Config): Logger {
  return createLogger(process.env.LOG_LEVEL?.trim() ? config.LOG_LEVEL : 'warn');
}

export async function startConsoleApp(databasePath: string | undefined, outbox: Outbox): Promise<ConsoleApp> {
  const config = consoleConfig(databasePath);
  const logger = consoleLogger(config);
  const app = await createApp({ config, logger, outbox });
  return { app, config, logger };
}

/** The message to show for a start-up failure, without a stack trace for the expected kinds. */
export function describeStartupError(error: unknown, usage: string): string {
  if (error instanceof UsageError) return `${error.message}\n${usage}`;
  if (error instanceof ConfigError || error instanceof KnowledgeError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `Could not start: ${message}`;
}

/**
 * Prints the start-up failure to standard error and ends the process: status 2 for a usage
 * error (a bad flag, as command-line tools conventionally do), 1 for anything else.
 */
export function exitWithStartupError(error: unknown, usage: string): never {
  process.stderr.write(`${describeStartupError(error, usage)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
