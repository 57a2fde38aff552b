/**
 * The container's health probe (src/ops/healthcheck.ts, the Dockerfile's HEALTHCHECK): exit 0 when
 * /healthz on METRICS_PORT says 200, 1 when it says 503, when nothing answers, or when there is no
 * METRICS_PORT to probe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { Health } from '../../src/ops/health.js';
import { Metrics } from '../../src/ops/metrics.js';
import { OpsEndpoints, OpsServer } from '../../src/ops/ops-server.js';
import { runScript } from '../support/fake-discord/spawn-script.js';

const PROBE = 'src/ops/healthcheck.ts';
let healthy = true;
let server: OpsServer;
let port: number;

beforeAll(async () => {
  const health = new Health(
    {
      database: () => {
        if (!healthy) throw new Error('down');
      },
    },
    silentLogger,
  );
  server = new OpsServer(
    new OpsEndpoints({ metrics: new Metrics(), health, logger: silentLogger }),
    silentLogger,
  );
  port = (await server.listen(0, '127.0.0.1')).port;
});

afterAll(() => server?.close());

/** Runs the probe with `env` and returns its exit code and what it printed. */
async function probe(env: Record<string, string>) {
  const run = runScript(PROBE, env);
  try {
    const code = await run.exit(15_000);
    return { code, said: run.stderr() };
  } finally {
    run.cleanup();
  }
}

describe('the container health probe', () => {
  it('exits 0 when /healthz answers 200', async () => {
    healthy = true;
    const { code, said } = await probe({ METRICS_PORT: String(port) });
    expect(said).toContain(`http://127.0.0.1:${port}/healthz: 200`);
    expect(code).toBe(0);
  });

  it('exits 1 when /healthz answers 503, probing this machine when the bot listens on every interface', async () => {
    healthy = false;
    const { code, said } = await probe({ METRICS_PORT: String(port), METRICS_HOST: '0.0.0.0' });
    expect(said).toContain('503');
    expect(code).toBe(1);
  });

  it('exits 1 when nothing answers, and when METRICS_PORT is not set', async () => {
    const closed = new OpsServer(
      new OpsEndpoints({
        metrics: new Metrics(),
        health: new Health({}, silentLogger),
        logger: silentLogger,
      }),
      silentLogger,
    );
    const freePort = (await closed.listen(0, '127.0.0.1')).port;
    await closed.close();
    expect((await probe({ METRICS_PORT: String(freePort) })).code).toBe(1);
    const unset = await probe({});
    expect(unset.code).toBe(1);
    expect(unset.said).toContain('METRICS_PORT is not set');
  });
});
