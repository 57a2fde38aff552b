/**
 * Runs one of the project's entry points (src/main.ts, src/discord/deploy-commands.ts) as a child
 * process, the way `npm start` does, with exactly the environment given (nothing inherited but
 * PATH) and a temporary working directory, so no developer's .env can leak into a test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/paths.js';

export interface ScriptRun {
  readonly child: ChildProcess;
  readonly dir: string;
  stdout(): string;
  stderr(): string;
  /** Resolves when standard error contains `text` (bounded). */
  waitForStderr(text: string, timeoutMs: number): Promise<void>;
  /** Resolves with the exit code (bounded); rejects if the process is still running after `timeoutMs`. */
  exit(timeoutMs: number): Promise<number | null>;
  /** Kills the process if it is still running and removes the temp directory. */
  cleanup(): void;
}

export function runScript(
  script: string,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
  scriptArgs: readonly string[] = [],
): ScriptRun {
  const dir = mkdtempSync(join(tmpdir(), 'meta-bot-run-'));
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', import.meta.resolve('tsx'), join(PROJECT_ROOT, script), ...scriptArgs],
    { cwd: dir, env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(dir, 'bot.sqlite'), ...env } },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    err += String(chunk);
    child.emit('stderr-data');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    dir,
    stdout: () => out,
    stderr: () => err,
    waitForStderr(text, timeoutMs) {
      if (err.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!err.includes(text)) return;
          finish();
          resolve();
        };
        const onExit = () => {
          finish();
          reject(new Error(`process exited before writing "${text}". stderr:\n${err}`));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for "${text}". stderr:\n${err}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          child.off('stderr-data', check);
          child.off('exit', onExit);
        };
        child.on('stderr-data', check);
        child.once('exit', onExit);
      });
    },
    exit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
      });
      return Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    },
    cleanup() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
