import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { openDatabase } from '../../src/storage/database.js';
import { type FaqContent, FaqStore } from '../../src/storage/faq-store.js';
import { loadMigrations } from '../../src/storage/migrations.js';
import { runScript, type ScriptRun } from '../support/fake-discord/spawn-script.js';

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

function suggestOne(store: FaqStore, guild = GUILD, author = AUTHOR): number {
  const outcome = store.suggest(guild, author, content, 3);
  if (!outcome.ok) throw new Error('suggestion refused');
  return outcome.entry.id;
}

describe('FaqStore', () => {
  it('stores a suggestion as pending, invisible to getApproved until a moderator approves it', () => {
    const store = open();
    const id = suggestOne(store);
    expect(store.get(GUILD, id)?.status).toBe('pending');
    expect(store.getApproved(GUILD, id)).toBeUndefined();

    const change = store.approve(GUILD, id, MOD_A);
    expect(change.ok).toBe(true);
    expect(store.getApproved(GUILD, String(id))).toMatchObject({
      question: content.question,
      answer: content.answer,
      sourceUrl: content.sourceUrl,
      authorId: AUTHOR,
      resolvedBy: MOD_A,
      updatedAt: clock.now(),
    });
    expect(store.approvedDocuments()).toEqual([
      { guildId: GUILD, id: String(id), question: content.question, answer: content.answer },
    ]);
  });

  it('refuses a fourth pending suggestion from the same member, but not from another member', () => {
    const store = open();
    for (let i = 0; i < 3; i++) suggestOne(store);
    expect(store.suggest(GUILD, AUTHOR, content, 3)).toEqual({
      ok: false,
      reason: 'too-many-pending',
      pending: 3,
    });
    expect(store.suggest(GUILD, MOD_A, content, 3).ok).toBe(true);
    expect(store.suggest(OTHER_GUILD, AUTHOR, content, 3).ok).toBe(true);
  });

  it('keeps every guild apart: entries, pending queues, settings and audit trails', () => {
    const store = open();
    const id = suggestOne(store, GUILD);
    store.approve(GUILD, id, MOD_A);
    store.setReviewChannel(GUILD, '200000000000000009', MOD_A);

    expect(store.getApproved(OTHER_GUILD, id)).toBeUndefined();
    expect(store.get(OTHER_GUILD, id)).toBeUndefined();
    expect(store.approve(OTHER_GUILD, id, MOD_B)).toEqual({ ok: false, current: undefined });
    expect(store.oldestPending(OTHER_GUILD)).toBeUndefined();
    expect(store.approvedPage(OTHER_GUILD, 0, 10)).toEqual([]);
    expect(store.settings(OTHER_GUILD)).toEqual({ reviewChannelId: null, moderatorRoleId: null });
    expect(store.auditTrail(OTHER_GUILD)).toEqual([]);
  });

  it('writes an audit row with who, what, when and the entry before and after for every change', () => {
    const store = open();
    const approvedId = suggestOne(store);
    const rejectedId = suggestOne(store);
    store.approve(GUILD, approvedId, MOD_A);
    store.reject(GUILD, rejectedId, MOD_B, 'duplicate');
    store.edit(GUILD, approvedId, MOD_A, { ...content, answer: `${content.answer} (edited)` });
    store.remove(GUILD, approvedId, MOD_B, null);
    store.setReviewChannel(GUILD, '200000000000000009', MOD_A);
    store.setModeratorRole(GUILD, '400000000000000001', MOD_A);

    const trail = store.auditTrail(GUILD);
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

  it('keeps rejected and removed entries as history and refuses to delete them or the audit trail', () => {
    const store = open();
    const id = suggestOne(store);
    store.approve(GUILD, id, MOD_A);
    store.remove(GUILD, id, MOD_A, 'outdated');

    expect(store.get(GUILD, id)).toMatchObject({ status: 'removed', reason: 'outdated' });
    expect(() => store.db.prepare('DELETE FROM faq_entries').run()).toThrow(/never deleted/);
    expect(() => store.db.prepare('DELETE FROM faq_audit').run()).toThrow(/append-only/);
    expect(() => store.db.prepare("UPDATE faq_audit SET action = 'x'").run()).toThrow(/append-only/);
  });

  it('approves with a moderator-corrected text and records the original in the audit trail', () => {
    const store = open();
    const id = suggestOne(store);
    const corrected = { ...content, question: 'Can I stop Instagram posts going to Facebook?' };
    const change = store.approve(GUILD, id, MOD_A, corrected);
    expect(change.ok && change.entry.question).toBe(corrected.question);
    expect(store.auditTrail(GUILD).at(-1)).toMatchObject({
      before: { question: content.question },
      after: { question: corrected.question, status: 'approved' },
    });
  });

  it('writes nothing for an edit that keeps every word: no audit row, no new revision', () => {
    const store = open();
    const id = suggestOne(store);
    store.approve(GUILD, id, MOD_A);
    const { revision } = store.changesSince(0);
    const trail = store.auditTrail(GUILD);
    const before = store.get(GUILD, id);

    expect(store.edit(GUILD, id, MOD_B, content)).toMatchObject({ ok: true, changed: false, entry: before });
    expect(store.auditTrail(GUILD)).toEqual(trail);
    expect(store.changesSince(revision).entries).toEqual([]);
    expect(store.edit(GUILD, id, MOD_B, { ...content, sourceUrl: null })).toMatchObject({
      ok: true,
      changed: true,
      entry: { sourceUrl: null },
    });
  });

  it('does not edit or remove an entry that is not approved', () => {
    const store = open();
    const id = suggestOne(store);
    expect(store.edit(GUILD, id, MOD_A, content)).toMatchObject({
      ok: false,
      current: { status: 'pending' },
    });
    expect(store.remove(GUILD, id, MOD_A, null)).toMatchObject({ ok: false, current: { status: 'pending' } });
    expect(store.auditTrail(GUILD).map((r) => r.action)).toEqual(['suggest']);
  });

  it('keeps entries, settings and the audit trail across a restart of a file database', () => {
    const file = tempFile();
    const first = open(file);
    const id = suggestOne(first);
    first.approve(GUILD, id, MOD_A);
    first.setModeratorRole(GUILD, '400000000000000001', MOD_A);
    first.db.close();

    const second = open(file);
    expect(second.getApproved(GUILD, id)?.question).toBe(content.question);
    expect(second.settings(GUILD).moderatorRoleId).toBe('400000000000000001');
    expect(second.auditTrail(GUILD)).toHaveLength(3);
  });

  it('refuses a decision on a second connection once the first has decided, and names who decided', () => {
    // One after the other: this checks what the loser is told, not the race itself (see below).
    const file = tempFile();
    const first = open(file);
    const second = open(file);
    const id = suggestOne(first);
    // Both moderators saw the suggestion as pending before either clicked.
    expect(first.get(GUILD, id)?.status).toBe('pending');
    expect(second.get(GUILD, id)?.status).toBe('pending');

    const a = first.approve(GUILD, id, MOD_A);
    const b = second.reject(GUILD, id, MOD_B, null);
    const c = second.approve(GUILD, id, MOD_B);

    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, current: { status: 'approved', resolvedBy: MOD_A } });
    expect(c).toMatchObject({ ok: false, current: { status: 'approved', resolvedBy: MOD_A } });
    expect(second.auditTrail(GUILD).filter((r) => r.action !== 'suggest')).toHaveLength(1);
  });

  it('lets exactly one of several processes deciding at the same time decide each suggestion', async () => {
    // Three OS processes on one file, each approving or rejecting every suggestion at random:
    // SQLite's locks and the re-check inside each IMMEDIATE transaction, not anything in this
    // process, must keep the decisions apart.
    const SUGGESTIONS = 150;
    const file = tempFile();
    const store = open(file);
    const ids = Array.from({ length: SUGGESTIONS }, (_, i) => suggestOne(store, GUILD, `3100000000000${i}`));
    const moderators = ['300000000000000011', '300000000000000012', '300000000000000013'];
    const runs: ScriptRun[] = moderators.map((moderator) =>
      runScript('test/storage/faq-decision-race-child.ts', {
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
      moderators.forEach((moderator, i) => {
        for (const id of won[i] ?? []) expect(store.get(GUILD, id)?.resolvedBy).toBe(moderator);
      });
      const decisions = store.auditTrail(GUILD).filter((r) => r.action !== 'suggest');
      expect(decisions.map((r) => r.entryId).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(ids);
    } finally {
      for (const run of runs) run.cleanup();
    }
  });

  it('numbers every write to an entry in commit order, across connections and whatever code writes it', () => {
    const file = tempFile();
    const first = open(file);
    const second = open(file);
    const start = first.approvedSnapshot();
    expect(start).toEqual({ revision: 0, documents: [] });

    const a = suggestOne(first);
    const b = suggestOne(second, OTHER_GUILD);
    second.approve(GUILD, a, MOD_B);
    // A hand-made fix in the sqlite3 shell counts as a change too.
    first.db.prepare("UPDATE faq_entries SET answer = answer || ' (fixed)' WHERE id = ?").run(b);

    const changes = second.changesSince(start.revision);
    expect(changes.entries.map((e) => [e.id, e.status])).toEqual([
      [a, 'approved'],
      [b, 'pending'],
    ]);
    expect(changes.entries[1]?.answer).toBe(`${content.answer} (fixed)`);
    expect(first.changesSince(changes.revision)).toEqual({ revision: changes.revision, entries: [] });
    expect(first.approvedSnapshot()).toEqual({
      revision: changes.revision,
      documents: [{ guildId: GUILD, id: String(a), question: content.question, answer: content.answer }],
    });
  });

  it('gives the entries of a database written before FAQ revisions existed a revision each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faq-store-'));
    dirs.push(dir);
    const older = join(dir, 'migrations');
    mkdirSync(older);
    for (const migration of loadMigrations().filter((m) => m.version <= 3))
      writeFileSync(join(older, migration.name), migration.sql);
    const file = join(dir, 'bot.sqlite');
    const before = openDatabase(file, older);
    const insert = before.prepare(
      `INSERT INTO faq_entries (guild_id, status, author_id, question, answer, created_at, updated_at)
       VALUES (?, 'approved', ?, ?, ?, 0, 0) RETURNING id`,
    );
    const ids = [1, 2].map((_) => insert.pluck().get(GUILD, AUTHOR, content.question, content.answer));
    before.close();

    const after = open(file);
    expect(after.changesSince(0).entries.map((e) => e.id)).toEqual(ids);
    const id = suggestOne(after);
    expect(after.changesSince(2).entries.map((e) => e.id)).toEqual([id]);
  });

  it("remembers where a suggestion's review card is, for that suggestion's guild only", () => {
    const store = open();
    const id = suggestOne(store);
    expect(store.reviewCard(GUILD, id)).toBeUndefined();
    store.recordReviewCard(id, { channelId: '200000000000000077', messageId: '1234567890123456789012' });
    // A card posted again (a retried announcement) replaces the first.
    store.recordReviewCard(id, { channelId: '200000000000000077', messageId: '1234567890123456789013' });
    expect(store.reviewCard(GUILD, id)).toEqual({
      channelId: '200000000000000077',
      messageId: '1234567890123456789013',
    });
    expect(store.reviewCard(OTHER_GUILD, id)).toBeUndefined();
  });

  it('pages approved entries oldest first and counts the pending queue', () => {
    const store = open();
    const ids = Array.from({ length: 5 }, (_, i) => suggestOne(store, GUILD, `30000000000000010${i}`));
    for (const id of ids.slice(0, 4)) store.approve(GUILD, id, MOD_A);
    expect(store.approvedPage(GUILD, 0, 3).map((e) => e.id)).toEqual(ids.slice(0, 3));
    expect(store.approvedPage(GUILD, 3, 3).map((e) => e.id)).toEqual([ids[3]]);
    expect(store.countByStatus(GUILD, 'approved')).toBe(4);
    expect(store.countByStatus(GUILD, 'pending')).toBe(1);
    expect(store.oldestPending(GUILD)?.id).toBe(ids[4]);
  });

  it('stores Discord ids as text so large snowflakes keep every digit', () => {
    const store = open();
    const bigAuthor = '1234567890123456789';
    const outcome = store.suggest(GUILD, bigAuthor, content, 3);
    expect(outcome.ok && store.get(GUILD, outcome.entry.id)?.authorId).toBe(bigAuthor);
    expect(store.db.prepare('SELECT typeof(author_id) FROM faq_entries').pluck().get()).toBe('text');
  });
});
