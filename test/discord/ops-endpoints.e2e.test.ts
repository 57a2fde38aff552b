/**
 * `npm start`'s operations server (METRICS_PORT) through the Discord stand-in: /metrics counts
 * what was sent (interactions by outcome, their latency, REST responses, retries and rate limits),
 * and /healthz is 503 while the gateway is not ready, 200 once it is, and 503 again during shutdown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartAbortedError, startBot } from '../../src/discord/start-bot.js';
import { createLogger } from '../../src/logger.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/fake-discord/test-bot.js';
import { parseSamples, sampleSum } from '../support/prometheus-text.js';
import { slowGate, withTestCommands } from './test-commands.js';

const fetchBounded = (url: string) => fetch(url, { signal: AbortSignal.timeout(5_000) });

async function scrape(base: string) {
  const response = await fetchBounded(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseSamples(await response.text());
}

describe('the gateway bot with METRICS_PORT set', () => {
  let t: TestBot;
  let base: string;

  beforeAll(async () => {
    t = await startTestBot({
      commands: withTestCommands,
      deferAfterMs: 100,
      env: { METRICS_PORT: '0', ASK_COOLDOWN_SECONDS: '0', REPEAT_ANSWER_SECONDS: '0' },
    });
    base = t.bot.opsUrl ?? '';
  });

  afterAll(async () => {
    slowGate.open();
    await t?.close();
  });

  it('listens on this machine only, by default', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('is healthy once every shard is ready and the database answers', async () => {
    const response = await fetchBounded(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('counts the interactions sent, by command and outcome, with their handling time', async () => {
    const before = await scrape(base);
    const answered = await t.fake.sendSlashCommand({
      name: 'ask',
      options: { question: 'did facebook buy instagram' },
    });
    expect(answered.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    await t.fake.sendSlashCommand({ name: 'ask', options: { question: 'what movie should I watch' } });
    await t.fake.sendSlashCommand({ name: 'e2e-fail' });
    await t.fake.sendSlashCommand({ name: 'topics' });
    const after = await scrape(base);
    const delta = (name: string, labels: Record<string, string>) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);

    expect(
      delta('metabot_interactions_total', { command: 'ask', type: 'command', outcome: 'answered' }),
    ).toBe(1);
    expect(delta('metabot_interactions_total', { command: 'ask', outcome: 'refused_off_topic' })).toBe(1);
    expect(delta('metabot_interactions_total', { command: 'e2e-fail', outcome: 'fault' })).toBe(1);
    expect(delta('metabot_interactions_total', { command: 'topics', outcome: 'answered' })).toBe(1);
    expect(delta('metabot_interactions_total', {})).toBe(4);
    expect(delta('metabot_interaction_duration_seconds_count', {})).toBe(4);
    expect(delta('metabot_answer_confidence_ratio_count', { outcome: 'answered' })).toBe(1);
    // Each answer is one REST callback to Discord, every one of them answered.
    expect(delta('metabot_discord_rest_responses_total', {})).toBeGreaterThanOrEqual(4);
    // No user, guild or channel id ever becomes a label value.
    const text = await (await fetchBounded(`${base}/metrics`)).text();
    expect(text).not.toContain(t.fake.guild.id);
    expect(text).not.toContain(t.fake.guild.channels[0]?.id ?? 'no channel');
  });

  it('counts a REST request Discord failed and discord.js retried, and a rate limit it waited for', async () => {
    const channelId = t.fake.guild.channels[0]?.id ?? '';
    const path = `/channels/${channelId}/messages`;
    const before = await scrape(base);
    t.fake.failNext({ method: 'POST', path, status: 502 });
    await t.bot.app.services.outbox.postToChannel(channelId, { content: 'after a 502' });
    t.fake.failNext({ method: 'POST', path, status: 429, retryAfterSeconds: 0.05, bucketExhausted: true });
    await t.bot.app.services.outbox.postToChannel(channelId, { content: 'after a 429' });
    const after = await scrape(base);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(delta('metabot_discord_rest_responses_total', { code: '502' })).toBe(1);
    expect(delta('metabot_discord_rest_responses_total', { code: '429' })).toBe(1);
    expect(delta('metabot_discord_rest_retries_total')).toBeGreaterThanOrEqual(1);
    expect(delta('metabot_discord_rest_rate_limits_total', { scope: 'user' })).toBeGreaterThanOrEqual(1);
  });

  it('says 503 "stopping" while it finishes what is in flight, then stops listening', async () => {
    slowGate.reset();
    const inFlight = await t.fake.sendSlashCommand({ name: 'e2e-slow' });
    expect(inFlight.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const stopped = t.bot.stop({ drainMs: 10_000 });
    const during = await fetchBounded(`${base}/healthz`);
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ status: 'unavailable', reason: 'stopping' });
    slowGate.open();
    await inFlight.final();
    await stopped;
    const after = await fetchBounded(`${base}/healthz`).then(
      (response) => response.status,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(after).toBe('ECONNREFUSED');
  });
});

describe('the gateway bot before its shards are ready', () => {
  it('answers /healthz 503 "gateway not ready" while it connects', async () => {
    const fake = await FakeDiscord.start({ holdReady: true });
    const dir = mkdtempSync(join(tmpdir(), 'meta-bot-ops-'));
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const abort = new AbortController();
    const starting = startBot({
      env: {
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_API_URL: fake.apiUrl,
        DATABASE_PATH: join(dir, 'bot.sqlite'),
        METRICS_PORT: '0',
      },
      logger: createLogger('info', sink),
      readyTimeoutMs: 15_000,
      signal: abort.signal,
    });
    const failed = starting.then(
      () => null,
      (error: unknown) => error,
    );
    try {
      // The stand-in holds READY back: once it has the IDENTIFY, the bot is connecting and waiting.
      await fake.waitForIdentify(10_000);
      const url = lines.find((l) => l.msg === 'metrics and health endpoints listening')?.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetchBounded(`${url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', reason: 'gateway not ready' });
    } finally {
      abort.abort();
      expect(await failed).toBeInstanceOf(StartAbortedError);
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
