/**
 * Runs `node --import tsx <script>` as a child process with a throw-away database, the way a
 * user runs `npm run console` or `npm run ask`, and lets a test type lines and wait (with a
 * bounded timeout) for output to appear or for the process to exit.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

export const CONSOLE_SCRIPT = 'src/console/main.ts';
export const ASK_SCRIPT = 'src/console/ask-cli.ts';
const WAIT_MS = 15_000;

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class ChildRun {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly listeners = new Set<() => void>();
  /** Where the next `waitFor` starts looking, so each wait sees only new output. */
  private cursor = 0;

  constructor(script: string, args: readonly string[], env: Record<string, string | undefined>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: PROJECT_ROOT,
      env: cleanEnv(env),
      stdio: 'pipe',
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      for (const listener of this.listeners) listener();
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        for (const listener of this.listeners) listener();
        resolve({ code, signal });
      });
    });
  }

  /** Types one line, as if followed by Enter. */
  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Closes standard input (Ctrl-D at a terminal). */
  end(text = ''): void {
    this.child.stdin.end(text);
  }

  /** Closes our end of standard output, as a reader that goes away does (`| head -1` after its line). */
  closeStdout(): void {
    this.child.stdout.destroy();
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Output after the previous wait, once it matches `pattern`; rejects on exit or after a bounded time. */
  waitFor(pattern: RegExp, timeoutMs = WAIT_MS): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const fresh = this.stdout.slice(this.cursor);
        const match = pattern.exec(fresh);
        if (match) {
          this.cursor += match.index + match[0].length;
          done();
          resolve(fresh.slice(0, match.index + match[0].length));
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          done();
          reject(
            new Error(
              `process exited before printing ${pattern}; stdout:\n${fresh}\nstderr:\n${this.stderr}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `timed out waiting for ${pattern}; stdout:\n${this.stdout.slice(this.cursor)}\nstderr:\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The exit status, or a rejection if the process is still running after a bounded time. */
  async exit(timeoutMs = WAIT_MS): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`process still running; stderr:\n${this.stderr}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the process if a failed test left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** The parent's environment without anything that would change the bot's behaviour under test. */
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(DISCORD_|DATABASE_PATH$|KNOWLEDGE_DIR$|LOG_LEVEL$|ASK_|FAQ_|TIP_|NODE_OPTIONS$)/.test(key))
      continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

/** A temporary directory for one test file's databases, removed afterwards. */
export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'meta-bot-console-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * The child processes of one test file: each run gets its own fresh database (unless the test
 * names one in `env`), is killed after its test, and the file's directory goes at the end.
 */
export function childRuns(script: string, prefix: string) {
  const dir = tempDir();
  const runs: ChildRun[] = [];
  let databases = 0;
  afterEach(() => {
    for (const run of runs.splice(0)) run.kill();
  });
  afterAll(() => dir.remove());
  return {
    dir,
    start(args: readonly string[], env: Record<string, string | undefined> = {}): ChildRun {
      const run = new ChildRun(script, args, {
        DATABASE_PATH: join(dir.path, `${prefix}-${++databases}`, 'bot.sqlite'),
        ...env,
      });
      runs.push(run);
      return run;
    },
  };
}
