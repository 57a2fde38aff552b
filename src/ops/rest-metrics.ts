/**
 * Counts what discord.js's REST client reports about Discord's API: its `rateLimited` event
 * (a wait for a known bucket, or after a 429) and its `response` event (every HTTP response,
 * with how many times the request had been retried before it). Both transports use it: the
 * gateway bot on its client's REST, `npm run serve` on the REST its outbox posts through.
 */
import type { REST } from 'discord.js';
import type { RestMetrics } from './metrics.js';

/**
 * Counts `rest`'s rate limits, responses by status code, and retried requests into `metrics`.
 * Listening to `response` makes discord.js clone each response (its body is left unread here,
 * so it costs a stream tee and no parsing).
 */
export function countRestEvents(rest: REST, metrics: RestMetrics): void {
  rest.on('rateLimited', (info) => metrics.restRateLimited(info.scope));
  rest.on('response', (request, response) => metrics.restResponse(response.status, request.retries > 0));
}
