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
const OTHER_GUILD = '100000000000000002';
const AUTHOR = '300000000000000001';
const MOD_A = '300000000000000002';
const MOD_B = '300000000000000003';

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

describe('FaqStore', () => {
  it('stores a suggestion as pending, out of the approved snapshot until a moderator approves it', async () => {
    const store = open();
    const id = await suggestOne(store);
    expect((await store.get(GUILD, id))?.status).toBe('pending');
    expect((await store.approvedSnapshot()).entries).toEqual([]);

    const change = await store.approve(GUILD, id, MOD_A);
    expect(change.ok).toBe(true);
    expect(await store.get(GUILD, id)).toMatchObject({
      status: 'approved',
      question: content.question,
      answer: content.answer,
      sourceUrl: content.sourceUrl,
      authorId: AUTHOR,
      resolvedBy: MOD_A,
      updatedAt: clock.now(),
    });
    expect((await store.approvedSnapshot()).entries.map((e) => [e.guildId, e.id, e.question])).toEqual([
      [GUILD, id, content.question],
    ]);
  });

  it('refuses a fourth pending suggestion from the same member, but not from another member', async () => {
    const store = open();
    for (let i = 0; i < 3; i++) await suggestOne(store);
    expect(await store.suggest(GUILD, AUTHOR, content, 3)).toEqual({
      ok: false,
      reason: 'too-many-pending',
      pending: 3,
    });
    expect((await store.suggest(GUILD, MOD_A, content, 3)).ok).toBe(true);
    expect((await store.suggest(OTHER_GUILD, AUTHOR, content, 3)).ok).toBe(true);
  });

  it('keeps every guild apart: entries, pending queues, settings and audit trails', async () => {
    const store = open();
    const id = await suggestOne(store, GUILD);
    await store.approve(GUILD, id, MOD_A);
    await store.setReviewChannel(GUILD, '200000000000000009', MOD_A);

    expect(await store.get(OTHER_GUILD, id)).toBeUndefined();
    expect(await store.approve(OTHER_GUILD, id, MOD_B)).toEqual({ ok: false, current: undefined });
    expect(await store.oldestPending(OTHER_GUILD)).toBeUndefined();
    expect(await store.approvedPage(OTHER_GUILD, 0, 10)).toEqual([]);
    expect(await store.settings(OTHER_GUILD)).toEqual({ reviewChannelId: null, moderatorRoleId: null });
    expect(await store.auditTrail(OTHER_GUILD)).toEqual([]);
  });

  it('writes an audit row with who, what, when and the entry before and after for every change', async () => {
    const store = open();
    const approvedId = await suggestOne(store);
    const rejectedId = await suggestOne(store);
    await store.approve(GUILD, approvedId, MOD_A);
    await store.reject(GUILD, rejectedId, MOD_B, 'duplicate');
    await store.edit(GUILD, approvedId, MOD_A, { ...content, answer: `${content.answer} (edited)` });
    await store.remove(GUILD, approvedId, MOD_B, null);
    await store.setReviewChannel(GUILD, '200000000000000009', MOD_A);
    await store.setModeratorRole(GUILD, '400000000000000001', MOD_A);

    const trail = await store.auditTrail(GUILD);
    expect(trail.map((r) => [r.action, r.actorId, r.entryId])).toEqual([
      ['suggest', AUTHOR, approvedId],
      ['suggest', AUTHOR, rejectedId],
      ['approve', MOD_A, approvedId],
      ['reject', MOD_B, rejectedId],
      ['edit', MOD_A, approvedId],
      ['remove', MOD_B, approvedId],
      ['config-review-channel', MOD_A, null],
      ['config-moderator-role', MOD_A, null],
    ]);
    expect(trail.every((r) => r.at === clock.now())).toBe(true);
    expect(trail[3]).toMatchObject({
      before: { status: 'pending' },
      after: { status: 'rejected', reason: 'duplicate', resolvedBy: MOD_B },
    });
    expect(trail[4]).toMatchObject({
      before: { answer: content.answer },
      after: { answer: `${content.answer} (edited)` },
    });
    expect(trail[7]).toMatchObject({
      before: { moderatorRoleId: null, reviewChannelId: '200000000000000009' },
      after: { moderatorRoleId: '400000000000000001' },
    });
  });

  it('keeps rejected and removed entries as history and refuses to delete them or the audit trail', async () => {
    const store = open();
    const id = await suggestOne(store);
    await store.approve(GUILD, id, MOD_A);
    await store.remove(GUILD, id, MOD_A, 'outdated');

    expect(await store.get(GUILD, id)).toMatchObject({ status: 'removed', reason: 'outdated' });
    expect(() => store.db.prepare('DELETE FROM faq_entries').run()).toThrow(/never deleted/);
    expect(() => store.db.prepare('DELETE FROM faq_audit').run()).toThrow(/append-only/);
    expect(() => store.db.prepare("UPDATE faq_audit SET action = 'x'").run()).toThrow(/append-only/);
  });

  it('approves with a moderator-corrected text and records the original in the audit trail', async () => {
    const store = open();
    const id = await suggestOne(store);
    const corrected = { ...content, question: 'Can I stop Instagram posts going to Facebook?' };
    const change = await store.approve(GUILD, id, MOD_A, corrected);
    expect(change.ok && change.entry.question).toBe(corrected.question);
    expect((await store.auditTrail(GUILD)).at(-1)).toMatchObject({
      before: { question: content.question },
      after: { question: corrected.question, status: 'approved' },
    });
  });

  it('writes nothing for an edit that keeps every word: no audit row, no new revision', async () => {
    const store = open();
    const id = await suggestOne(store);
    await store.approve(GUILD, id, MOD_A);
    const { revision } = await store.changesSince(0);
    const trail = await store.auditTrail(GUILD);
    const before = await store.get(GUILD, id);

    expect(await store.edit(GUILD, id, MOD_B, content)).toMatchObject({
      ok: true,
      changed: false,
      entry: before,
    });
    expect(await store.auditTrail(GUILD)).toEqual(trail);
    expect((await store.changesSince(revision)).entries).toEqual([]);
    expect(await store.edit(GUILD, id, MOD_B, { ...content, sourceUrl: null })).toMatchObject({
      ok: true,
      changed: true,
      entry: { sourceUrl: null },
    });
  });

  it('does not edit or remove an entry that is not approved', async () => {
    const store = open();
    const id = await suggestOne(store);
    expect(await store.edit(GUILD, id, MOD_A, content)).toMatchObject({
      ok: false,
      current: { status: 'pending' },
    });
    expect(await store.remove(GUILD, id, MOD_A, null)).toMatchObject({
      ok: false,
      current: { status: 'pending' },
    });
    expect((await store.auditTrail(GUILD)).map((r) => r.action)).toEqual(['suggest']);
  });

  it('keeps entries, settings and the audit trail across a restart of a file database', async () => {
    const file = tempFile();
    const first = open(file);
    const id = await suggestOne(first);
    await first.approve(GUILD, id, MOD_A);
    await first.setModeratorRole(GUILD, '400000000000000001', MOD_A);
    first.db.close();

    const second = open(file);
    expect(await second.get(GUILD, id)).toMatchObject({ status: 'approved', question: content.question });
    expect((await second.settings(GUILD)).moderatorRoleId).toBe('400000000000000001');
    expect(await second.auditTrail(GUILD)).toHaveLength(3);
  });

  it('refuses a decision on a second connection once the first has decided, and names who decided', async () => {
    // One after the other: this checks what the loser is told, not the race itself (see below).
    const file = tempFile();
    const first = open(file);
    const second = open(file);
    const id = await suggestOne(first);
    // Both moderators saw the suggestion as pending before either clicked.
    expect((await first.get(GUILD, id))?.status).toBe('pending');
    expect((await second.get(GUILD, id))?.status).toBe('pending');

    const a = await first.approve(GUILD, id, MOD_A);
    const b = await second.reject(GUILD, id, MOD_B, null);
    const c = await second.approve(GUILD, id, MOD_B);

    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, current: { status: 'approved', resolvedBy: MOD_A } });
    expect(c).toMatchObject({ ok: false, current: { status: 'approved', resolvedBy: MOD_A } });
    expect((await second.auditTrail(GUILD)).filter((r) => r.action !== 'suggest')).toHaveLength(1);
  });

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

  it('numbers every write to an entry in commit order, across connections and whatever code writes it', async () => {
    const file = tempFile();
    const first = open(file);
    const second = open(file);
    const start = await first.approvedSnapshot();
    expect(start).toEqual({ revision: 0, entries: [] });

    const a = await suggestOne(first);
    const b = await suggestOne(second, OTHER_GUILD);
    await second.approve(GUILD, a, MOD_B);
    // A hand-made fix in the sqlite3 shell counts as a change too.
    first.db.prepare("UPDATE faq_entries SET answer = answer || ' (fixed)' WHERE id = ?").run(b);

    const changes = await second.changesSince(start.revision);
    expect(changes.entries.map((e) => [e.id, e.status])).toEqual([
      [a, 'approved'],
      [b, 'pending'],
    ]);
    expect(changes.entries[1]?.answer).toBe(`${content.answer} (fixed)`);
    expect(await first.changesSince(changes.revision)).toEqual({ revision: changes.revision, entries: [] });
    const snapshot = await first.approvedSnapshot();
    expect(snapshot.revision).toBe(changes.revision);
    expect(snapshot.entries.map((e) => [e.guildId, e.id, e.question])).toEqual([
      [GUILD, a, content.question],
    ]);
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

  it("remembers where a suggestion's review card is, for that suggestion's guild only", async () => {
    const store = open();
    const id = await suggestOne(store);
    expect(await store.reviewCard(GUILD, id)).toBeUndefined();
    await store.recordReviewCard(id, {
      channelId: '200000000000000077',
      messageId: '1234567890123456789012',
    });
    // A card posted again (a retried announcement) replaces the first.
    await store.recordReviewCard(id, {
      channelId: '200000000000000077',
      messageId: '1234567890123456789013',
    });
    expect(await store.reviewCard(GUILD, id)).toEqual({
      channelId: '200000000000000077',
      messageId: '1234567890123456789013',
    });
    expect(await store.reviewCard(OTHER_GUILD, id)).toBeUndefined();
  });

  it('pages approved entries oldest first and counts the pending queue', async () => {
    const store = open();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await suggestOne(store, GUILD, `30000000000000010${i}`));
    for (const id of ids.slice(0, 4)) await store.approve(GUILD, id, MOD_A);
    expect((await store.approvedPage(GUILD, 0, 3)).map((e) => e.id)).toEqual(ids.slice(0, 3));
    expect((await store.approvedPage(GUILD, 3, 3)).map((e) => e.id)).toEqual([ids[3]]);
    expect(await store.countByStatus(GUILD, 'approved')).toBe(4);
    expect(await store.countByStatus(GUILD, 'pending')).toBe(1);
    expect((await store.oldestPending(GUILD))?.id).toBe(ids[4]);
  });

  it('stores Discord ids as text so large snowflakes keep every digit', async () => {
    const store = open();
    const bigAuthor = '1234567890123456789';
    const outcome = await store.suggest(GUILD, bigAuthor, content, 3);
    expect(outcome.ok && (await store.get(GUILD, outcome.entry.id))?.authorId).toBe(bigAuthor);
    expect(store.db.prepare('SELECT typeof(author_id) FROM faq_entries').pluck().get()).toBe('text');
  });
});
