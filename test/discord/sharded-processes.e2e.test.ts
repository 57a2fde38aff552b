/**
 * One bot as two `npm start` processes (src/main.ts as real children) splitting the gateway:
 * DISCORD_SHARD_COUNT=2 with DISCORD_SHARD_IDS=0 and 1, one SQLite file, one Discord stand-in
 * with a guild on each shard. Each guild is served by exactly the process running its shard:
 * its /ask, its community FAQ from suggestion to answer, and its scheduled tips, which are posted
 * once per guild with both schedulers running on the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { SqliteTipStore } from '../../src/storage/sqlite/sqlite-tip-store.js';
import {
  FakeDiscord,
  type FakeGuild,
  guildIdOnShard,
  type InteractionExchange,
  PERMISSIONS,
  shardOf,
} from '../support/fake-discord/index.js';
import { runScript, type ScriptRun } from '../support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../support/fake-discord/test-bot.js';
import { waitUntil } from '../support/fake-discord/waiting.js';

const MAIN = 'src/main.ts';
/** Generous bounds: two processes load discord.js and the knowledge base on a busy machine. */
const STARTUP_MS = 60_000;
const SETUP_MS = 150_000;
const TEST_MS = 60_000;

const MEMBER = { user: { id: '310000000000000011', username: 'member' }, permissions: PERMISSIONS.member };
const MODERATOR = { user: { id: '310000000000000021', username: 'mod' }, permissions: PERMISSIONS.moderator };

const SUGGESTION = {
  question: 'How do I download a copy of my Threads posts?',
  answer:
    'Open Threads, go to Settings > Account > Download your information, and Meta emails you a link to the archive when it is ready.',
  source: 'https://help.instagram.com/',
};
const PARAPHRASE = 'how can i get an archive of my threads posts';

type Log = Record<string, unknown>;
const logsOf = (run: ScriptRun): Log[] =>
  run
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Log);

let fake: FakeDiscord;
let dir: string;
let databasePath: string;
/** processes[i] runs shard i of 2. */
const processes: ScriptRun[] = [];
/** guilds[i] is on shard i of 2. */
let guilds: FakeGuild[];
/** The hourly slot each guild's schedule had due when the processes started. */
let dueSlot: number;

/** Resolves with the first log line of `run` (past or future) that matches; bounded. */
function waitForLog(run: ScriptRun, predicate: (line: Log) => boolean, timeoutMs: number): Promise<Log> {
  return waitUntil(run.child, 'stderr-data', () => logsOf(run).find(predicate), timeoutMs, 'a log line');
}

/**
 * Waits for the process running `shard` to log that it handled the interaction (the log line
 * follows the answer), then checks that no other process saw the interaction at all.
 */
async function handledOnlyBy(exchange: InteractionExchange, shard: number): Promise<void> {
  const run = processes[shard];
  if (!run) throw new Error(`no process runs shard ${shard}`);
  await waitForLog(run, (l) => l.interactionId === exchange.id && l.msg === 'interaction handled', 10_000);
  const others = processes.filter((_, i) => i !== shard);
  for (const other of others) expect(other.stderr()).not.toContain(exchange.id);
}

async function seen(exchange: InteractionExchange) {
  return (await exchange.final()).data;
}

beforeAll(async () => {
  fake = await FakeDiscord.start({
    guilds: [0, 1].map((shard) => ({
      id: guildIdOnShard(shard, 2),
      name: `Server on shard ${shard}`,
      channels: [{ name: 'general' }, { name: 'tips' }],
    })),
  });
  guilds = [...fake.guilds];
  dir = mkdtempSync(join(tmpdir(), 'meta-bot-shards-'));
  databasePath = join(dir, 'bot.sqlite');

  // A tip schedule in each guild, set two hours ago: this hour's slot is due as the bots start.
  const db = openDatabase(databasePath);
  const now = Date.now();
  dueSlot = Math.floor(now / 3_600_000) * 3_600_000;
  const tips = new SqliteTipStore(db);
  for (const guild of guilds) {
    await tips.saveSchedule({
      guildId: guild.id,
      channelId: guild.channels[1]!.id,
      cron: '0 * * * *',
      timezone: 'UTC',
      by: MODERATOR.user.id,
      now: now - 2 * 3_600_000,
    });
  }
  db.close();

  const env = (shard: number) => ({
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: databasePath,
    DISCORD_SHARD_COUNT: '2',
    DISCORD_SHARD_IDS: String(shard),
    LOG_LEVEL: 'debug',
    ASK_COOLDOWN_SECONDS: '0',
    REPEAT_ANSWER_SECONDS: '0',
    FAQ_SUGGEST_COOLDOWN_SECONDS: '0',
    // This hour's slot may be up to an hour old when the test runs; it must still be posted.
    TIP_GRACE_MINUTES: '1440',
  });
  // One after the other: the first process's scheduler runs alone for a while, so a scheduler
  // that looked at every guild would post the second guild's tip from the wrong process.
  for (const shard of [0, 1]) {
    const run = runScript(MAIN, env(shard));
    processes.push(run);
    await run.waitForStderr('"msg":"ready"', STARTUP_MS);
  }
}, SETUP_MS);

afterAll(async () => {
  // Every process is ended, even if the test failed half-way: SIGTERM, then SIGKILL in cleanup().
  for (const run of processes) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
  }
  await Promise.all(processes.map((run) => run.exit(10_000).catch(() => null)));
  for (const run of processes) run.cleanup();
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('two processes, DISCORD_SHARD_COUNT=2, DISCORD_SHARD_IDS=0 and 1, one database', () => {
  it('connect shard 0 and shard 1 of 2 to the stand-in, one each, and log which they run', () => {
    expect(fake.shards).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const [shard, run] of processes.entries()) {
      expect(logsOf(run).find((l) => l.msg === 'ready')).toMatchObject({
        shardIds: [shard],
        shardCount: 2,
        guilds: 1,
      });
    }
  });

  it(
    "answer each guild's /ask from the process that runs the guild's shard, and only from it",
    async () => {
      for (const [shard, guild] of guilds.entries()) {
        expect(shardOf(guild.id, 2)).toBe(shard);
        const exchange = await fake.sendSlashCommand({
          name: 'ask',
          options: { question: 'is instagram owned by facebook' },
          ...MEMBER,
          guild: guild.id,
        });
        expect(exchange.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
        await handledOnlyBy(exchange, shard);
      }
      // Nothing was answered twice: Discord would have refused a second callback.
      expect(fake.rejected).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'run each guild’s FAQ, suggestion to answer, in its own shard’s process, and keep entries per guild',
    async () => {
      const [onShard0, onShard1] = guilds as [FakeGuild, FakeGuild];
      const inShard0 = { guild: onShard0.id };
      /** Sends an interaction in `guild` and checks the process of that guild's shard answered it. */
      const served = async (shard: number, exchange: Promise<InteractionExchange>) => {
        const done = await exchange;
        await handledOnlyBy(done, shard);
        return seen(done);
      };
      const ask = (guild: FakeGuild, shard: number) =>
        served(
          shard,
          fake.sendSlashCommand({
            name: 'ask',
            options: { question: PARAPHRASE },
            ...MEMBER,
            guild: guild.id,
          }),
        );
      const before = await ask(onShard1, 1);
      expect(JSON.stringify(before.embeds ?? [])).not.toContain(SUGGESTION.question);

      const opened = await fake.sendSlashCommand({
        name: 'faq',
        subcommand: 'suggest',
        ...MEMBER,
        ...inShard0,
      });
      expect(opened.callback.type).toBe(InteractionResponseType.Modal);
      await handledOnlyBy(opened, 0);
      const submitted = await served(
        0,
        fake.submitModal('faq:suggest', SUGGESTION, { ...MEMBER, ...inShard0 }),
      );
      expect(submitted.content).toMatch(/waiting for a moderator/);

      const review = await served(
        0,
        fake.sendSlashCommand({ name: 'faq', subcommand: 'review', ...MODERATOR, ...inShard0 }),
      );
      const approveId = JSON.stringify(review.components).match(/faq:approve:\d+/)?.[0];
      expect(approveId).toBeDefined();
      const approved = await served(0, fake.clickButton(approveId ?? '', { ...MODERATOR, ...inShard0 }));
      expect(approved.embeds[0].description).toContain('Approved by');

      expect((await ask(onShard0, 0)).embeds[0].title).toBe(SUGGESTION.question);
      // The other guild, served by the other process on the same database, keeps its own answer.
      expect(await ask(onShard1, 1)).toEqual(before);
      expect(fake.rejected).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'post the tip slot due in each guild once, from the process that serves the guild, with both schedulers running',
    async () => {
      const posts = (guild: FakeGuild) =>
        fake.requests.filter(
          (r) => r.method === 'POST' && r.path === `/channels/${guild.channels[1]!.id}/messages`,
        );
      for (const guild of guilds) await fake.waitForRequest((r) => posts(guild).includes(r), 30_000);
      // Each process posts for its own guild only. The first process ran alone for a while
      // with both slots due: had it looked at every guild, it would have posted both, and the
      // second process would have nothing to post.
      for (const [shard, run] of processes.entries()) {
        await run.waitForStderr('"msg":"privacy tip posted"', 30_000);
        const posted = logsOf(run).filter((l) => l.msg === 'privacy tip posted');
        expect(posted.map((l) => l.guildId)).toEqual(posted.map(() => guilds[shard]!.id));
        // This hour's slot (or the next, if the hour turned while the test started up).
        for (const line of posted) expect(Date.parse(String(line.slot))).toBeGreaterThanOrEqual(dueSlot);
      }
      for (const guild of guilds) {
        // One request per slot: a second process posting the same slot would show as a repeat nonce.
        const nonces = posts(guild).map((r) => r.body.nonce);
        expect(nonces.length).toBeGreaterThanOrEqual(1);
        expect(new Set(nonces).size).toBe(nonces.length);
      }
    },
    TEST_MS,
  );
});
