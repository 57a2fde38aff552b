/**
 * Moving a bot from SQLite to PostgreSQL: every table, id, revision, rotation and audit row
 * arrives; the bot carries on from there on PostgreSQL; a target with data is refused unless
 * told; and the command says what it did, or why not, without the password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COPIED_TABLES,
  CopyRefused,
  copySqliteToPostgres,
} from '../../src/storage/copy-sqlite-to-postgres.js';
import { openPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { runScript, type ScriptRun } from '../support/fake-discord/spawn-script.js';
import { freshPostgresUrl } from '../support/postgres/databases.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const MEMBER = '300000000000000001';
const MODERATOR = '300000000000000002';
const CHANNEL = '200000000000000001';
const clock = { now: () => 1_764_000_000_000 };
const content = (n: number) => ({
  question: `Question ${n} about Threads and Instagram?`,
  answer: `Answer ${n}, long enough to be a real answer.`,
  sourceUrl: n % 2 === 0 ? null : 'https://help.instagram.com/',
});

const dirs: string[] = [];
const runs: ScriptRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) run.cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A SQLite database as a bot leaves it after some use: every table has rows. */
async function usedSqliteDatabase(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'copy-source-'));
  dirs.push(dir);
  const path = join(dir, 'bot.sqlite');
  const storage = openSqliteStorage(path, clock);
  const { faq, tips } = storage;
  const ids: number[] = [];
  for (let n = 0; n < 6; n++) {
    const outcome = await faq.suggest(n < 4 ? GUILD : OTHER_GUILD, `31000000000000000${n}`, content(n), 3);
    if (!outcome.ok) throw new Error('suggestion refused');
    ids.push(outcome.entry.id);
  }
  await faq.approve(GUILD, ids[0]!, MODERATOR);
  await faq.approve(GUILD, ids[1]!, MODERATOR, content(11));
  await faq.reject(GUILD, ids[2]!, MODERATOR, 'duplicate');
  await faq.edit(GUILD, ids[0]!, MODERATOR, content(10));
  await faq.approve(OTHER_GUILD, ids[4]!, MODERATOR);
  await faq.remove(OTHER_GUILD, ids[4]!, MODERATOR, 'outdated');
  await faq.setReviewChannel(GUILD, CHANNEL, MODERATOR);
  await faq.setModeratorRole(GUILD, '400000000000000001', MODERATOR);
  await faq.recordReviewCard(ids[3]!, { channelId: CHANNEL, messageId: '900000000000000001' });
  const now = clock.now();
  await tips.saveSchedule({
    guildId: GUILD,
    channelId: CHANNEL,
    cron: '0 9 * * *',
    timezone: 'Europe/Berlin',
    by: MODERATOR,
    now,
  });
  await tips.claimSlot({
    guildId: GUILD,
    slotAt: now + 1,
    channelId: CHANNEL,
    now,
    leaseMs: 60_000,
    tipIds: ['a', 'b', 'c'],
  });
  await tips.markPosted(GUILD, now + 1, '900000000000000002', now + 2);
  await tips.recordSkipped(
    GUILD,
    now - 86_400_000,
    CHANNEL,
    { code: 'missed-offline', lateMinutes: 1_440, graceMinutes: 30 },
    now,
  );
  await tips.takeTip(`dm:${MEMBER}`, ['a', 'b', 'c'], now);
  await storage.insights.record(
    { guildId: GUILD, question: 'who sees my likes', outcome: 'off-topic', guesses: [], locale: 'en-US' },
    now,
  );
  await storage.close();
  return path;
}

/** Every row of every copied table, in key order, as plain values. */
async function sqliteRows(path: string): Promise<Record<string, unknown[]>> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(
      COPIED_TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()]),
    );
  } finally {
    db.close();
  }
}

async function postgresRows(url: string): Promise<Record<string, unknown[]>> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pg.types.setTypeParser(20, Number);
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of COPIED_TABLES)
      out[table] = (await pool.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
    return out;
  } finally {
    await pool.end();
  }
}

describe('copySqliteToPostgres', () => {
  it('copies every table row for row, ids, revisions, rotations and audit included', async () => {
    const source = await usedSqliteDatabase();
    const url = await freshPostgresUrl();

    const report = await copySqliteToPostgres({ sqlitePath: source, postgresUrl: url });

    const expected = await sqliteRows(source);
    expect(Object.values(expected).every((rows) => rows.length > 0)).toBe(true);
    expect(report).toEqual(Object.fromEntries(COPIED_TABLES.map((t) => [t, expected[t]!.length])));
    expect(await postgresRows(url)).toEqual(expected);
  });

  it('leaves a database the bot carries on with: the next id, the FAQ revision and the audit trail follow on', async () => {
    const source = await usedSqliteDatabase();
    const url = await freshPostgresUrl();
    await copySqliteToPostgres({ sqlitePath: source, postgresUrl: url });

    const before = openSqliteStorage(source, clock);
    const sqliteSnapshot = await before.faq.approvedSnapshot();
    const sqliteTrail = await before.faq.auditTrail(GUILD);
    await before.close();

    const after = await openPostgresStorage(url, clock);
    try {
      expect(await after.faq.approvedSnapshot()).toEqual(sqliteSnapshot);
      expect(await after.faq.auditTrail(GUILD)).toEqual(sqliteTrail);
      expect(await after.faq.changesSince(sqliteSnapshot.revision)).toEqual({
        revision: sqliteSnapshot.revision,
        entries: [],
      });
      const next = await after.faq.suggest(GUILD, '310000000000000099', content(99), 3);
      expect(next.ok && next.entry.id).toBe(7);
      const changes = await after.faq.changesSince(sqliteSnapshot.revision);
      expect(changes.entries.map((e) => e.id)).toEqual([7]);
      expect(changes.revision).toBe(sqliteSnapshot.revision + 1);
      // The audit rows of both guilds were copied; the next one is numbered after all of them.
      const auditRows = (await sqliteRows(source)).faq_audit!.length;
      expect((await after.faq.auditTrail(GUILD)).at(-1)?.id).toBe(auditRows + 1);
      expect(await after.tips.takeTip(`dm:${MEMBER}`, ['a', 'b', 'c'], clock.now())).not.toBeNull();
      expect((await after.tips.rotation(`dm:${MEMBER}`))?.posted).toHaveLength(2);
    } finally {
      await after.close();
    }
  });

  it('refuses a target that already holds data unless told to replace it, and then replaces it whole', async () => {
    const source = await usedSqliteDatabase();
    const url = await freshPostgresUrl();
    await copySqliteToPostgres({ sqlitePath: source, postgresUrl: url });
    const copied = await postgresRows(url);

    const again = copySqliteToPostgres({ sqlitePath: source, postgresUrl: url });
    await expect(again).rejects.toThrow(CopyRefused);
    await expect(again).rejects.toThrow(/already holds data: faq_entries \(6 rows\).*pass --replace/);
    expect(await postgresRows(url)).toEqual(copied);

    await copySqliteToPostgres({ sqlitePath: source, postgresUrl: url, replace: true });
    expect(await postgresRows(url)).toEqual(copied);
  });

  it('refuses a SQLite file that does not exist instead of copying an empty new one', async () => {
    const url = await freshPostgresUrl();
    await expect(
      copySqliteToPostgres({ sqlitePath: '/nonexistent/bot.sqlite', postgresUrl: url }),
    ).rejects.toThrow('there is no SQLite database at /nonexistent/bot.sqlite');
  });
});

describe('npm run db:copy-to-postgres', () => {
  it('copies DATABASE_PATH into DATABASE_URL, then refuses a second copy, never printing the password', async () => {
    const source = await usedSqliteDatabase();
    const url = await freshPostgresUrl();
    const password = new URL(url).password;
    const env = { DATABASE_PATH: source, DATABASE_URL: url };

    const first = runScript('scripts/copy-to-postgres.ts', env);
    runs.push(first);
    expect(await first.exit(60_000), first.stderr()).toBe(0);
    expect(first.stdout()).toMatch(/copied .*bot\.sqlite into postgres:\/\/127\.0\.0\.1:\d+\/test_\w+\n/);
    expect(first.stdout()).toMatch(/faq_entries +6 rows/);

    const second = runScript('scripts/copy-to-postgres.ts', env);
    runs.push(second);
    expect(await second.exit(60_000)).toBe(1);
    expect(second.stderr()).toMatch(
      /^nothing copied: the PostgreSQL database postgres:\/\/127\.0\.0\.1:\d+\/test_\w+ already holds data/,
    );
    expect(`${first.stdout()}${first.stderr()}${second.stdout()}${second.stderr()}`).not.toContain(password);
  });

  it('prints its usage with status 0 for --help, copying nothing', async () => {
    const run = runScript('scripts/copy-to-postgres.ts', {}, [], ['--help']);
    runs.push(run);
    expect(await run.exit(60_000)).toBe(0);
    expect(run.stdout()).toMatch(/^usage: npm run db:copy-to-postgres/);
  });

  it('explains a missing target instead of failing obscurely', async () => {
    const run = runScript('scripts/copy-to-postgres.ts', {});
    runs.push(run);
    expect(await run.exit(60_000)).toBe(2);
    expect(run.stderr()).toContain('no PostgreSQL database to copy into: set DATABASE_URL or pass --to.');
  });
});
