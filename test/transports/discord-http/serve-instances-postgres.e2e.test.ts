/**
 * Two `npm run serve` instances behind one (imagined) load balancer, as real child processes on
 * one PostgreSQL database (the test run's embedded server, a schema of this file's own): the
 * Discord stand-in sends each interaction to whichever instance the test names, as a balancer
 * may. Whichever instance gets a request, they behave as one bot: a suggestion made through A
 * and approved (button, then form) through B answers /ask on A within 5 seconds and is offered by
 * autocomplete on B; a member's /ask cooldown taken on A holds on B; an answer posted through A
 * is not posted publicly again through B; and a tip slot due while both schedulers run is posted
 * exactly once.
 */
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.js';
import { t } from '../../../src/i18n/messages.js';
import { openPostgresStorage } from '../../../src/storage/postgres/postgres-storage.js';
import {
  FakeDiscord,
  type FakeGuild,
  type InteractionExchange,
  PERMISSIONS,
} from '../../support/fake-discord/index.js';
import { runScript, type ScriptRun } from '../../support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../../support/fake-discord/test-bot.js';
import { waitUntil } from '../../support/fake-discord/waiting.js';
import { freshPostgresUrl } from '../../support/postgres/databases.js';

const SERVE = 'src/transports/discord-http/main.ts';
/** Generous bounds: two processes load discord.js and the knowledge base at once on a busy machine. */
const STARTUP_MS = 60_000;
const SETUP_MS = 120_000;
const TEST_MS = 60_000;
/** The promise: a change made through one instance answers through another within this. */
const SYNC_PROMISE_MS = 5_000;
const ASK_COOLDOWN_SECONDS = 30;

const MODERATOR = { user: { id: '330000000000000021', username: 'mod' }, permissions: PERMISSIONS.moderator };
let nextMember = 0;
/** A member nobody has used yet in this file, so no cooldown of an earlier step is running for them. */
const newMember = () => ({
  user: { id: String(330_000_000_000_001_000n + BigInt(++nextMember)), username: `member${nextMember}` },
  permissions: PERMISSIONS.member,
});

const SUGGESTION = {
  question: 'How do I download a copy of my Threads posts?',
  answer:
    'Open Threads, go to Settings > Account > Download your information, and Meta emails you a link to the archive when it is ready.',
  source: 'https://help.instagram.com/',
};
const PARAPHRASE = 'how can i get an archive of my threads posts';

type Log = Record<string, unknown>;
interface Instance {
  readonly name: 'A' | 'B';
  readonly run: ScriptRun;
  readonly url: string;
}

let fake: FakeDiscord;
let guild: FakeGuild;
let databaseUrl: string;
const instances: Instance[] = [];
const runs: ScriptRun[] = [];
/** The hourly slot the tip schedule had due when the instances started. */
let dueSlot: number;

const logsOf = (run: ScriptRun): Log[] =>
  run
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Log);

const channel = (name: string) => {
  const found = guild.channels.find((c) => c.name === name);
  if (!found) throw new Error(`no channel ${name}`);
  return found;
};
const inChannel = (name: string) => ({ guild: guild.id, channel: channel(name).id });
const isEphemeral = (data: { flags?: number }) => ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** Every child is killed if this worker exits without reaching afterAll (a crash, a timeout). */
const killAll = () => {
  for (const run of runs)
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
};

async function serve(name: 'A' | 'B'): Promise<Instance> {
  const run = runScript(SERVE, {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_PUBLIC_KEY: fake.publicKey,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ASK_COOLDOWN_SECONDS: String(ASK_COOLDOWN_SECONDS),
    FAQ_SUGGEST_COOLDOWN_SECONDS: '0',
    // This hour's slot may be up to an hour old when the test runs; it must still be posted.
    TIP_GRACE_MINUTES: '1440',
  });
  runs.push(run);
  // Nobody reads the children's output after the test: a closed pipe must not hold them.
  run.child.stdout?.on('error', () => undefined);
  run.child.stderr?.on('error', () => undefined);
  await run.waitForStderr('"msg":"ready"', STARTUP_MS);
  const url = logsOf(run).find((l) => l.msg === 'ready')?.url;
  if (typeof url !== 'string') throw new Error(`instance ${name} logged no URL at ready:\n${run.stderr()}`);
  return { name, run, url };
}

/** Sends the next interactions to `instance`, as a load balancer would pick it. */
function through(instance: Instance | undefined): Instance {
  if (!instance) throw new Error('the instance did not start');
  fake.deliverInteractionsTo(instance.url);
  return instance;
}

/** Checks that `instance` (and only it) handled the interaction: the log line follows the answer. */
async function handledBy(instance: Instance, exchange: InteractionExchange): Promise<void> {
  await waitUntil(
    instance.run.child,
    'stderr-data',
    () =>
      logsOf(instance.run).find((l) => l.interactionId === exchange.id && l.msg === 'interaction handled'),
    5_000,
    `instance ${instance.name} to log interaction ${exchange.id}`,
  );
  for (const other of instances.filter((i) => i !== instance)) {
    expect(other.run.stderr()).not.toContain(exchange.id);
  }
}

const [A, B] = [() => instances[0], () => instances[1]];

beforeAll(async () => {
  process.once('exit', killAll);
  fake = await FakeDiscord.start({
    guilds: [
      {
        name: 'One Bot, Two Instances',
        channels: [{ name: 'general' }, { name: 'faq-review' }, { name: 'tips' }, { name: 'chat' }],
      },
    ],
  });
  guild = fake.guild;
  databaseUrl = await freshPostgresUrl();

  // A tip schedule set two hours ago: this hour's slot is due as the instances start.
  const storage = await openPostgresStorage(databaseUrl, systemClock, { max: 1 });
  const now = Date.now();
  dueSlot = Math.floor(now / 3_600_000) * 3_600_000;
  try {
    await storage.tips.saveSchedule({
      guildId: guild.id,
      channelId: channel('tips').id,
      cron: '0 * * * *',
      timezone: 'UTC',
      by: MODERATOR.user.id,
      now: now - 2 * 3_600_000,
    });
  } finally {
    await storage.close();
  }

  // Both at once: their schedulers wake together and race for the due slot.
  instances.push(...(await Promise.all([serve('A'), serve('B')])));
}, SETUP_MS);

afterAll(async () => {
  // Every process is ended, even when a test failed half-way: SIGTERM, then SIGKILL in cleanup().
  for (const run of runs)
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
  await Promise.all(runs.map((run) => run.exit(10_000).catch(() => null)));
  for (const run of runs) run.cleanup();
  process.off('exit', killAll);
  await fake?.stop();
}, 30_000);

describe('two npm run serve instances on one PostgreSQL database', () => {
  it(
    'take a suggestion through A, its approval (button, then form) through B, answer /ask on A within 5 s and offer it in autocomplete on B',
    async () => {
      const a = through(A());
      const configured = await fake.sendSlashCommand({
        name: 'faq',
        subcommandGroup: 'config',
        subcommand: 'review-channel',
        options: { channel: { type: ApplicationCommandOptionType.Channel, value: channel('faq-review').id } },
        ...MODERATOR,
        ...inChannel('general'),
      });
      expect((await configured.final()).data.content).toContain(`<#${channel('faq-review').id}>`);

      const author = newMember();
      const opened = await fake.sendSlashCommand({
        name: 'faq',
        subcommand: 'suggest',
        ...author,
        ...inChannel('general'),
      });
      expect(opened.callback.type).toBe(InteractionResponseType.Modal);
      const since = fake.requests.length;
      const submitted = await fake.submitModal('faq:suggest', SUGGESTION, {
        ...author,
        ...inChannel('general'),
      });
      expect((await submitted.final()).data.content).toMatch(/waiting for a moderator/);
      await handledBy(a, submitted);
      const card = await fake.waitForRequest(
        (r) => r.method === 'POST' && r.path === `/channels/${channel('faq-review').id}/messages`,
        5_000,
        since,
      );
      const editId = JSON.stringify(card.body.components).match(/faq:review-edit:\d+/)?.[0];
      expect(editId).toBeDefined();
      const cardMessage = [...fake.messages.values()].find(
        (m) => m.channel_id === channel('faq-review').id && JSON.stringify(m.components).includes(editId!),
      );
      expect(cardMessage).toBeDefined();

      const b = through(B());
      const where = { ...MODERATOR, ...inChannel('faq-review'), message: cardMessage! };
      const form = await fake.clickButton(editId!, where);
      expect(form.callback.type).toBe(InteractionResponseType.Modal);
      expect(form.callback.data.custom_id).toBe(editId);
      await handledBy(b, form);
      const approved = await fake.submitModal(editId!, SUGGESTION, where);
      expect(approved.callback.type).toBe(InteractionResponseType.UpdateMessage);
      expect(approved.callback.data.embeds[0].description).toContain(`Approved by <@${MODERATOR.user.id}>`);
      await handledBy(b, approved);
      const approvedAt = performance.now();

      // A has never seen the entry: it answers with it once it has looked at the database again.
      through(A());
      let answer: { embeds?: { title?: string }[] } = {};
      while (answer.embeds?.[0]?.title !== SUGGESTION.question) {
        expect(performance.now() - approvedAt).toBeLessThan(SYNC_PROMISE_MS);
        const asked = await fake.sendSlashCommand({
          name: 'ask',
          options: { question: PARAPHRASE },
          ...newMember(),
          ...inChannel('general'),
        });
        answer = (await asked.final()).data;
      }
      expect(performance.now() - approvedAt).toBeLessThan(SYNC_PROMISE_MS);

      through(B());
      const offered = await fake.sendAutocomplete({
        name: 'faq',
        subcommand: 'show',
        focused: { name: 'entry', value: 'threads' },
        ...newMember(),
        ...inChannel('general'),
      });
      expect(offered.callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      expect(offered.callback.data.choices.map((c: { name: string }) => c.name)).toContainEqual(
        expect.stringContaining(SUGGESTION.question),
      );
      expect(fake.rejected).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "honour on B a member's /ask cooldown taken on A",
    async () => {
      const member = newMember();
      const ask = () =>
        fake.sendSlashCommand({
          name: 'ask',
          options: { question: 'does facebook own whatsapp' },
          ...member,
          ...inChannel('general'),
        });
      through(A());
      const first = await ask();
      expect((await first.final()).data.content ?? '').not.toMatch(/Slow down/);
      const b = through(B());
      const second = await ask();
      const refused = (await second.final()).data;
      await handledBy(b, second);
      expect(isEphemeral(refused)).toBe(true);
      expect(refused.content).toMatch(/^Slow down: try again in \d+ s\.$/);
      const secondsLeft = Number(/in (\d+) s/.exec(refused.content)?.[1]);
      expect(secondsLeft).toBeGreaterThan(0);
      expect(secondsLeft).toBeLessThanOrEqual(ASK_COOLDOWN_SECONDS);
    },
    TEST_MS,
  );

  it(
    'post an answer given publicly through A only privately through B when it is asked again in the same channel',
    async () => {
      const ask = () =>
        fake.sendSlashCommand({
          name: 'ask',
          options: { question: 'is instagram owned by facebook' },
          ...newMember(),
          ...inChannel('chat'),
        });
      through(A());
      const first = (await (await ask()).final()).data;
      expect(isEphemeral(first)).toBe(false);
      expect(first.embeds?.[0]?.title).toBeTruthy();
      const b = through(B());
      const again = await ask();
      const repeated = (await again.final()).data;
      await handledBy(b, again);
      expect(isEphemeral(repeated)).toBe(true);
      expect(repeated.content).toContain(t('en-US', 'common.repeatNote'));
      expect(repeated.embeds?.[0]?.title).toBe(first.embeds[0].title);
    },
    TEST_MS,
  );

  it(
    'post the tip slot that was due with both schedulers running exactly once',
    async () => {
      const tipsChannel = channel('tips').id;
      const posts = () =>
        fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${tipsChannel}/messages`);
      await fake.waitForRequest((r) => posts().includes(r), 30_000);
      // Both schedulers woke at start-up (before the first test ran) and went for the same slot:
      // one post, from one instance, for this hour's slot (or the next, if the hour turned since).
      const posted = instances.flatMap((i) =>
        logsOf(i.run)
          .filter((l) => l.msg === 'privacy tip posted')
          .map((l) => ({ by: i.name, slot: Date.parse(String(l.slot)) })),
      );
      expect(posted).toHaveLength(new Set(posted.map((p) => p.slot)).size);
      expect(posted.length).toBeGreaterThanOrEqual(1);
      for (const post of posted) expect(post.slot).toBeGreaterThanOrEqual(dueSlot);
      expect(posts()).toHaveLength(posted.length);
      expect(new Set(posts().map((r) => r.body.nonce)).size).toBe(posts().length);
    },
    TEST_MS,
  );
});
