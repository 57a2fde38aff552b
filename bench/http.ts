/**
 * HTTP interactions benchmark (`npm run bench -- http`): the bot as an interactions endpoint
 * (startServer, what `npm run serve` runs) beside the gateway path in the same run. Each client has
 * its own Discord stand-in, with the load driver, in a child process (this file with
 * BENCH_ROLE=stand-in), so the driver's CPU is not the client's:
 * - discord.js alone: a child process, a discord.js Client answering interaction.reply() with a
 *   constant over the gateway (bench/discord-djs-client.ts, the Discord bench's own baseline);
 * - the bot over the gateway: startBot in this process, compiled (bench/compiled.ts);
 * - the bot over HTTP: startServer in this process, compiled; the stand-in signs each interaction (Ed25519)
 *   and POSTs it, the bot verifies it and answers in the HTTP response.
 * Both bots answer the same command (/connected by default, BENCH_COMMAND to change it) with
 * logging on. Reports the time from the interaction sent (INTERACTION_CREATE, or the POST) to the
 * answer received (the callback, or the HTTP response) at 1, 10 and 100 in flight (100 in three
 * trials; the verdict uses the median trial's p99), and interactions per second.
 * Targets (issue 11): at 100 in flight, the HTTP p99 at most discord.js alone's, and at least twice
 * the gateway path's throughput. Not a test: it prints a table.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from '../test/support/fake-discord/index.js';
import { runScript } from '../test/support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../test/support/fake-discord/test-bot.js';
import { compiledBot } from './compiled.js';
import { percentile } from './percentile.js';

const COMMAND = process.env.BENCH_COMMAND ?? 'connected';
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
/** Interactions sent to warm up, and how many at once, in order. */
const WARM_UP_STEPS = [
  [300, 1],
  [1_000, 10],
  [5_000, 100],
] as const;
const PER_LEVEL = 2_000;
const LEVELS = [1, 10] as const;
const DEEP = 100;
const TRIAL = 10_000;
const TRIALS = 3;
const THROUGHPUT_FACTOR = 2;

type ToStandIn =
  | { readonly kind: 'endpoint'; readonly url: string }
  | { readonly kind: 'drive'; readonly total: number; readonly inFlight: number };
type FromStandIn =
  | { readonly kind: 'started'; readonly apiUrl: string; readonly publicKey: string }
  | { readonly kind: 'endpoint-set' }
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
    if (message.kind === 'endpoint') {
      fake.deliverInteractionsTo(message.url);
      // Open the connections a load balancer would hold, while the endpoint is idle: Node accepts
      // new connections slowly while busy ones keep it saturated (a hundred at once took over three
      // seconds here), which would measure connection set-up instead of answering.
      Promise.all(
        Array.from({ length: DEEP }, () =>
          fake.postToEndpoint({ method: 'GET', path: '/healthz', signature: 'none' }),
        ),
      ).then(
        () => send({ kind: 'endpoint-set' }),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
      return;
    }
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
  send({ kind: 'started', apiUrl: fake.apiUrl, publicKey: fake.publicKey });
}

// ---- The bench process ------------------------------------------------------------------------

interface StandIn {
  readonly apiUrl: string;
  readonly publicKey: string;
  useEndpoint(url: string): Promise<void>;
  drive(total: number, inFlight: number): Promise<Extract<FromStandIn, { kind: 'driven' }>>;
  stop(): Promise<void>;
}

async function startStandIn(): Promise<StandIn> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_ROLE: 'stand-in' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A stand-in that dies (its driver threw) ends the bench instead of leaving it waiting forever.
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the stand-in exited with code ${code}`);
  });
  exited.catch(() => undefined);
  const next = async (): Promise<FromStandIn> => {
    const [message] = (await Promise.race([once(child, 'message'), exited])) as [FromStandIn];
    return message;
  };
  const started = await next();
  if (started.kind !== 'started') throw new Error('stand-in did not start');
  return {
    apiUrl: started.apiUrl,
    publicKey: started.publicKey,
    async useEndpoint(url) {
      child.send({ kind: 'endpoint', url } satisfies ToStandIn);
      if ((await next()).kind !== 'endpoint-set') throw new Error('unexpected message from the stand-in');
    },
    async drive(total, inFlight) {
      child.send({ kind: 'drive', total, inFlight } satisfies ToStandIn);
      const result = await next();
      if (result.kind !== 'driven') throw new Error('unexpected message from the stand-in');
      return result;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = once(child, 'exit');
      child.disconnect();
      await gone;
    },
  };
}

interface Level {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
}

interface Result {
  readonly levels: Map<number, Level>;
  readonly trials: readonly Level[];
  readonly sustainedPerSecond: number;
  /** CPU of the answering process per interaction, ms (null when it is another process). */
  readonly cpuPerInteractionMs: number | null;
  /** CPU of the stand-in and its load driver per interaction, ms: Discord's side, signing included. */
  readonly standInCpuPerInteractionMs: number;
  readonly rejected: number;
}

const levelOf = (run: { latencies: number[]; elapsedMs: number }, count: number): Level => ({
  p50: percentile(run.latencies, 50),
  p99: percentile(run.latencies, 99),
  perSecond: (count / run.elapsedMs) * 1000,
});

/** Warm-up, then 1 and 10 in flight, then the trials at DEEP in flight. */
async function phases(standIn: StandIn, inProcess: boolean): Promise<Result> {
  // Step up to the deepest level: a hundred requests at once on code not yet compiled can take
  // longer than Discord's 3 seconds on a busy machine, which would end the run rather than measure it.
  for (const [total, inFlight] of WARM_UP_STEPS) await standIn.drive(total, inFlight);
  const levels = new Map<number, Level>();
  for (const inFlight of LEVELS)
    levels.set(inFlight, levelOf(await standIn.drive(PER_LEVEL, inFlight), PER_LEVEL));
  const trials: Level[] = [];
  let elapsed = 0;
  let standInCpu = 0;
  let rejected = 0;
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < TRIALS; i++) {
    const run = await standIn.drive(TRIAL, DEEP);
    trials.push(levelOf(run, TRIAL));
    elapsed += run.elapsedMs;
    standInCpu += run.cpuMs;
    rejected = run.rejected;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    levels,
    trials,
    sustainedPerSecond: ((TRIALS * TRIAL) / elapsed) * 1000,
    cpuPerInteractionMs: inProcess ? (cpu.user + cpu.system) / 1000 / (TRIALS * TRIAL) : null,
    standInCpuPerInteractionMs: standInCpu / (TRIALS * TRIAL),
    rejected,
  };
}

/** discord.js alone over the gateway, in a child process (the Discord bench's baseline client). */
async function measureDiscordJs(): Promise<Result> {
  const standIn = await startStandIn();
  const run = runScript('bench/discord-djs-client.ts', {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: standIn.apiUrl,
  });
  try {
    await run.waitForStderr('"msg":"ready"', 60_000);
    return await phases(standIn, false);
  } finally {
    run.cleanup();
    await standIn.stop();
  }
}

function botEnv(standIn: StandIn, dir: string): Record<string, string> {
  return {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: standIn.apiUrl,
    DISCORD_PUBLIC_KEY: standIn.publicKey,
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    LOG_LEVEL,
    ASK_COOLDOWN_SECONDS: '0',
    // Every interaction comes from the same channel: without this, all but the first answer would
    // be the ephemeral "posted moments ago" copy (as in the Discord bench), and the HTTP bot would
    // also write that guard's key to its database for each one (serve instances share cooldowns).
    REPEAT_ANSWER_SECONDS: '0',
    HOST: '127.0.0.1',
    PORT: '0',
  };
}

// The bots log as in production, to a sink instead of the terminal.
const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });

async function measureGatewayBot(): Promise<Result> {
  const standIn = await startStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'meta-bot-bench-'));
  const { startBot, createLogger } = await compiledBot();
  const bot = await startBot({ env: botEnv(standIn, dir), logger: createLogger(LOG_LEVEL, sink()) });
  try {
    return await phases(standIn, true);
  } finally {
    await bot.stop();
    await standIn.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureHttpBot(): Promise<Result> {
  const standIn = await startStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'meta-bot-bench-'));
  const { startServer, createLogger } = await compiledBot();
  const server = await startServer({ env: botEnv(standIn, dir), logger: createLogger(LOG_LEVEL, sink()) });
  try {
    await standIn.useEndpoint(server.url);
    return await phases(standIn, true);
  } finally {
    await server.stop();
    await standIn.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number | null | undefined) =>
  n === undefined || n === null || Number.isNaN(n)
    ? 'n/a'
    : n.toFixed(Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  // Built first, so the build's CPU falls on no measurement.
  await compiledBot();
  const loadBefore = loadavg()[0];
  const djs = await measureDiscordJs();
  const gateway = await measureGatewayBot();
  const http = await measureHttpBot();
  const clients = [djs, gateway, http] as const;
  const line = (label: string, cell: (r: Result) => string, target = '') =>
    row([label, ...clients.map(cell), target]);
  const pair = (level: Level | undefined) => `${fmt(level?.p50)} / ${fmt(level?.p99)}`;
  const medianP99 = (r: Result) => median(r.trials.map((t) => t.p99));
  const p99Met = medianP99(http) <= medianP99(djs);
  const throughputMet = http.sustainedPerSecond >= THROUGHPUT_FACTOR * gateway.sustainedPerSecond;

  const out: string[] = [
    `Node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore?.toFixed(1)} before and ${loadavg()[0]?.toFixed(1)} after.`,
    'discord.js alone: a child process answering interaction.reply() with a constant over the gateway.',
    `Bot, gateway: startBot in the bench process; bot, HTTP: startServer in the bench process. Both answer /${COMMAND}, LOG_LEVEL=${LOG_LEVEL}.`,
    'Each client has its own stand-in and load driver in a child process; over HTTP the driver signs every request.',
    '',
    row(['sent -> answer received', 'discord.js alone (gateway)', 'bot (gateway)', 'bot (HTTP)', 'target']),
    row(['---', '---', '---', '---', '---']),
  ];
  for (const inFlight of LEVELS) {
    out.push(
      line(`${inFlight} in flight: p50 / p99 ms`, (r) => pair(r.levels.get(inFlight))),
      line(`${inFlight} in flight: per second`, (r) => fmt(r.levels.get(inFlight)?.perSecond)),
    );
  }
  for (let i = 0; i < TRIALS; i++)
    out.push(line(`${DEEP} in flight, trial ${i + 1} of ${TRIAL}: p50 / p99 ms`, (r) => pair(r.trials[i])));
  out.push(
    line(
      `${DEEP} in flight: median of the trials' p99 (ms)`,
      (r) => fmt(medianP99(r)),
      `HTTP <= discord.js alone (${verdict(p99Met)})`,
    ),
    line(
      `sustained per second (${TRIALS} x ${TRIAL}, ${DEEP} in flight)`,
      (r) => fmt(r.sustainedPerSecond),
      `HTTP >= ${THROUGHPUT_FACTOR} x bot gateway = ${fmt(THROUGHPUT_FACTOR * gateway.sustainedPerSecond)} (${verdict(throughputMet)}; ${fmt(http.sustainedPerSecond / gateway.sustainedPerSecond)} x)`,
    ),
    line('answering process CPU per interaction (ms)', (r) => fmt(r.cpuPerInteractionMs)),
    line('stand-in + driver CPU per interaction (ms)', (r) => fmt(r.standInCpuPerInteractionMs)),
    line('requests the stand-in refused', (r) => String(r.rejected), '0'),
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

if (process.env.BENCH_ROLE === 'stand-in') await runStandIn();
else await main();
