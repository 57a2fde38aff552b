/**
 * Several processes on one database: what one changes in the community FAQ (the console on the
 * bot's file, a second bot) reaches the others' /ask and autocomplete without a restart. Here two
 * apps on two connections to one file stand in for two processes; test/discord/faq.e2e.test.ts
 * does it with the console as a real second process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Choice } from '../../commands/types.js';
import { FAQ_SYNC_INTERVAL_MS, FaqSync } from '../../src/faq/faq-sync.js';
import { silentLogger } from '../../src/logger.js';
import type { QuestionIndex } from '../../src/search/types.js';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { SqliteFaqStore } from '../../src/storage/sqlite/sqlite-faq-store.js';
import { freshPostgresUrl } from '../support/postgres/databases.js';
import { createTestApp, OTHER_GUILD_ID, TEST_GUILD_ID, type TestApp } from '../support/test-app.js';
import {
  AS_MODERATOR,
  click,
  faq,
  GOOD_SUGGESTION,
  manualClock,
  replyOf,
  submit,
  suggest,
  textOf,
} from './faq-flow.js';

const PARAPHRASE = 'how can i get an archive of my threads posts';
/** The longest a change made elsewhere may stay unseen, by the app's own clock. */
const CHECK_INTERVAL_MS = FAQ_SYNC_INTERVAL_MS;

const apps: TestApp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Two apps on one database (a SQLite file, or a PostgreSQL database chosen through DATABASE_URL
 * as in production), each with its own connection and its own clock.
 */
async function twoProcesses(database: 'sqlite' | 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'faq-sync-'));
  dirs.push(dir);
  const databasePath = join(dir, 'bot.sqlite');
  const env = {
    FAQ_SUGGEST_COOLDOWN_SECONDS: '0',
    ASK_COOLDOWN_SECONDS: '0',
    ...(database === 'postgres' && { DATABASE_URL: await freshPostgresUrl() }),
  };
  const consoleClock = manualClock();
  const botClock = manualClock();
  const console = await createTestApp({ env, clock: consoleClock, databasePath });
  const bot = await createTestApp({ env, clock: botClock, databasePath });
  apps.push(console, bot);
  return { console, bot, botClock };
}

async function approveIn(app: TestApp, fields: Record<string, string> = GOOD_SUGGESTION): Promise<number> {
  await suggest(app, fields);
  const entry = await app.services.faq.oldestPending(TEST_GUILD_ID);
  if (!entry) throw new Error('the suggestion was not stored');
  expect((await click(app, `faq:approve:${entry.id}`, AS_MODERATOR)).kind).toBe('update');
  return entry.id;
}

function autocomplete(app: TestApp, typed: string, guildId = TEST_GUILD_ID): Promise<Choice[]> {
  return app.dispatcher.autocomplete(app.context({ guildId }), 'faq', {
    subcommand: 'show',
    subcommandGroup: null,
    options: {},
    focused: { name: 'entry', value: typed },
  });
}

/** The title of the embed /ask answers with, or null when it gives no public answer. */
async function askedTitle(
  app: TestApp,
  question = PARAPHRASE,
  guildId = TEST_GUILD_ID,
): Promise<string | null> {
  const reply = replyOf(await app.run('ask', { question }, { ctx: { guildId } }));
  return reply.ephemeral ? null : (reply.embeds?.[0]?.title ?? null);
}

describe.each(['sqlite', 'postgres'] as const)(
  'FAQ changes made by another process on the same %s database',
  (database) => {
    it('an approval reaches /ask and /faq show autocomplete within the check interval, without a restart', async () => {
      const { console, bot, botClock } = await twoProcesses(database);
      expect(await askedTitle(bot)).not.toBe(GOOD_SUGGESTION.question);

      const id = await approveIn(console);
      botClock.advance(CHECK_INTERVAL_MS);

      expect(await askedTitle(bot)).toBe(GOOD_SUGGESTION.question);
      expect(await autocomplete(bot, 'thre')).toEqual([
        { name: `#${id} ${GOOD_SUGGESTION.question}`, value: String(id) },
      ]);
      expect(await askedTitle(bot, PARAPHRASE, OTHER_GUILD_ID)).not.toBe(GOOD_SUGGESTION.question);
    });

    it('an edit replaces the old text, and a removal takes the entry out, in the other process too', async () => {
      const { console, bot, botClock } = await twoProcesses(database);
      const id = await approveIn(console);
      botClock.advance(CHECK_INTERVAL_MS);
      expect(await askedTitle(bot)).toBe(GOOD_SUGGESTION.question);

      const edited = { ...GOOD_SUGGESTION, question: 'How do I export all my Threads posts as an archive?' };
      expect(textOf(await submit(console, `faq:edit:${id}`, edited, AS_MODERATOR))).toContain('Saved');
      botClock.advance(CHECK_INTERVAL_MS);
      expect(await askedTitle(bot)).toBe(edited.question);
      expect((await autocomplete(bot, 'export')).map((c) => c.name)).toEqual([`#${id} ${edited.question}`]);

      await faq(console, 'remove', { entry: String(id) }, AS_MODERATOR);
      botClock.advance(CHECK_INTERVAL_MS);
      expect(await autocomplete(bot, 'export')).toEqual([]);
      expect(await askedTitle(bot)).not.toBe(edited.question);
    });
  },
);

describe('FaqSync', () => {
  const GUILD = TEST_GUILD_ID;
  const MODERATOR = '300000000000000002';
  const content = (n: number) => ({
    question: `Question number ${n} about Threads and Instagram?`,
    answer: 'An answer long enough to pass the validation rules of the FAQ.',
    sourceUrl: null,
  });

  /** A recording stand-in for the search index: what the sync asked it to do. */
  function recordingIndex() {
    const calls: string[] = [];
    const index: QuestionIndex = {
      search: () => ({ locale: 'en-US', answer: null, alternatives: [] }),
      completeTopics: () => [],
      completeFaq: () => [],
      upsertFaq: (doc) => calls.push(`upsert ${doc.guildId}/${doc.id}: ${doc.question}`),
      removeFaq: (guildId, id) => calls.push(`remove ${guildId}/${id}`),
    };
    return { index, calls };
  }

  /** Two stores on one database file, as two processes would have. */
  function twoConnections() {
    const dir = mkdtempSync(join(tmpdir(), 'faq-sync-'));
    dirs.push(dir);
    const path = join(dir, 'bot.sqlite');
    const clock = manualClock();
    const connections = [openDatabase(path), openDatabase(path)];
    opened.push(...connections);
    const [here, there] = connections.map((db) => new SqliteFaqStore(db, clock)) as [
      SqliteFaqStore,
      SqliteFaqStore,
    ];
    return { here, there, clock };
  }

  async function approved(store: SqliteFaqStore, n: number): Promise<number> {
    const outcome = await store.suggest(GUILD, `3100000000000000${n}`.slice(0, 18), content(n), 3);
    if (!outcome.ok) throw new Error('suggestion refused');
    if (!(await store.approve(GUILD, outcome.entry.id, MODERATOR)).ok) throw new Error('approval refused');
    return outcome.entry.id;
  }

  const opened: Database.Database[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('applies only the entries another connection changed, not the whole FAQ', async () => {
    const { here, there, clock } = twoConnections();
    const ids: number[] = [];
    for (let n = 0; n < 30; n++) ids.push(await approved(there, n));
    const { index, calls } = recordingIndex();
    const sync = new FaqSync({ store: here, index, clock, logger: silentLogger });
    await sync.load();
    expect(calls).toHaveLength(30);
    calls.length = 0;

    const added = await approved(there, 30);
    await there.edit(GUILD, ids[3]!, MODERATOR, {
      ...content(3),
      question: 'Edited question about Threads?',
    });
    await there.remove(GUILD, ids[7]!, MODERATOR, null);
    expect(await sync.syncNow()).toBe(3);
    expect(calls).toEqual([
      `upsert ${GUILD}/${added}: ${content(30).question}`,
      `upsert ${GUILD}/${ids[3]}: Edited question about Threads?`,
      `remove ${GUILD}/${ids[7]}`,
    ]);
    expect(sync.approvedEntry(GUILD, ids[3]!)?.question).toBe('Edited question about Threads?');
    expect(sync.approvedEntry(GUILD, String(ids[7]))).toBeUndefined();
    expect(await sync.syncNow()).toBe(0);
  });

  it('looks at most once per interval, however many interactions ask it to catch up', async () => {
    const { here, there, clock } = twoConnections();
    const { index, calls } = recordingIndex();
    let looks = 0;
    const store = {
      approvedSnapshot: () => here.approvedSnapshot(),
      changesSince: (revision: number) => {
        looks++;
        return here.changesSince(revision);
      },
    };
    const sync = new FaqSync({ store, index, clock, logger: silentLogger, intervalMs: 1_000 });
    await sync.load();
    const id = await approved(there, 1);
    await Promise.all(Array.from({ length: 100 }, () => sync.syncIfDue()));
    expect(looks).toBe(0);
    clock.advance(999);
    await sync.syncIfDue();
    expect(looks).toBe(0);
    clock.advance(1);
    await Promise.all([sync.syncIfDue(), sync.syncIfDue()]);
    await sync.syncIfDue();
    expect(looks).toBe(1);
    expect(calls).toEqual([`upsert ${GUILD}/${id}: ${content(1).question}`]);
  });

  it('logs a failed look, keeps answering, and catches up on the next look', async () => {
    const { here, there, clock } = twoConnections();
    const { index, calls } = recordingIndex();
    const warnings: unknown[] = [];
    const logger = {
      ...silentLogger,
      warn: (...args: unknown[]) => warnings.push(args),
    } as typeof silentLogger;
    let failing = true;
    const store = {
      approvedSnapshot: () => here.approvedSnapshot(),
      changesSince: async (revision: number) => {
        if (failing) throw new Error('disk I/O error');
        return here.changesSince(revision);
      },
    };
    const sync = new FaqSync({ store, index, clock, logger });
    await sync.load();
    const id = await approved(there, 1);
    clock.advance(FAQ_SYNC_INTERVAL_MS);
    await expect(sync.syncIfDue()).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(calls).toEqual([]);

    failing = false;
    clock.advance(FAQ_SYNC_INTERVAL_MS);
    await sync.syncIfDue();
    expect(calls).toEqual([`upsert ${GUILD}/${id}: ${content(1).question}`]);
  });
});
