import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/clock.js';
import type { FaqContent } from '../../../src/faq/faq-store.js';
import { loadMigrations } from '../../../src/storage/migrations.js';
import { openDatabase } from '../../../src/storage/sqlite/database.js';
import { SqliteFaqStore as FaqStore } from '../../../src/storage/sqlite/sqlite-faq-store.js';
import { runScript, type ScriptRun } from '../../support/fake-discord/spawn-script.js';

const GUILD = '100000000000000001';
const AUTHOR = '300000000000000001';

const content: FaqContent = {
  question: 'Can I turn off Instagram to Facebook cross-posting?',
  answer: 'Yes: in Accounts Centre, open Sharing across profiles and switch off automatic sharing.',
  sourceUrl: 'https://help.instagram.com/',
};

const clock: Clock = { now: () => 1_700_000_000_000 };
const opened: Database.Database[] = [];
const dirs: string[] = [];

function open(path = ':memory:'): FaqStore {
  const db = openDatabase(path);
  opened.push(db);
  return new FaqStore(db, clock);
}
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faq-store-'));
  dirs.push(dir);
  return join(dir, 'bot.sqlite');
}
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function suggestOne(store: FaqStore, guild = GUILD, author = AUTHOR): Promise<number> {
  const outcome = await store.suggest(guild, author, content, 3);
  if (!outcome.ok) throw new Error('suggestion refused');
  return outcome.entry.id;
}

describe('SqliteFaqStore', () => {
  it('lets exactly one of several processes deciding at the same time decide each suggestion', async () => {
    // Three OS processes on one file, each approving or rejecting every suggestion at random:
    // SQLite's locks and the re-check inside each IMMEDIATE transaction, not anything in this
    // process, must keep the decisions apart.
    const SUGGESTIONS = 150;
    const file = tempFile();
    const store = open(file);
    const ids: number[] = [];
    for (let i = 0; i < SUGGESTIONS; i++) ids.push(await suggestOne(store, GUILD, `3100000000000${i}`));
    const moderators = ['300000000000000011', '300000000000000012', '300000000000000013'];
    const runs: ScriptRun[] = moderators.map((moderator) =>
      runScript('test/storage/sqlite/faq-decision-race-child.ts', {
        DATABASE_PATH: file,
        GUILD,
        MODERATOR: moderator,
        IDS: ids.join(','),
      }),
    );
    try {
      await Promise.all(runs.map((run) => run.waitForStderr('ready', 30_000)));
      // A common start a moment ahead, so the contenders run at the same time.
      const startAt = Date.now() + 300;
      for (const run of runs) run.child.stdin?.write(`${startAt}\n`);
      const codes = await Promise.all(runs.map((run) => run.exit(30_000)));
      expect(codes, runs.map((run) => run.stderr()).join('\n')).toEqual([0, 0, 0]);
      const won = runs.map((run) => JSON.parse(run.stdout()) as number[]);
      expect(won.flat().sort((x, y) => x - y)).toEqual(ids);
      for (const [i, moderator] of moderators.entries()) {
        for (const id of won[i] ?? []) expect((await store.get(GUILD, id))?.resolvedBy).toBe(moderator);
      }
      const decisions = (await store.auditTrail(GUILD)).filter((r) => r.action !== 'suggest');
      expect(decisions.map((r) => r.entryId).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(ids);
    } finally {
      for (const run of runs) run.cleanup();
    }
  });

  it('gives the entries of a database written before FAQ revisions existed a revision each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faq-store-'));
    dirs.push(dir);
    const older = join(dir, 'migrations');
    mkdirSync(older);
    // Named for every dialect: this folder is only ever read for SQLite.
    for (const migration of loadMigrations(undefined, 'sqlite').filter((m) => m.version <= 3))
      writeFileSync(join(older, migration.name.replace('.sqlite.sql', '.sql')), migration.sql);
    const file = join(dir, 'bot.sqlite');
    const before = openDatabase(file, older);
    const insert = before.prepare(
      `INSERT INTO faq_entries (guild_id, status, author_id, question, answer, created_at, updated_at)
       VALUES (?, 'approved', ?, ?, ?, 0, 0) RETURNING id`,
    );
    const ids = [1, 2].map((_) => insert.pluck().get(GUILD, AUTHOR, content.question, content.answer));
    before.close();

    const after = open(file);
    expect((await after.changesSince(0)).entries.map((e) => e.id)).toEqual(ids);
    const id = await suggestOne(after);
    expect((await after.changesSince(2)).entries.map((e) => e.id)).toEqual([id]);
  });

  it('stores Discord ids as text so large snowflakes keep every digit', async () => {
    const store = open();
    const bigAuthor = '1234567890123456789';
    const outcome = await store.suggest(GUILD, bigAuthor, content, 3);
    expect(outcome.ok && (await store.get(GUILD, outcome.entry.id))?.authorId).toBe(bigAuthor);
    expect(store.db.prepare('SELECT typeof(author_id) FROM faq_entries').pluck().get()).toBe('text');
  });
});
