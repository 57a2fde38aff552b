/**
 * The operations server of the gateway bot (METRICS_PORT): GET /metrics in Prometheus's text
 * format with prom-client's content type, GET /healthz 200 or 503 with a reason (the database
 * closed, shutdown begun), other paths 404 and other methods 405. Against a real app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { Health } from '../../src/ops/health.js';
import { OpsEndpoints, OpsServer, startOpsServer } from '../../src/ops/ops-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
let server: OpsServer;
let health: Health;
let base: string;

beforeAll(async () => {
  app = await createTestApp();
  health = new Health({ database: () => app.pingDatabase() }, silentLogger);
  server = new OpsServer(
    new OpsEndpoints({ metrics: app.metrics, health, logger: silentLogger }),
    silentLogger,
  );
  const address = await server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await server?.close();
  await app?.close();
});

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { signal: AbortSignal.timeout(5_000), ...init });

describe('GET /metrics', () => {
  it("serves Prometheus's text format with prom-client's content type and the bot's metric names", async () => {
    await app.run('topics');
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers.get('content-type')).toBe(app.metrics.registry.contentType);
    const text = await response.text();
    for (const name of [
      'metabot_interactions_total',
      'metabot_interaction_duration_seconds',
      'metabot_answer_confidence_ratio',
      'metabot_faq_suggestions_total',
      'metabot_faq_decisions_total',
      'metabot_tip_slots_total',
      'metabot_tip_send_retries_total',
      'metabot_discord_rest_rate_limits_total',
      'metabot_discord_rest_responses_total',
      'metabot_discord_rest_retries_total',
      'metabot_database_errors_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(
      /^metabot_interactions_total\{command="topics",type="command",outcome="answered"\} 1$/m,
    );
    expect(text).toMatch(
      /^metabot_interaction_duration_seconds_count\{command="topics",type="command"\} 1$/m,
    );
  });

  it('answers HEAD with the headers only, and another method with 405 and Allow', async () => {
    const head = await get('/metrics', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('/metrics', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 404 for any other path', async () => {
    expect((await get('/')).status).toBe(404);
    expect((await get('/interactions')).status).toBe(404);
  });
});

describe('GET /healthz', () => {
  it('is 200 "ready" while the database answers, and never cached', async () => {
    const response = await get('/healthz?probe=1');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('is 503 with the reason once the database is closed, then "stopping" once shutdown begins', async () => {
    const own = await createTestApp();
    const ownHealth = new Health({ database: () => own.pingDatabase() }, silentLogger);
    const started = await startOpsServer(0, '127.0.0.1', {
      metrics: own.metrics,
      health: ownHealth,
      logger: silentLogger,
    });
    if (!started) throw new Error('a port was given, so the server must start');
    try {
      const url = `${started.url}/healthz`;
      expect((await fetch(url)).status).toBe(200);
      await own.close();
      const closed = await fetch(url);
      expect(closed.status).toBe(503);
      expect(await closed.json()).toEqual({ status: 'unavailable', reason: 'database not ready' });
      ownHealth.markStopping();
      const stopping = await fetch(url);
      expect(stopping.status).toBe(503);
      expect(await stopping.json()).toEqual({ status: 'unavailable', reason: 'stopping' });
    } finally {
      await started.server.close();
      await own.close();
    }
  });
});

describe('startOpsServer', () => {
  it('starts nothing when no port is configured (METRICS_PORT unset)', async () => {
    expect(
      await startOpsServer(undefined, '127.0.0.1', { metrics: app.metrics, health, logger: silentLogger }),
    ).toBeNull();
  });

  it('refuses a port that is already taken', async () => {
    const taken = Number(new URL(base).port);
    await expect(
      startOpsServer(taken, '127.0.0.1', { metrics: app.metrics, health, logger: silentLogger }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
