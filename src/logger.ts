/**
 * Structured logs (pino, JSON lines) to standard error, so standard output stays free for
 * the console and `ask --json`. Token-shaped strings and known secret fields are redacted.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

const TOKEN_PATTERN = /[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}/g;

/** Removes anything that looks like a Discord bot token from a string. */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_PATTERN, '[redacted token]');
}

export function createLogger(
  level: string,
  destination: NodeJS.WritableStream | DestinationStream = process.stderr,
): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['token', '*.token', 'config.DISCORD_TOKEN', 'headers.authorization', '*.authorization'],
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
