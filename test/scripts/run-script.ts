/** Runs one of the project's scripts as `npm run` would, in a child process with a bounded time. */
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/paths.js';

export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runScript(script: string, args: readonly string[], input?: string): ScriptRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 15_000,
    input,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
