/**
 * Start-up shared by `npm run console` and `npm run ask`: read .env if there is one, validate
 * the environment, build the app. Problems a user can fix (bad flags, bad environment, broken
 * knowledge files, an unusable database) become one clear message instead of a stack trace.
 */
import { mkdirSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import dotenv from 'dotenv';
import type { DestinationStream } from 'pino';
import { type App, createApp } from '../app.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { KnowledgeError } from '../knowledge/load.js';
import { createLogger, type Logger } from '../logger.js';
import type { Outbox } from '../replies/outbox.js';
import { HelpRequested, UsageError } from './cli-options.js';

export interface ConsoleApp {
  readonly app: App;
  readonly config: Config;
  readonly logger: Logger;
  /** Where the logs go when not to standard error (the interactive console without LOG_LEVEL). */
  readonly logFile: string | null;
}

/**
 * Reads the environment (and .env) with the database overridden by `--db`: a file named on the
 * command line wins over DATABASE_URL too, so `--db` always means that SQLite file.
 */
export function consoleConfig(databasePath: string | undefined): Config {
  // quiet: dotenv would otherwise announce itself on standard output, which `ask --json` keeps clean.
  dotenv.config({ quiet: true });
  return loadConfig({
    ...process.env,
    ...(databasePath !== undefined && { DATABASE_PATH: databasePath, DATABASE_URL: '' }),
  });
}

/** The interactive console's log file: `console.log` in the database's folder (or the temp folder). */
export function consoleLogFile(config: Config): string {
  const folder = config.DATABASE_PATH === ':memory:' ? tmpdir() : dirname(resolve(config.DATABASE_PATH));
  return join(folder, 'console.log');
}

/**
 * Appends log lines to a file. A write that fails (disk full, file gone) stops the logging
 * rather than the console: the log is a help, the conversation is the point. Never throws.
 */
function appendingFile(path: string): DestinationStream {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  let broken = false;
  return {
    write(line: string) {
      if (broken) return;
      try {
        writeSync(fd, line);
      } catch {
        broken = true;
      }
    },
  };
}

/**
 * Where a console's logs go, so no JSON line lands in the middle of a conversation. With
 * LOG_LEVEL set explicitly: standard error, at that level. Otherwise the interactive console
 * appends them, at the default level, to consoleLogFile(); `npm run ask` writes only warnings
 * and errors, to standard error (its standard output stays clean for --json).
 */
export function consoleLogger(
  config: Config,
  { interactive = false } = {},
): { logger: Logger; logFile: string | null } {
  if (process.env.LOG_LEVEL?.trim()) return { logger: createLogger(config.LOG_LEVEL), logFile: null };
  if (!interactive) return { logger: createLogger('warn'), logFile: null };
  const logFile = consoleLogFile(config);
  try {
    return { logger: createLogger(config.LOG_LEVEL, appendingFile(logFile)), logFile };
  } catch {
    // An unwritable folder: keep the conversation clean and say only what matters.
    return { logger: createLogger('error'), logFile: null };
  }
}

export async function startConsoleApp(
  databasePath: string | undefined,
  outbox: Outbox,
  { interactive = false } = {},
): Promise<ConsoleApp> {
  const config = consoleConfig(databasePath);
  const { logger, logFile } = consoleLogger(config, { interactive });
  const app = await createApp({ config, logger, outbox });
  return { app, config, logger, logFile };
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
  if (error instanceof HelpRequested) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  process.stderr.write(`${describeStartupError(error, usage)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
