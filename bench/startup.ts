/**
 * Start-up benchmark (`npm run bench -- startup`): how long `npm start` takes from spawning the
 * process to its "ready" log line (gateway connected, every shard ready), run from source through
 * tsx (`npm run dev`, what `npm start` was before the production build) and compiled
 * (`npm start`: `npm run build`'s JavaScript in dist/), against one local Discord stand-in.
 * The two take turns run by run, so the machine's changing load falls on both. Each process is
 * spawned with the node arguments of its package.json script (npm's own start-up, a few hundred
 * ms that is the same for both, is left out) on a database it has already migrated (a warm-up
 * run first), so a run is a restart, and is stopped with SIGTERM once ready. Builds dist/ first.
 * Not a test: it prints a table.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { FakeDiscord } from '../test/support/fake-discord/index.js';
import { TEST_TOKEN } from '../test/support/fake-discord/test-bot.js';
import { percentile } from './percentile.js';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
/** A start that is not ready by then is a failure of the bench, not a figure. */
const READY_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 10_000;

interface Variant {
  readonly label: string;
  readonly script: string;
  readonly args: readonly string[];
}

/** The node arguments of an `npm run` script of the form `node …args` (the only form used here). */
function nodeArgsOf(script: string): string[] {
  const scripts = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;
  const [command, ...args] = (scripts[script] ?? '').split(/\s+/);
  if (command !== 'node')
    throw new Error(`npm script "${script}" does not start with node: ${scripts[script]}`);
  // Relative paths in the scripts are relative to the project root, where npm runs them; the bot
  // runs in a temp folder, from which a bare `--import tsx` would not resolve.
  return args.map((arg) =>
    /^(src|dist)\//.test(arg) ? join(PROJECT_ROOT, arg) : arg === 'tsx' ? import.meta.resolve('tsx') : arg,
  );
}

interface Run {
  /** Spawn to the "ready" line on standard error, as the parent saw it. */
  readonly wallMs: number;
  /** The process's own `sinceProcessStartMs` in that line (from Node's start to ready). */
  readonly insideMs: number;
}

/** Starts one bot process, waits for "ready", stops it with SIGTERM and waits for it to exit. */
async function startOnce(variant: Variant, env: Record<string, string>): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, {
    cwd: env.WORK_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let pending = '';
      let stderr = '';
      const timer = setTimeout(
        () => reject(new Error(`${variant.label}: not ready within ${READY_TIMEOUT_MS} ms:\n${stderr}`)),
        READY_TIMEOUT_MS,
      );
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += String(chunk);
        pending += String(chunk);
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        const ready = lines.find((l) => l.includes('"msg":"ready"'));
        if (ready) {
          clearTimeout(timer);
          resolve(ready);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${variant.label} exited (${code}) before ready:\n${stderr}`));
      });
    });
    const wallMs = performance.now() - started;
    const insideMs = Number((JSON.parse(line) as { sinceProcessStartMs?: number }).sinceProcessStartMs);
    return { wallMs, insideMs };
  } finally {
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'gave up'>((resolve) => {
      timer = setTimeout(() => resolve('gave up'), EXIT_TIMEOUT_MS);
    });
    if ((await Promise.race([exited, gaveUp])) === 'gave up') child.kill('SIGKILL');
    clearTimeout(timer);
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function summary(runs: readonly Run[], pick: (run: Run) => number): string {
  const sorted = runs.map(pick).sort((a, b) => a - b);
  return `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 99))} ms`;
}

async function main(): Promise<void> {
  process.stdout.write('Building dist/ (npm run build)…\n');
  const build = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/build.ts')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('npm run build failed');

  const variants: Variant[] = [
    { label: 'source, tsx (npm run dev)', script: 'dev', args: nodeArgsOf('dev') },
    { label: 'compiled (npm start)', script: 'start', args: nodeArgsOf('start') },
  ];
  const fake = await FakeDiscord.start();
  const dirs = variants.map(() => mkdtempSync(join(tmpdir(), 'meta-bot-startup-')));
  const envOf = (i: number) => ({
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: join(dirs[i] ?? '', 'bot.sqlite'),
    LOG_LEVEL: 'info',
    WORK_DIR: dirs[i] ?? '',
  });
  const loadBefore = loadavg()[0];
  const runs: Run[][] = variants.map(() => []);
  try {
    // Warm-up: creates each database and fills the file cache; not counted.
    for (const [i, variant] of variants.entries()) await startOnce(variant, envOf(i));
    for (let round = 0; round < RUNS; round++) {
      for (const [i, variant] of variants.entries()) runs[i]?.push(await startOnce(variant, envOf(i)));
    }
  } finally {
    await fake.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }

  const rows = variants.map((variant, i) => {
    const r = runs[i] ?? [];
    return `| ${variant.label} | ${summary(r, (x) => x.wallMs)} | ${summary(r, (x) => x.insideMs)} |`;
  });
  const median = (i: number) =>
    percentile(
      (runs[i] ?? []).map((r) => r.wallMs).sort((a, b) => a - b),
      50,
    );
  process.stdout.write(
    [
      '',
      `Start-up to ready (gateway, local stand-in), ${RUNS} runs each, median / p99:`,
      '',
      '| Start | Spawn → "ready" line | Inside the process (sinceProcessStartMs) |',
      '| --- | --- | --- |',
      ...rows,
      '',
      `Compiled / source, median: ${(median(1) / median(0)).toFixed(2)} ×.`,
      `Node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore?.toFixed(1)} before and ${loadavg()[0]?.toFixed(1)} after.`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
