/**
 * `npm run serve` answers GET /metrics and /healthz on its interactions server (and on
 * METRICS_PORT when set): the metrics count what the stand-in sent, /healthz turns 503 when the
 * database stops answering and says "stopping" during shutdown.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { slowGate, withTestCommands } from '../../discord/test-commands.js';
import { startTestServer, type TestServer } from '../../support/fake-discord/test-server.js';
import { parseSamples, sampleSum } from '../../support/prometheus-text.js';

let t: TestServer;
let onServer: (path: string) => string;

beforeAll(async () => {
  t = await startTestServer({
    commands: withTestCommands,
    deferAfterMs: 100,
    env: { METRICS_PORT: '0', ASK_COOLDOWN_SECONDS: '0', REPEAT_ANSWER_SECONDS: '0' },
  });
  onServer = (path) => new URL(path, t.server.url).toString();
});

afterAll(async () => {
  slowGate.open();
  await t?.close();
});

const fetchBounded = (url: string) => fetch(url, { signal: AbortSignal.timeout(5_000) });

async function scrape() {
  const response = await fetchBounded(onServer('/metrics'));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseSamples(await response.text());
}

it('serves /healthz 200 on the interactions server and on METRICS_PORT', async () => {
  expect(t.server.opsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  for (const url of [onServer('/healthz'), `${t.server.opsUrl}/healthz`]) {
    const response = await fetchBounded(url);
    expect(response.status, url).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  }
});

it('counts the interactions Discord posted, by command and outcome, in /metrics', async () => {
  const before = await scrape();
  const answered = await t.fake.sendSlashCommand({ name: 'topics' });
  expect(answered.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  await t.fake.sendSlashCommand({ name: 'ask', options: { question: 'what movie should I watch' } });
  await t.fake.sendSlashCommand({ name: 'e2e-fail' });
  const after = await scrape();
  const delta = (labels: Record<string, string>) =>
    sampleSum(after, 'metabot_interactions_total', labels) -
    sampleSum(before, 'metabot_interactions_total', labels);
  expect(delta({ command: 'topics', type: 'command', outcome: 'answered' })).toBe(1);
  expect(delta({ command: 'ask', outcome: 'refused_off_topic' })).toBe(1);
  expect(delta({ command: 'e2e-fail', outcome: 'fault' })).toBe(1);
  expect(delta({})).toBe(3);
  // The same registry carries prom-client's process metrics.
  expect(after.some((s) => s.name === 'process_cpu_seconds_total')).toBe(true);
});

it('says 503 when the database no longer answers, and counts the failed database calls', async () => {
  await t.server.app.close();
  for (const url of [onServer('/healthz'), `${t.server.opsUrl}/healthz`]) {
    const response = await fetchBounded(url);
    expect(response.status, url).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', reason: 'database not ready' });
  }
  const samples = await scrape();
  expect(sampleSum(samples, 'metabot_database_errors_total', { store: 'storage', operation: 'ping' })).toBe(
    2,
  );
});

it('says 503 "stopping" during shutdown, while it finishes an answer in flight', async () => {
  slowGate.reset();
  const exchange = await t.fake.sendSlashCommand({ name: 'e2e-slow' });
  expect(exchange.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
  const stopping = t.server.stop({ drainMs: 5_000 });
  await t.waitForLog((l) => l.msg === 'shutting down');
  const during = await fetchBounded(`${t.server.opsUrl}/healthz`);
  expect(during.status).toBe(503);
  expect(await during.json()).toEqual({ status: 'unavailable', reason: 'stopping' });
  slowGate.open();
  await stopping;
});
