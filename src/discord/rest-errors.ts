/**
 * REST failures (after discord.js has applied its own retry rules for 429 and 5xx) -> OutboxError,
 * so schedulers and the FAQ flow can tell "a moderator must fix this channel" from "try later"
 * without knowing discord.js. Messages name the status and Discord's code, never a token.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { OutboxError, type OutboxFailure } from '../replies/outbox.js';

/** Discord's JSON error codes that mean "this target is gone". */
const MISSING_CODES = new Set([10003, 10004, 10008, 10013]);

function failureForStatus(status: number, code?: number | string): OutboxFailure {
  if (typeof code === 'number' && MISSING_CODES.has(code)) return 'missing-channel';
  if (status === 403) return 'missing-access';
  if (status === 404) return 'missing-channel';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  return 'unknown';
}

export function toOutboxError(error: unknown, action: string): OutboxError {
  if (error instanceof OutboxError) return error;
  if (error instanceof RateLimitError) {
    return new OutboxError('rate-limited', `${action}: rate limited by Discord`, error.retryAfter);
  }
  if (error instanceof DiscordAPIError) {
    return new OutboxError(
      failureForStatus(error.status, error.code),
      `${action}: Discord answered ${error.status} (code ${error.code}: ${error.message})`,
    );
  }
  if (error instanceof HTTPError) {
    return new OutboxError(failureForStatus(error.status), `${action}: Discord answered ${error.status}`);
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError' || name === 'TimeoutError' || isNetworkCode(error)) {
    return new OutboxError('network', `${action}: Discord could not be reached (${describe(error)})`);
  }
  return new OutboxError('unknown', `${action}: ${describe(error)}`);
}

function isNetworkCode(error: unknown): boolean {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } } | null)?.cause?.code ??
    (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(code);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An error as it may be logged: interaction tokens (valid for 15 minutes, enough to post as the
 * bot in that channel) are cut out of URLs and messages, and request bodies are left out.
 */
export function loggableError(error: unknown, secret: string): unknown {
  if (!(error instanceof Error)) return error;
  const hide = (text: string) => text.replaceAll(secret, '[interaction token]');
  const details = error as Error & { status?: unknown; code?: unknown; method?: unknown; url?: unknown };
  return {
    type: error.name,
    message: hide(error.message),
    ...(error.stack !== undefined && { stack: hide(error.stack) }),
    ...(details.status !== undefined && { status: details.status }),
    ...(details.code !== undefined && { code: details.code }),
    ...(typeof details.method === 'string' && { method: details.method }),
    ...(typeof details.url === 'string' && { url: hide(details.url) }),
  };
}
