import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { toOutboxError } from '../../src/discord/rest-errors.js';

const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError(
    { code, message },
    code,
    status,
    'POST',
    'https://discord.com/api/v10/channels/1/messages',
    {},
  );

describe('toOutboxError: REST failures as problems a moderator or a retry can act on', () => {
  it('maps 403 to missing-access, not worth retrying', () => {
    const error = toOutboxError(apiError(403, 50013, 'Missing Permissions'), 'posting');
    expect(error.failure).toBe('missing-access');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('50013');
  });

  it('maps Unknown Channel to missing-channel', () => {
    expect(toOutboxError(apiError(404, 10003, 'Unknown Channel'), 'posting').failure).toBe('missing-channel');
  });

  it('maps a 5xx that outlived the retries to server-error, worth retrying later', () => {
    const error = toOutboxError(new HTTPError(503, 'Service Unavailable', 'POST', 'u', {}), 'posting');
    expect(error.failure).toBe('server-error');
    expect(error.retryable).toBe(true);
  });

  it('maps a rejected rate limit to rate-limited with the wait Discord asked for', () => {
    const limited = new RateLimitError({
      timeToReset: 1500,
      limit: 5,
      method: 'POST',
      hash: 'h',
      url: 'u',
      route: '/channels/:id/messages',
      majorParameter: '1',
      global: false,
      retryAfter: 1500,
      sublimitTimeout: 0,
      scope: 'user',
    });
    const error = toOutboxError(limited, 'posting');
    expect(error.failure).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(1500);
  });

  it('maps a refused connection or a timeout to network', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toOutboxError(refused, 'posting').failure).toBe('network');
    const aborted = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(toOutboxError(aborted, 'posting').failure).toBe('network');
  });

  it('keeps anything else as unknown with its message', () => {
    const error = toOutboxError(new Error('something odd'), 'posting');
    expect(error.failure).toBe('unknown');
    expect(error.message).toBe('posting: something odd');
  });
});
