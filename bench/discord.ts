/**
 * Discord transport benchmark (`npm run bench -- discord`): the real bot (src/main.ts, a child
 * process, as `npm start` runs it) against the local Discord stand-in on loopback. Measures the
 * time from INTERACTION_CREATE sent to the interaction callback received, at 1, 10 and 100
 * interactions in flight; sustained interactions per second; the bot's resident memory after
 * warm-up and after 10,000 and 20,000 more interactions; and start-up time. Not a test: it prints.
 */
import { readFileSync } from 'node:fs';
import { FakeDiscord } from '../test/support/fake-discord/index.js';
import { runScript, type ScriptRun } from '../test/support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../test/support/fake-discord/test-bot.js';

const COMMAND = process.env.BENCH_COMMAND ?? 'connected';
const WARM_UP = 2_000;
const PER_LEVEL = 3_000;
const SUSTAINED = 10_000;
const TARGETS = { p99At100Ms: 50, perSecond: 1_000, readyAfterGatewayMs: 1_000 };

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** User + system CPU time of a process, in ms (from /proc; clock ticks are 100 Hz on Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Sends `total` interactions keeping `inFlight` outstanding; returns each one's latency and the wall time. */
async function drive(
  fake: FakeDiscord,
  total: number,
  inFlight: number,
): Promise<{ latencies: number[]; elapsedMs: number }> {
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
      if (callback.type !== 4) throw new Error(`unexpected callback type ${callback.type} for /${COMMAND}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { latencies, elapsedMs: performance.now() - started };
}

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.map((c) => (typeof c === 'number' ? c.toFixed(c >= 100 ? 0 : c >= 10 ? 1 : 2) : c)).join(' | ')} |`;
}

async function main(): Promise<void> {
  const fake = await FakeDiscord.start({ lean: true });
  const spawnedAt = performance.now();
  const bot: ScriptRun = runScript('src/main.ts', {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    ASK_COOLDOWN_SECONDS: '0',
  });
  try {
    await bot.waitForStderr('"msg":"ready"', 30_000);
    const readyWallMs = performance.now() - spawnedAt;
    const readyLine = bot
      .stderr()
      .split('\n')
      .find((l) => l.includes('"msg":"ready"'));
    const ready = JSON.parse(readyLine ?? '{}') as {
      sinceProcessStartMs?: number;
      sinceGatewayReadyMs?: number;
    };
    const pid = bot.child.pid ?? 0;

    await drive(fake, WARM_UP, 10);
    const rssAfterWarmUp = rssMb(pid);

    const levels: { inFlight: number; p50: number; p99: number; max: number; perSecond: number }[] = [];
    for (const inFlight of [1, 10, 100]) {
      const { latencies, elapsedMs } = await drive(fake, PER_LEVEL, inFlight);
      const sorted = [...latencies].sort((a, b) => a - b);
      levels.push({
        inFlight,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? Number.NaN,
        perSecond: (PER_LEVEL / elapsedMs) * 1000,
      });
    }

    const botCpuBefore = cpuMs(pid);
    const benchCpuBefore = process.cpuUsage();
    const sustained = await drive(fake, SUSTAINED, 100);
    const botCpuPerInteraction = (cpuMs(pid) - botCpuBefore) / SUSTAINED;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const standInCpuPerInteraction = (benchCpu.user + benchCpu.system) / 1000 / SUSTAINED;
    const rssAfter10k = rssMb(pid);
    const second = await drive(fake, SUSTAINED, 100);
    const rssAfter20k = rssMb(pid);
    const sustainedPerSecond = ((2 * SUSTAINED) / (sustained.elapsedMs + second.elapsedMs)) * 1000;

    const at100 = levels.find((l) => l.inFlight === 100);
    const out: string[] = [];
    out.push(
      `Bot: src/main.ts child process, /${COMMAND}, LOG_LEVEL=${process.env.BENCH_LOG_LEVEL ?? 'info'}`,
    );
    out.push(
      `Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs; stand-in in the bench process.`,
    );
    out.push('');
    out.push('INTERACTION_CREATE sent -> callback received');
    out.push(row(['in flight', 'interactions', 'p50 ms', 'p99 ms', 'max ms', 'per second']));
    out.push(row(['---', '---', '---', '---', '---', '---']));
    for (const l of levels)
      out.push(row([String(l.inFlight), String(PER_LEVEL), l.p50, l.p99, l.max, l.perSecond]));
    out.push('');
    out.push(row(['measure', 'value', 'target']));
    out.push(row(['---', '---', '---']));
    out.push(
      row([
        'p99 at 100 in flight (ms)',
        at100?.p99 ?? Number.NaN,
        `<= ${TARGETS.p99At100Ms} (${(at100?.p99 ?? Infinity) <= TARGETS.p99At100Ms ? 'met' : 'MISSED'})`,
      ]),
    );
    out.push(
      row([
        `sustained per second (2 x ${SUSTAINED}, 100 in flight)`,
        sustainedPerSecond,
        `>= ${TARGETS.perSecond} (${sustainedPerSecond >= TARGETS.perSecond ? 'met' : 'MISSED'})`,
      ]),
    );
    out.push(row(['bot CPU per interaction (ms)', botCpuPerInteraction, '']));
    out.push(row(['stand-in + driver CPU per interaction (ms)', standInCpuPerInteraction, '']));
    out.push(row(['RSS after warm-up (MB)', rssAfterWarmUp, '']));
    out.push(row([`RSS after ${SUSTAINED} more (MB)`, rssAfter10k, '']));
    out.push(row([`RSS after ${2 * SUSTAINED} more (MB)`, rssAfter20k, 'not growing after warm-up']));
    out.push(row(['process start -> ready (ms, bot log)', ready.sinceProcessStartMs ?? Number.NaN, '']));
    out.push(row(['spawn -> ready seen (ms, wall)', readyWallMs, '']));
    out.push(
      row([
        'gateway READY -> bot ready (ms)',
        ready.sinceGatewayReadyMs ?? Number.NaN,
        `< ${TARGETS.readyAfterGatewayMs} (${(ready.sinceGatewayReadyMs ?? Infinity) < TARGETS.readyAfterGatewayMs ? 'met' : 'MISSED'})`,
      ]),
    );
    process.stdout.write(`${out.join('\n')}\n`);

    bot.child.kill('SIGTERM');
    const code = await bot.exit(5_000);
    if (code !== 0) throw new Error(`the bot exited with ${code} after SIGTERM`);
  } finally {
    bot.cleanup();
    await fake.stop();
  }
}

await main();
