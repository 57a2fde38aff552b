/**
 * REST response counting through the REST client's makeRequest: a real discord.js REST client
 * against a local HTTP server, so the re-send detection rests on what discord.js really does.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/ops/metrics.js';
import { countingMakeRequest, countRateLimits } from '../../src/ops/rest-metrics.js';
import { metricValue } from '../support/metric-values.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  if (server?.listening) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A local API answering each request with the next status of `statuses` (then 200), as JSON. */
async function apiAnswering(statuses: number[]): Promise<string> {
  const queue = [...statuses];
  server = createServer((request, response) => {
    request.resume();
    const status = queue.shift() ?? 200;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(status === 200 ? { ok: true } : { message: 'bad gateway', code: 0 }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function restFor(api: string, metrics: Metrics): REST {
  const rest = new REST({ api, timeout: 5_000, retries: 2, makeRequest: countingMakeRequest(metrics) });
  countRateLimits(rest, metrics);
  return rest.setToken('test-token');
}

describe('countingMakeRequest', () => {
  it('counts each response by status code, and a request sent again after a 5xx as a re-send', async () => {
    const metrics = new Metrics();
    const rest = restFor(await apiAnswering([502]), metrics);
    await expect(rest.get('/users/@me')).resolves.toEqual({ ok: true });
    await rest.get('/users/@me');
    expect(await metricValue(metrics, 'metabot_discord_rest_responses_total', { code: 502 })).toBe(1);
    expect(await metricValue(metrics, 'metabot_discord_rest_responses_total', { code: 200 })).toBe(2);
    // Only the second try of the first request: a new request is not a re-send.
    expect(await metricValue(metrics, 'metabot_discord_rest_retries_total')).toBe(1);
  });

  it("leaves discord.js's response event without a listener, so no response is cloned", () => {
    const rest = restFor('http://127.0.0.1:9', new Metrics());
    expect(rest.listenerCount('response')).toBe(0);
    expect(rest.listenerCount('rateLimited')).toBe(1);
  });

  it('counts nothing for a request that got no response', async () => {
    const metrics = new Metrics();
    const failing = countingMakeRequest(metrics, () => Promise.reject(new Error('connection refused')));
    await expect(failing('http://127.0.0.1:9/x', { method: 'GET', headers: {} })).rejects.toThrow('refused');
    expect(await metricValue(metrics, 'metabot_discord_rest_responses_total')).toBe(0);
  });
});
