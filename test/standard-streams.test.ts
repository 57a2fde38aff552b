import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogDestination } from '../src/standard-streams.js';

const CHILD = join(import.meta.dirname, 'standard-streams-child.ts');
/** Far beyond the exit flush's 250 ms budget: only a process stuck for good takes this long. */
const EXIT_BOUND_MS = 10_000;

const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** The child, started and ready to log; its standard error is a pipe that nobody reads yet. */
async function loggingChild(lines: number): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CHILD], {
    env: { PATH: process.env.PATH ?? '', LINES: String(lines) },
  });
  children.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the child did not start')), 30_000);
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still running: stuck writing its logs')), EXIT_BOUND_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('the default log destination when the process exits', () => {
  it('exits at once when the reader of standard error is gone and lines are still queued (EPIPE)', async () => {
    const child = await loggingChild(1_000);
    // Close our end, the only reading end: every write of the child now fails with EPIPE.
    child.stderr.destroy();
    child.stdin.write('go\n');
    expect(await exitCode(child)).toBe(0);
  });

  it('gives up on a pipe nobody reads within its budget, after writing what fitted', async () => {
    // About 2 MB, far more than a pipe holds: nothing is read until the child has exited.
    const child = await loggingChild(2_000);
    let got = '';
    // Paused with a listener: node neither reads on nor discards the output when the child exits.
    child.stderr.pause();
    child.stderr.on('data', (chunk) => {
      got += String(chunk);
    });
    child.stdin.write('go\n');
    expect(await exitCode(child)).toBe(0);
    const ended = new Promise((resolve) => child.stderr.once('end', resolve));
    child.stderr.resume();
    await ended;
    const lines = got.split('\n');
    // Whole lines from the start (the first batch may land after the exit flush's: no loop is left to wait for it).
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ msg: 'line' });
    expect(lines.length).toBeLessThan(2_000);
  });
});

describe('LogDestination', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('writes every line, in order, in batches while a write is in flight', async () => {
    dir = mkdtempSync(join(tmpdir(), 'log-destination-'));
    const path = join(dir, 'out.log');
    const fd = openSync(path, 'w');
    try {
      const destination = new LogDestination(fd);
      for (let i = 0; i < 500; i++) destination.write(`line ${i}\n`);
      await new Promise<void>((resolve) => destination.flush(resolve));
      const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
      expect(lines).toEqual(Array.from({ length: 500 }, (_, i) => `line ${i}`));
      expect(destination.broken).toBeNull();
    } finally {
      closeSync(fd);
    }
  });

  it('drops every line once its output fails, and never throws', async () => {
    dir = mkdtempSync(join(tmpdir(), 'log-destination-'));
    const path = join(dir, 'read-only.log');
    writeFileSync(path, '');
    const fd = openSync(path, 'r');
    try {
      const destination = new LogDestination(fd);
      destination.write('first\n');
      await new Promise<void>((resolve) => destination.flush(resolve));
      expect(destination.broken).toBe('EBADF');
      expect(destination.write('later\n')).toBe(true);
      expect(() => destination.flushSync()).not.toThrow();
    } finally {
      closeSync(fd);
    }
  });
});
