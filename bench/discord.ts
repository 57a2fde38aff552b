/**
 * Discord transport benchmark (`npm run bench -- discord`). The real bot runs in this process
 * through startBot (the function `npm start` runs), so its heap can be measured after a forced GC;
 * the local Discord stand-in and the load driver run in a child process (this file with
 * BENCH_ROLE=stand-in), so their memory and CPU are not the bot's. A baseline client that answers
 * with no discord.js and no handler (bench/discord-baseline-client.ts, a child process) is measured
 * against the same kind of stand-in in the same run.
 *
 * Reports: time from INTERACTION_CREATE sent to the callback received at 1, 10 and 100 in flight;
 * sustained interactions per second; CPU per interaction; the bot's heap used after a forced GC and
 * its resident memory at warm-up, +10,000 and +20,000 interactions, with the growth after warm-up;
 * and start-up (`npm start` as a child process: spawn to ready, process start to ready, gateway
 * READY to ready). Needs --expose-gc (bench/run.ts passes it). Not a test: it prints a table.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startBot } from '../src/discord/start-bot.js';
import { createLogger } from '../src/logger.js';
import { FakeDiscord } from '../test/support/fake-discord/index.js';
import { runScript } from '../test/support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../test/support/fake-discord/test-bot.js';
import { percentile } from './percentile.js';

const COMMAND = process.env.BENCH_COMMAND ?? 'connected';
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const WARM_UP = 5_000;
const PER_LEVEL = 3_000;
const SUSTAINED = 10_000;
const LEVELS = [1, 10, 100] as const;
const TARGETS = { p99At100Ms: 50, perSecond: 1_000, readyAfterGatewayMs: 1_000 };

type ToStandIn = { readonly kind: 'drive'; readonly total: number; readonly inFlight: number };
type FromStandIn =
  | { readonly kind: 'started'; readonly apiUrl: string }
  | {
      readonly kind: 'driven';
      readonly latencies: number[];
      readonly elapsedMs: number;
      readonly cpuMs: number;
      readonly rejected: number;
    };

// ---- The stand-in child: FakeDiscord plus the load driver, driven over IPC -------------------

/** Sends `total` interactions keeping `inFlight` outstanding; latencies sorted ascending. */
async function drive(fake: FakeDiscord, total: number, inFlight: number) {
  const latencies: number[] = [];
  let sent = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (sent < total) {
      sent += 1;
      const t0 = performance.now();
      const { id } = fake.dispatchSlashCommand({ name: COMMAND });
      const callback = await fake.waitForCallback(id, 10_000);
      latencies.push(performance.now() - t0);
      if (callback.type !== 4) throw new Error(`unexpected callback type ${callback.type}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { latencies: latencies.sort((a, b) => a - b), elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function runStandIn(): Promise<void> {
  const fake = await FakeDiscord.start({ lean: true });
  const send = (message: FromStandIn) => process.send?.(message);
  process.on('message', (message: ToStandIn) => {
    drive(fake, message.total, message.inFlight).then(
      (result) => send({ kind: 'driven', ...result, rejected: fake.rejected.length }),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.on('disconnect', () => {
    fake.stop().finally(() => process.exit(0));
  });
  send({ kind: 'started', apiUrl: fake.apiUrl });
}

// ---- The bench process ------------------------------------------------------------------------

interface StandIn {
  readonly apiUrl: string;
  drive(total: number, inFlight: number): Promise<Extract<FromStandIn, { kind: 'driven' }>>;
  stop(): Promise<void>;
}

async function startStandIn(): Promise<StandIn> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_ROLE: 'stand-in' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = async (): Promise<FromStandIn> => {
    const [message] = (await once(child, 'message')) as [FromStandIn];
    return message;
  };
  const started = await next();
  if (started.kind !== 'started') throw new Error('stand-in did not start');
  return {
    apiUrl: started.apiUrl,
    async drive(total, inFlight) {
      child.send({ kind: 'drive', total, inFlight } satisfies ToStandIn);
      const result = await next();
      if (result.kind !== 'driven') throw new Error('unexpected message from the stand-in');
      return result;
    },
    async stop() {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

interface Level {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
}

interface Memory {
  /** V8 heap used after a forced GC (the bot only, when it runs in this process). */
  readonly heapMb: number | null;
  readonly rssMb: number;
}

interface Result {
  readonly levels: Map<number, Level>;
  readonly sustainedPerSecond: number;
  readonly cpuPerInteractionMs: number;
  readonly standInCpuPerInteractionMs: number;
  /** At warm-up, after SUSTAINED more, after 2 x SUSTAINED more. */
  readonly memory: readonly [Memory, Memory, Memory];
  readonly rejected: number;
}

/** User + system CPU time of another process in ms (/proc clock ticks are 10 ms on Linux). */
function childCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function childRssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function ownMemory(): Memory {
  if (!gc) throw new Error('run with --expose-gc (npm run bench -- discord does)');
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heapMb: usage.heapUsed / MB, rssMb: usage.rss / MB };
}

/** The same phases for any client: warm-up, the three levels, then two sustained runs. */
async function phases(
  standIn: StandIn,
  sample: () => { cpuMs: number; memory: () => Memory },
): Promise<Result> {
  // Warm up at the deepest level measured, so no level pays for opening HTTP connections or JIT.
  const warm = await standIn.drive(WARM_UP, Math.max(...LEVELS));
  let rejected = warm.rejected;
  const atWarmUp = sample().memory();
  const levels = new Map<number, Level>();
  for (const inFlight of LEVELS) {
    const { latencies, elapsedMs } = await standIn.drive(PER_LEVEL, inFlight);
    levels.set(inFlight, {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      perSecond: (PER_LEVEL / elapsedMs) * 1000,
    });
  }
  const cpuBefore = sample().cpuMs;
  const first = await standIn.drive(SUSTAINED, 100);
  const cpuAfterFirst = sample().cpuMs;
  const after10k = sample().memory();
  const cpuBeforeSecond = sample().cpuMs;
  const second = await standIn.drive(SUSTAINED, 100);
  const cpuSpent = cpuAfterFirst - cpuBefore + (sample().cpuMs - cpuBeforeSecond);
  const after20k = sample().memory();
  rejected = second.rejected;
  return {
    levels,
    sustainedPerSecond: ((2 * SUSTAINED) / (first.elapsedMs + second.elapsedMs)) * 1000,
    cpuPerInteractionMs: cpuSpent / (2 * SUSTAINED),
    standInCpuPerInteractionMs: (first.cpuMs + second.cpuMs) / (2 * SUSTAINED),
    memory: [atWarmUp, after10k, after20k],
    rejected,
  };
}

async function measureBaseline(): Promise<Result> {
  const standIn = await startStandIn();
  const run = runScript('bench/discord-baseline-client.ts', {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: standIn.apiUrl,
  });
  try {
    await run.waitForStderr('"msg":"ready"', 60_000);
    const pid = run.child.pid ?? 0;
    return await phases(standIn, () => ({
      cpuMs: childCpuMs(pid),
      memory: () => ({ heapMb: null, rssMb: childRssMb(pid) }),
    }));
  } finally {
    run.cleanup();
    await standIn.stop();
  }
}

async function measureBot(): Promise<Result> {
  const standIn = await startStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'meta-bot-bench-'));
  // The bot logs as it would in production, to a sink instead of the terminal.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const bot = await startBot({
    env: {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: standIn.apiUrl,
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      LOG_LEVEL,
      ASK_COOLDOWN_SECONDS: '0',
    },
    logger: createLogger(LOG_LEVEL, sink),
  });
  try {
    return await phases(standIn, () => {
      const cpu = process.cpuUsage();
      return { cpuMs: (cpu.user + cpu.system) / 1000, memory: ownMemory };
    });
  } finally {
    await bot.stop();
    await standIn.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface StartUp {
  readonly spawnToReadyMs: number;
  readonly sinceProcessStartMs?: number;
  readonly sinceGatewayReadyMs?: number;
}

/** `npm start` as a child process, to time start-up the way a server owner sees it. */
async function measureStartUp(): Promise<StartUp> {
  const fake = await FakeDiscord.start({ lean: true });
  const spawnedAt = performance.now();
  const run = runScript('src/main.ts', {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    LOG_LEVEL,
  });
  try {
    await run.waitForStderr('"msg":"ready"', 60_000);
    const spawnToReadyMs = performance.now() - spawnedAt;
    const readyLine = run
      .stderr()
      .split('\n')
      .find((l) => l.startsWith('{') && l.includes('"msg":"ready"'));
    run.child.kill('SIGTERM');
    const code = await run.exit(5_000);
    if (code !== 0) throw new Error(`src/main.ts exited with ${code} after SIGTERM`);
    return { spawnToReadyMs, ...(readyLine ? JSON.parse(readyLine) : {}) };
  } finally {
    run.cleanup();
    await fake.stop();
  }
}

const fmt = (n: number | null | undefined) =>
  n === undefined || n === null || Number.isNaN(n)
    ? 'n/a'
    : n.toFixed(Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);
const signed = (n: number | null) => (n === null ? 'n/a' : `${n >= 0 ? '+' : ''}${fmt(n)}`);
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const startUp = await measureStartUp();
  const baseline = await measureBaseline();
  const bot = await measureBot();

  const out: string[] = [
    `Node ${process.version}, ${cpus().length} CPUs, load average now ${loadavg()[0]?.toFixed(1)}.`,
    `Bot: startBot in the bench process answering /${COMMAND}, LOG_LEVEL=${LOG_LEVEL} (logs to a sink).`,
    'Baseline: a raw WebSocket + fetch child process with a constant reply (no discord.js, no handler).',
    'Stand-in and load driver: a separate child process for each.',
    '',
    row(['INTERACTION_CREATE -> callback', 'baseline', 'bot', 'target']),
    row(['---', '---', '---', '---']),
  ];
  for (const inFlight of LEVELS) {
    const b = baseline.levels.get(inFlight);
    const m = bot.levels.get(inFlight);
    const target =
      inFlight === 100
        ? `p99 <= ${TARGETS.p99At100Ms} ms (${verdict((m?.p99 ?? Infinity) <= TARGETS.p99At100Ms)})`
        : '';
    out.push(
      row([
        `${inFlight} in flight: p50 / p99 ms`,
        `${fmt(b?.p50)} / ${fmt(b?.p99)}`,
        `${fmt(m?.p50)} / ${fmt(m?.p99)}`,
        target,
      ]),
    );
    out.push(row([`${inFlight} in flight: per second`, fmt(b?.perSecond), fmt(m?.perSecond), '']));
  }
  const heapGrowth = (r: Result) =>
    r.memory[2].heapMb === null || r.memory[0].heapMb === null
      ? null
      : r.memory[2].heapMb - r.memory[0].heapMb;
  const growth = heapGrowth(bot);
  out.push(
    row([
      `sustained per second (2 x ${SUSTAINED}, 100 in flight)`,
      fmt(baseline.sustainedPerSecond),
      fmt(bot.sustainedPerSecond),
      `>= ${TARGETS.perSecond} (${verdict(bot.sustainedPerSecond >= TARGETS.perSecond)})`,
    ]),
    row([
      'client CPU per interaction (ms)',
      fmt(baseline.cpuPerInteractionMs),
      fmt(bot.cpuPerInteractionMs),
      '',
    ]),
    row([
      'stand-in + driver CPU per interaction (ms)',
      fmt(baseline.standInCpuPerInteractionMs),
      fmt(bot.standInCpuPerInteractionMs),
      '',
    ]),
    row(['heap used after GC at warm-up (MB)', 'n/a', fmt(bot.memory[0].heapMb), '']),
    row([`heap used after GC, +${SUSTAINED} (MB)`, 'n/a', fmt(bot.memory[1].heapMb), '']),
    row([`heap used after GC, +${2 * SUSTAINED} (MB)`, 'n/a', fmt(bot.memory[2].heapMb), '']),
    row([
      `heap growth after warm-up (+${2 * SUSTAINED}, MB)`,
      'n/a',
      signed(growth),
      `flat (${verdict(growth !== null && growth < 2)}: under 2 MB)`,
    ]),
    row(['RSS at warm-up (MB)', fmt(baseline.memory[0].rssMb), fmt(bot.memory[0].rssMb), '']),
    row([`RSS, +${SUSTAINED} (MB)`, fmt(baseline.memory[1].rssMb), fmt(bot.memory[1].rssMb), '']),
    row([`RSS, +${2 * SUSTAINED} (MB)`, fmt(baseline.memory[2].rssMb), fmt(bot.memory[2].rssMb), '']),
    row(['requests the stand-in refused', String(baseline.rejected), String(bot.rejected), '0']),
    row(['npm start: spawn -> ready seen (ms)', '', fmt(startUp.spawnToReadyMs), '']),
    row(['npm start: process start -> ready (ms, bot log)', '', fmt(startUp.sinceProcessStartMs), '']),
    row([
      'npm start: gateway READY -> bot ready (ms, bot log)',
      '',
      fmt(startUp.sinceGatewayReadyMs),
      `< ${TARGETS.readyAfterGatewayMs} (${verdict((startUp.sinceGatewayReadyMs ?? Infinity) < TARGETS.readyAfterGatewayMs)})`,
    ]),
    '',
    `Heap growth after warm-up: ${signed(growth)} MB over ${2 * SUSTAINED} interactions (RSS ${signed(
      bot.memory[2].rssMb - bot.memory[0].rssMb,
    )} MB; RSS includes memory V8 and the allocator keep for reuse).`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

if (process.env.BENCH_ROLE === 'stand-in') await runStandIn();
else await main();
