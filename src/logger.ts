/**
 * Structured logs (pino, JSON lines) to standard error, so standard output stays free for
 * the console and `ask --json`. Token-shaped strings and known secret fields are redacted.
 * Lines go through standard-streams.ts, so a slow or vanished reader never holds the process.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import { standardErrorDestination } from './standard-streams.js';

export type { Logger };

const TOKEN_PATTERN = /[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}/g;
/**
 * The middle part of a token with its two dots. Every match of TOKEN_PATTERN contains one, and
 * searching for it is about 25 times faster than trying TOKEN_PATTERN at every position of a line
 * (7 us a line, measured), which mattered when every interaction logs a line.
 */
const TOKEN_MIDDLE = /\.[\w-]{6,7}\./;

/** Removes anything that looks like a Discord bot token from a string. */
export function redactTokens(text: string): string {
  return TOKEN_MIDDLE.test(text) ? text.replace(TOKEN_PATTERN, '[redacted token]') : text;
}

/**
 * Fields that hold secrets, wherever this project logs them. Exact paths, not wildcards: pino's
 * redaction re-parses a wildcard path on every line, which cost more than writing the line.
 * Token-shaped strings anywhere else are caught by redactTokens on the finished line.
 */
const SECRET_PATHS = [
  'token',
  'authorization',
  'headers.authorization',
  'config.DISCORD_TOKEN',
  'err.token',
  'err.headers.authorization',
  'err.requestHeaders.authorization',
];

/**
 * A logger at `level` (a pino level name) writing JSON lines to `destination`: by default the
 * process's shared standard-error destination (asynchronous, batched, bounded at exit; see
 * standard-streams.ts). Tests pass a sink of their own.
 */
export function createLogger(
  level: string,
  destination: NodeJS.WritableStream | DestinationStream = standardErrorDestination(),
): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: SECRET_PATHS,
        censor: '[redacted]',
      },
      hooks: {
        // Error messages and stacks can carry a token (for example a URL or header echoed by a library).
        streamWrite: (line) => redactTokens(line),
      },
    },
    destination,
  );
}

/** A logger that drops everything, for tests whose subject is not the logging. */
export const silentLogger: Logger = pino({ level: 'silent' });
