/**
 * /healthz's verdict: ready only when every check passes and the process is not stopping; a
 * failed or silent check names itself (never its error) and is logged.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { Health } from '../../src/ops/health.js';

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('Health', () => {
  it('is ready when every check passes, synchronous or not', async () => {
    const { logger } = recordingLogger();
    const health = new Health({ gateway: () => undefined, database: async () => undefined }, logger);
    expect(await health.check()).toEqual({ ok: true });
  });

  it('names the checks that failed, and logs their errors without putting them in the reason', async () => {
    const { logger, lines } = recordingLogger();
    const health = new Health(
      {
        gateway: () => undefined,
        database: async () => {
          throw new Error('connect ECONNREFUSED 10.1.2.3:5432');
        },
      },
      logger,
    );
    const status = await health.check();
    expect(status).toEqual({ ok: false, reason: 'database not ready' });
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'health check failed', check: 'database', err: expect.anything() }),
    );
  });

  it('counts a check that does not answer in time as failed, without waiting for it', async () => {
    const { logger } = recordingLogger();
    const never = new Promise<void>(() => {});
    const health = new Health({ database: () => never }, logger, 20);
    expect(await health.check()).toEqual({ ok: false, reason: 'database not ready' });
  });

  it('answers "stopping" once shutdown has begun, whatever the checks say', async () => {
    const { logger } = recordingLogger();
    const health = new Health({ database: () => undefined }, logger);
    health.markStopping();
    expect(await health.check()).toEqual({ ok: false, reason: 'stopping' });
  });

  it('runs the checks once for probes that arrive together', async () => {
    const { logger } = recordingLogger();
    let runs = 0;
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const health = new Health(
      {
        database: async () => {
          runs++;
          await gate;
        },
      },
      logger,
    );
    const answers = [health.check(), health.check(), health.check()];
    release();
    expect(await Promise.all(answers)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(runs).toBe(1);
    await health.check();
    expect(runs).toBe(2);
  });
});
