/**
 * Discord transport benchmark (`npm run bench -- discord`): the real bot (src/main.ts, a child
 * process, as `npm start` runs it) against the local Discord stand-in on loopback, beside a
 * baseline client that answers with no discord.js and no handler (bench/discord-baseline-client.ts)
 * in the same run. Measures the time from INTERACTION_CREATE sent to the callback received at 1,
 * 10 and 100 in flight; sustained interactions per second; CPU per interaction; the bot's resident
 * memory after warm-up and after 10,000 and 20,000 more; and start-up time. Not a test: it prints.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { FakeDiscord } from '../test/support/fake-discord/index.js';
import { runScript } from '../test/support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../test/support/fake-discord/test-bot.js';

const COMMAND = process.env.BENCH_COMMAND ?? 'connected';
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const WARM_UP = 5_000;
const PER_LEVEL = 3_000;
const SUSTAINED = 10_000;
const LEVELS = [1, 10, 100] as const;
const TARGETS = { p99At100Ms: 50, perSecond: 1_000, readyAfterGatewayMs: 1_000 };

interface Level {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
}

interface Result {
  readonly levels: Map<number, Level>;
  readonly sustainedPerSecond: number;
  readonly cpuPerInteractionMs: number;
  readonly standInCpuPerInteractionMs: number;
  readonly rssMb: readonly [number, number, number];
  readonly spawnToReadyMs: number;
  readonly readyLog: { sinceProcessStartMs?: number; sinceGatewayReadyMs?: number };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** User + system CPU time of a process in ms (/proc clock ticks are 10 ms on Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

/** Sends `total` interactions keeping `inFlight` outstanding. */
async function drive(fake: FakeDiscord, total: number, inFlight: number) {
  const latencies: number[] = [];
  let sent = 0;
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
  return { latencies: latencies.sort((a, b) => a - b), elapsedMs: performance.now() - started };
}

async function measure(script: string): Promise<Result> {
  const fake = await FakeDiscord.start({ lean: true });
  const spawnedAt = performance.now();
  const run = runScript(script, {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    LOG_LEVEL,
    ASK_COOLDOWN_SECONDS: '0',
  });
  try {
    await run.waitForStderr('"msg":"ready"', 60_000);
    const spawnToReadyMs = performance.now() - spawnedAt;
    const readyLine = run
      .stderr()
      .split('\n')
      .find((l) => l.startsWith('{') && l.includes('"msg":"ready"'));
    const pid = run.child.pid ?? 0;

    await drive(fake, WARM_UP, 10);
    const rssAfterWarmUp = rssMb(pid);
    const levels = new Map<number, Level>();
    for (const inFlight of LEVELS) {
      const { latencies, elapsedMs } = await drive(fake, PER_LEVEL, inFlight);
      levels.set(inFlight, {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        perSecond: (PER_LEVEL / elapsedMs) * 1000,
      });
    }
    const cpuBefore = cpuMs(pid);
    const standInBefore = process.cpuUsage();
    const first = await drive(fake, SUSTAINED, 100);
    const rssAfter10k = rssMb(pid);
    const second = await drive(fake, SUSTAINED, 100);
    const rssAfter20k = rssMb(pid);
    const standIn = process.cpuUsage(standInBefore);
    const cpuSpent = cpuMs(pid) - cpuBefore;

    run.child.kill('SIGTERM');
    const code = await run.exit(5_000);
    if (code !== 0) throw new Error(`${script} exited with ${code} after SIGTERM`);
    return {
      levels,
      sustainedPerSecond: ((2 * SUSTAINED) / (first.elapsedMs + second.elapsedMs)) * 1000,
      cpuPerInteractionMs: cpuSpent / (2 * SUSTAINED),
      standInCpuPerInteractionMs: (standIn.user + standIn.system) / 1000 / (2 * SUSTAINED),
      rssMb: [rssAfterWarmUp, rssAfter10k, rssAfter20k],
      spawnToReadyMs,
      readyLog: readyLine ? JSON.parse(readyLine) : {},
    };
  } finally {
    run.cleanup();
    await fake.stop();
  }
}

const fmt = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2);
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

const baseline = await measure('bench/discord-baseline-client.ts');
const bot = await measure('src/main.ts');

const out: string[] = [
  `Node ${process.version}, ${cpus().length} CPUs, load average now ${loadavg()[0]?.toFixed(1)}.`,
  `Bot: src/main.ts child process answering /${COMMAND}, LOG_LEVEL=${LOG_LEVEL}. Baseline: a raw WebSocket + fetch`,
  'client with a constant reply (no discord.js, no handler). Stand-in and driver share the bench process.',
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
  row(['RSS after warm-up (MB)', fmt(baseline.rssMb[0]), fmt(bot.rssMb[0]), '']),
  row([`RSS after ${SUSTAINED} more (MB)`, fmt(baseline.rssMb[1]), fmt(bot.rssMb[1]), '']),
  row([
    `RSS after ${2 * SUSTAINED} more (MB)`,
    fmt(baseline.rssMb[2]),
    fmt(bot.rssMb[2]),
    'flat after warm-up',
  ]),
  row(['spawn -> ready seen (ms)', fmt(baseline.spawnToReadyMs), fmt(bot.spawnToReadyMs), '']),
  row(['process start -> ready (ms, bot log)', '', fmt(bot.readyLog.sinceProcessStartMs), '']),
  row([
    'gateway READY -> bot ready (ms, bot log)',
    '',
    fmt(bot.readyLog.sinceGatewayReadyMs),
    `< ${TARGETS.readyAfterGatewayMs} (${verdict((bot.readyLog.sinceGatewayReadyMs ?? Infinity) < TARGETS.readyAfterGatewayMs)})`,
  ]),
);
process.stdout.write(`${out.join('\n')}\n`);
