/**
 * Counts what Discord's API answers through discord.js's REST client, for both transports (the
 * gateway bot's client REST and the REST `npm run serve` posts through): every HTTP response by
 * status code, requests that were sent more than once, and the client's `rateLimited` event (a
 * wait for a known bucket, or after a 429).
 *
 * Responses are counted where the REST client sends them, by wrapping its `makeRequest` option
 * (the function it hands each HTTP request to), not through its `response` event: while anything
 * listens to that event, discord.js clones every response (`Response.clone()`, a tee of the body
 * stream whose unread branch is garbage), and on the interaction path that was most of the REST
 * client's cost and a large share of the bot's garbage collection (`npm run bench -- discord`).
 */
import { DefaultRestOptions, type REST, type RESTOptions } from 'discord.js';
import type { RestMetrics } from './metrics.js';

type MakeRequest = RESTOptions['makeRequest'];

/**
 * `send` (by default discord.js's own undici request) counting each response into `metrics`: its
 * status code, and whether the request was a re-send. discord.js re-sends a request (after a 5xx,
 * a network error or a 429) with the same request options object, whose `headers` object it
 * passes on unchanged, so a headers object seen before marks a re-send; the WeakSet lets each go
 * with its request. A request that gets no response (a network error, a timeout) rejects as
 * before and is not counted.
 */
export function countingMakeRequest(
  metrics: RestMetrics,
  send: MakeRequest = DefaultRestOptions.makeRequest,
): MakeRequest {
  const sent = new WeakSet<object>();
  return async (url, init) => {
    const headers = typeof init.headers === 'object' && init.headers !== null ? init.headers : undefined;
    const resent = headers !== undefined && sent.has(headers);
    if (headers !== undefined) sent.add(headers);
    const response = await send(url, init);
    metrics.restResponse(response.status, resent);
    return response;
  };
}

/** Counts `rest`'s rate-limit waits into `metrics`, by the limit's scope. */
export function countRateLimits(rest: REST, metrics: RestMetrics): void {
  rest.on('rateLimited', (info) => metrics.restRateLimited(info.scope));
}
