/**
 * The sharded gateway on PostgreSQL: two `npm start` processes (src/main.ts as real children),
 * DISCORD_SHARD_COUNT=2 with DISCORD_SHARD_IDS=0 and 1, one DATABASE_URL (the test run's embedded
 * server, a schema of this file's own), one Discord stand-in with a guild on each shard. The
 * SQLite twin (sharded-processes.e2e.test.ts) covers routing in depth; this one checks what the
 * shared server adds: each guild's FAQ and tips through PostgreSQL, and a member's /ask cooldown
 * that holds in a guild served by the other process (each process runs only some shards, so
 * cooldowns live in the database: src/app.ts).
 */
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import {
  FakeDiscord,
  type FakeGuild,
  guildIdOnShard,
  type InteractionExchange,
  PERMISSIONS,
} from '../support/fake-discord/index.js';
import { runScript, type ScriptRun } from '../support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../support/fake-discord/test-bot.js';
import { waitUntil } from '../support/fake-discord/waiting.js';
import { freshPostgresUrl } from '../support/postgres/databases.js';

const MAIN = 'src/main.ts';
/** Generous bounds: two processes load discord.js and the knowledge base at once on a busy machine. */
const STARTUP_MS = 60_000;
const SETUP_MS = 120_000;
const TEST_MS = 60_000;
const ASK_COOLDOWN_SECONDS = 30;

const MEMBER = { user: { id: '340000000000000011', username: 'member' }, permissions: PERMISSIONS.member };
const MODERATOR = { user: { id: '340000000000000021', username: 'mod' }, permissions: PERMISSIONS.moderator };
const SUGGESTION = {
  question: 'How do I download a copy of my Threads posts?',
  answer:
    'Open Threads, go to Settings > Account > Download your information, and Meta emails you a link to the archive when it is ready.',
  source: 'https://help.instagram.com/',
};

type Log = Record<string, unknown>;
const logsOf = (run: ScriptRun): Log[] =>
  run
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Log);

let fake: FakeDiscord;
/** guilds[i] is on shard i of 2, and processes[i] runs shard i. */
let guilds: FakeGuild[];
const processes: ScriptRun[] = [];
let dueSlot: number;

/** Every child is killed if this worker exits without reaching afterAll (a crash, a timeout). */
const killAll = () => {
  for (const run of processes) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  }
};

/** Waits for the process of `shard` to log the interaction as handled; no other process saw it. */
async function handledOnlyBy(exchange: InteractionExchange, shard: number): Promise<void> {
  const run = processes[shard]!;
  await waitUntil(
    run.child,
    'stderr-data',
    () => logsOf(run).find((l) => l.interactionId === exchange.id && l.msg === 'interaction handled'),
    10_000,
    `shard ${shard}'s process to log interaction ${exchange.id}`,
  );
  for (const other of processes.filter((_, i) => i !== shard))
    expect(other.stderr()).not.toContain(exchange.id);
}

beforeAll(async () => {
  process.once('exit', killAll);
  fake = await FakeDiscord.start({
    guilds: [0, 1].map((shard) => ({
      id: guildIdOnShard(shard, 2),
      name: `Server on shard ${shard}`,
      channels: [{ name: 'general' }, { name: 'tips' }],
    })),
  });
  guilds = [...fake.guilds];
  const databaseUrl = await freshPostgresUrl();

  // A tip schedule in each guild, set two hours ago: this hour's slot is due as the bots start.
  const storage = await openPostgresStorage(databaseUrl, systemClock, { max: 1 });
  const now = Date.now();
  dueSlot = Math.floor(now / 3_600_000) * 3_600_000;
  try {
    for (const guild of guilds) {
      await storage.tips.saveSchedule({
        guildId: guild.id,
        channelId: guild.channels[1]!.id,
        cron: '0 * * * *',
        timezone: 'UTC',
        by: MODERATOR.user.id,
        now: now - 2 * 3_600_000,
      });
    }
  } finally {
    await storage.close();
  }

  for (const shard of [0, 1]) {
    const run = runScript(MAIN, {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: databaseUrl,
      DISCORD_SHARD_COUNT: '2',
      DISCORD_SHARD_IDS: String(shard),
      LOG_LEVEL: 'debug',
      ASK_COOLDOWN_SECONDS: String(ASK_COOLDOWN_SECONDS),
      FAQ_SUGGEST_COOLDOWN_SECONDS: '0',
      // This hour's slot may be up to an hour old when the test runs; it must still be posted.
      TIP_GRACE_MINUTES: '1440',
    });
    processes.push(run);
    // Nobody reads the children's output after the test: a closed pipe must not hold them.
    run.child.stdout?.on('error', () => undefined);
    run.child.stderr?.on('error', () => undefined);
  }
  await Promise.all(processes.map((run) => run.waitForStderr('"msg":"ready"', STARTUP_MS)));
}, SETUP_MS);

afterAll(async () => {
  // Every process is ended, even when a test failed half-way: SIGTERM, then SIGKILL in cleanup().
  for (const run of processes) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
  }
  await Promise.all(processes.map((run) => run.exit(10_000).catch(() => null)));
  for (const run of processes) run.cleanup();
  process.off('exit', killAll);
  await fake?.stop();
}, 30_000);

describe('two sharded npm start processes on one PostgreSQL database', () => {
  it('each run their own shard on PostgreSQL, with cooldowns in the database', () => {
    for (const [shard, run] of processes.entries()) {
      expect(logsOf(run).find((l) => l.msg === 'ready')).toMatchObject({ shardIds: [shard], shardCount: 2 });
      expect(logsOf(run).find((l) => l.msg === 'knowledge and storage ready')).toMatchObject({
        database: expect.stringMatching(/^postgres:\/\/127\.0\.0\.1:\d+\//),
        cooldowns: 'database',
      });
    }
  });

  it(
    "honour in the other process's guild a member's /ask cooldown taken in one guild",
    async () => {
      const ask = (guild: FakeGuild) =>
        fake.sendSlashCommand({
          name: 'ask',
          options: { question: 'does facebook own whatsapp' },
          ...MEMBER,
          guild: guild.id,
        });
      const first = await ask(guilds[0]!);
      await handledOnlyBy(first, 0);
      expect((await first.final()).data.content ?? '').not.toMatch(/Slow down/);
      const second = await ask(guilds[1]!);
      await handledOnlyBy(second, 1);
      const refused = (await second.final()).data;
      expect((refused.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(refused.content).toMatch(/^Slow down: try again in \d+ s\.$/);
    },
    TEST_MS,
  );

  it(
    "run a guild's FAQ from suggestion to answer in its shard's process, through PostgreSQL",
    async () => {
      const here = { guild: guilds[0]!.id };
      const submitted = await fake.submitModal('faq:suggest', SUGGESTION, { ...MEMBER, ...here });
      await handledOnlyBy(submitted, 0);
      expect((await submitted.final()).data.content).toMatch(/waiting for a moderator/);
      const review = await fake.sendSlashCommand({
        name: 'faq',
        subcommand: 'review',
        ...MODERATOR,
        ...here,
      });
      const approveId = JSON.stringify((await review.final()).data.components).match(/faq:approve:\d+/)?.[0];
      expect(approveId).toBeDefined();
      const approved = await fake.clickButton(approveId!, { ...MODERATOR, ...here });
      expect((await approved.final()).data.embeds[0].description).toContain('Approved by');
      const answer = await fake.sendSlashCommand({
        name: 'ask',
        options: { question: 'how can i get an archive of my threads posts' },
        user: { id: '340000000000000031', username: 'another' },
        permissions: PERMISSIONS.member,
        ...here,
      });
      await handledOnlyBy(answer, 0);
      expect(answer.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect((await answer.final()).data.embeds[0].title).toBe(SUGGESTION.question);
      expect(fake.rejected).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'post the tip slot due in each guild once, from the process that serves the guild',
    async () => {
      const posts = (guild: FakeGuild) =>
        fake.requests.filter(
          (r) => r.method === 'POST' && r.path === `/channels/${guild.channels[1]!.id}/messages`,
        );
      for (const guild of guilds) await fake.waitForRequest((r) => posts(guild).includes(r), 30_000);
      for (const [shard, run] of processes.entries()) {
        await run.waitForStderr('"msg":"privacy tip posted"', 30_000);
        const posted = logsOf(run).filter((l) => l.msg === 'privacy tip posted');
        expect(posted.map((l) => l.guildId)).toEqual(posted.map(() => guilds[shard]!.id));
        for (const line of posted) expect(Date.parse(String(line.slot))).toBeGreaterThanOrEqual(dueSlot);
      }
      for (const guild of guilds) {
        const nonces = posts(guild).map((r) => r.body.nonce);
        expect(nonces.length).toBeGreaterThanOrEqual(1);
        expect(new Set(nonces).size).toBe(nonces.length);
      }
    },
    TEST_MS,
  );
});
