/**
 * The FaqStore contract (src/faq/faq-store.ts), run against every adapter: SQLite and a real
 * PostgreSQL server. Races are run for real: several connections at once, each a pool of its
 * own, so on PostgreSQL the transactions overlap on the server.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { FaqContent, FaqStore } from '../../src/faq/faq-store.js';
import { STORAGE_ADAPTERS, storageForEachTest } from '../support/storage-adapters.js';

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

async function suggestOne(store: FaqStore, guild = GUILD, author = AUTHOR): Promise<number> {
  const outcome = await store.suggest(guild, author, content, 3);
  if (!outcome.ok) throw new Error('suggestion refused');
  return outcome.entry.id;
}

describe.each(STORAGE_ADAPTERS)('FaqStore on $name', (adapter) => {
  const storages = storageForEachTest(adapter);
  /** The FAQ store of a new database, or a second connection to the one at `location`. */
  async function open(location?: string): Promise<FaqStore & { readonly at: string }> {
    const storage = await storages.open(clock, location);
    return Object.assign(Object.create(storage.faq) as FaqStore, { at: storage.at });
  }

  it('stores a suggestion as pending, out of the approved snapshot until a moderator approves it', async () => {
    const store = await open();
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
    const store = await open();
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
    const store = await open();
    const id = await suggestOne(store, GUILD);
    await store.approve(GUILD, id, MOD_A);
    await store.setReviewChannel(GUILD, '200000000000000009', MOD_A);

    expect(await store.get(OTHER_GUILD, id)).toBeUndefined();
    expect(await store.approve(OTHER_GUILD, id, MOD_B)).toEqual({ ok: false, current: undefined });
    expect(await store.oldestPending(OTHER_GUILD)).toBeUndefined();
    expect(await store.approvedPage(OTHER_GUILD, 0, 10)).toEqual([]);
    expect(await store.settings(OTHER_GUILD)).toEqual({
      reviewChannelId: null,
      moderatorRoleId: null,
      language: null,
    });
    expect(await store.auditTrail(OTHER_GUILD)).toEqual([]);
  });

  it('writes an audit row with who, what, when and the entry before and after for every change', async () => {
    const store = await open();
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
    const store = await open();
    const id = await suggestOne(store);
    await store.approve(GUILD, id, MOD_A);
    await store.remove(GUILD, id, MOD_A, 'outdated');

    expect(await store.get(GUILD, id)).toMatchObject({ status: 'removed', reason: 'outdated' });
    await expect(adapter.exec(store.at, 'DELETE FROM faq_entries')).rejects.toThrow(/never deleted/);
    await expect(adapter.exec(store.at, 'DELETE FROM faq_audit')).rejects.toThrow(/append-only/);
    await expect(adapter.exec(store.at, "UPDATE faq_audit SET action = 'x'")).rejects.toThrow(/append-only/);
    expect(await store.auditTrail(GUILD)).toHaveLength(3);
  });

  it('approves with a moderator-corrected text and records the original in the audit trail', async () => {
    const store = await open();
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
    const store = await open();
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
    const store = await open();
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

  it('refuses a decision on a second connection once the first has decided, and names who decided', async () => {
    // One after the other: this checks what the loser is told, not the race itself (see below).
    const first = await open();
    const second = await open(first.at);
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

  it('numbers every write to an entry in commit order, across connections and whatever code writes it', async () => {
    const first = await open();
    const second = await open(first.at);
    const start = await first.approvedSnapshot();
    expect(start).toEqual({ revision: 0, entries: [] });

    const a = await suggestOne(first);
    const b = await suggestOne(second, OTHER_GUILD);
    await second.approve(GUILD, a, MOD_B);
    // A hand-made fix at the database's shell counts as a change too.
    await adapter.exec(first.at, `UPDATE faq_entries SET answer = answer || ' (fixed)' WHERE id = ${b}`);

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

  it("remembers where a suggestion's review card is, for that suggestion's guild only", async () => {
    const store = await open();
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
    const store = await open();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await suggestOne(store, GUILD, `30000000000000010${i}`));
    for (const id of ids.slice(0, 4)) await store.approve(GUILD, id, MOD_A);
    expect((await store.approvedPage(GUILD, 0, 3)).map((e) => e.id)).toEqual(ids.slice(0, 3));
    expect((await store.approvedPage(GUILD, 3, 3)).map((e) => e.id)).toEqual([ids[3]]);
    expect(await store.countByStatus(GUILD, 'approved')).toBe(4);
    expect(await store.countByStatus(GUILD, 'pending')).toBe(1);
    expect((await store.oldestPending(GUILD))?.id).toBe(ids[4]);
  });

  it("remembers each server's chosen language as a code, for that server only, audited, and clears it", async () => {
    const store = await open();
    await store.setReviewChannel(GUILD, '200000000000000009', MOD_A);
    await store.setLanguage(GUILD, 'pt-BR', MOD_A);
    expect(await store.settings(GUILD)).toEqual({
      reviewChannelId: '200000000000000009',
      moderatorRoleId: null,
      language: 'pt-BR',
    });
    expect((await store.settings(OTHER_GUILD)).language).toBeNull();
    const second = await open(store.at);
    expect((await second.settings(GUILD)).language).toBe('pt-BR');

    await second.setLanguage(GUILD, null, MOD_B);
    expect((await store.settings(GUILD)).language).toBeNull();
    const audit = (await store.auditTrail(GUILD)).filter((r) => r.action === 'config-language');
    expect(audit.map((r) => [r.actorId, (r.after as { language: string | null }).language])).toEqual([
      [MOD_A, 'pt-BR'],
      [MOD_B, null],
    ]);
  });

  it('keeps entries, settings and the audit trail across a reconnect', async () => {
    const first = await storages.open(clock);
    const id = await suggestOne(first.faq);
    await first.faq.approve(GUILD, id, MOD_A);
    await first.faq.setModeratorRole(GUILD, '400000000000000001', MOD_A);
    await first.close();

    const second = await open(first.at);
    expect(await second.get(GUILD, id)).toMatchObject({ status: 'approved', question: content.question });
    expect((await second.settings(GUILD)).moderatorRoleId).toBe('400000000000000001');
    expect(await second.auditTrail(GUILD)).toHaveLength(3);
  });

  it('lets exactly one of several connections deciding at the same time decide each suggestion', async () => {
    const SUGGESTIONS = 30;
    const store = await open();
    const ids: number[] = [];
    for (let i = 0; i < SUGGESTIONS; i++) ids.push(await suggestOne(store, GUILD, `3100000000000${i}`));
    const moderators = ['300000000000000011', '300000000000000012', '300000000000000013'];
    const connections = [store, await open(store.at), await open(store.at)];
    // Every moderator decides every suggestion at the same moment, approving some and rejecting others.
    const outcomes = await Promise.all(
      connections.map((connection, m) =>
        Promise.all(
          ids.map((id, i) =>
            (i + m) % 2 === 0
              ? connection.approve(GUILD, id, moderators[m]!)
              : connection.reject(GUILD, id, moderators[m]!, null),
          ),
        ),
      ),
    );
    const winners = ids.map(
      (_, i) => outcomes.map((perModerator) => perModerator[i]!.ok).filter(Boolean).length,
    );
    expect(winners).toEqual(ids.map(() => 1));
    for (const [i, id] of ids.entries()) {
      const winner = outcomes.findIndex((perModerator) => perModerator[i]!.ok);
      const entry = await store.get(GUILD, id);
      expect(entry?.resolvedBy).toBe(moderators[winner]);
      // The losers were told what the winner did.
      for (const perModerator of outcomes) {
        const outcome = perModerator[i]!;
        if (!outcome.ok) expect(outcome.current).toEqual(entry);
      }
    }
    const decisions = (await store.auditTrail(GUILD)).filter((r) => r.action !== 'suggest');
    expect(decisions.map((r) => r.entryId).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(ids);
  });

  it('never lets a member past the pending limit, even when they submit several at once', async () => {
    const store = await open();
    const other = await open(store.at);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : other).suggest(GUILD, AUTHOR, content, 3)),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
    expect(await store.pendingCountOf(GUILD, AUTHOR)).toBe(3);
  });

  it('hands out revisions so that a reader never misses a change committed at the same time', async () => {
    const store = await open();
    const writers = [store, await open(store.at), await open(store.at)];
    const seen = new Map<number, string>();
    let revision = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const changes = await store.changesSince(revision);
        for (const entry of changes.entries) seen.set(entry.id, entry.status);
        revision = changes.revision;
      }
    })();
    const ids = (
      await Promise.all(
        writers.map(async (writer, w) => {
          const mine: number[] = [];
          for (let i = 0; i < 10; i++) {
            const id = await suggestOne(writer, GUILD, `32000000000000${w}${i}`);
            await writer.approve(GUILD, id, MOD_A);
            mine.push(id);
          }
          return mine;
        }),
      )
    ).flat();
    writing = false;
    await reader;
    const last = await store.changesSince(revision);
    for (const entry of last.entries) seen.set(entry.id, entry.status);
    expect([...seen.keys()].sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    expect([...seen.values()].every((status) => status === 'approved')).toBe(true);
  });
});
