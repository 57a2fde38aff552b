/**
 * The InsightStore contract (src/insights/insight-store.ts), run against SQLite and a real
 * PostgreSQL server: what is kept, per guild, for how long, the once-per-person rule for
 * not-helpful marks, the per-guild switch, and that no user id reaches the database.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { type NewInsight, voterKeyFor } from '../../src/insights/insight-store.js';
import { STORAGE_ADAPTERS, storageForEachTest } from '../support/storage-adapters.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const USER = '300000000000000001';
const OTHER_USER = '300000000000000002';
const ANSWER = '500000000000000001';
const T0 = Date.parse('2026-11-25T09:00:00Z');
const DAY = 86_400_000;
const clock: Clock = { now: () => T0 };

const unanswered: NewInsight = {
  guildId: GUILD,
  question: 'can <@\u200b123> see my whatsapp status',
  outcome: 'not-confident',
  guesses: [
    { topicId: 'whatsapp-status', score: 0.41 },
    { topicId: 'accounts-centre', score: 0.22 },
  ],
  locale: 'en-US',
};

describe.each(STORAGE_ADAPTERS)('InsightStore on $name', (adapter) => {
  const storages = storageForEachTest(adapter);

  it('keeps a question with its outcome, guesses, locale and time, for its own guild only', async () => {
    const { insights } = await storages.open(clock);
    await insights.record(unanswered, T0);
    await insights.record({ ...unanswered, guildId: OTHER_GUILD, outcome: 'off-topic', guesses: [] }, T0);
    const kept = await insights.list(GUILD, T0 - DAY);
    expect(kept).toEqual([{ ...unanswered, id: expect.any(Number), at: T0 }]);
    expect((await insights.list(OTHER_GUILD, T0 - DAY)).map((i) => i.outcome)).toEqual(['off-topic']);
  });

  it('reads one record back by id, in its own guild only', async () => {
    const { insights } = await storages.open(clock);
    await insights.record(unanswered, T0);
    const [kept] = await insights.list(GUILD, 0);
    expect(await insights.get(GUILD, kept!.id)).toEqual(kept);
    expect(await insights.get(OTHER_GUILD, kept!.id)).toBeUndefined();
    expect(await insights.get(GUILD, kept!.id + 1)).toBeUndefined();
  });

  it('lists only records inside the window, oldest first', async () => {
    const { insights } = await storages.open(clock);
    await insights.record({ ...unanswered, question: 'old' }, T0 - 10 * DAY);
    await insights.record({ ...unanswered, question: 'newer' }, T0 - DAY);
    await insights.record({ ...unanswered, question: 'newest' }, T0);
    expect((await insights.list(GUILD, T0 - 2 * DAY)).map((i) => i.question)).toEqual(['newer', 'newest']);
  });

  it('deletes only records older than the retention cut-off', async () => {
    const { insights } = await storages.open(clock);
    await insights.record({ ...unanswered, question: 'expired' }, T0 - 31 * DAY);
    await insights.record({ ...unanswered, question: 'kept' }, T0 - 30 * DAY);
    expect(await insights.prune(T0 - 30 * DAY)).toBe(1);
    expect((await insights.list(GUILD, 0)).map((i) => i.question)).toEqual(['kept']);
  });

  it('counts a not-helpful mark once per person and answer, across connections', async () => {
    const first = await storages.open(clock);
    const second = await storages.open(clock, first.at);
    const mark: NewInsight = { ...unanswered, outcome: 'not-helpful' };
    expect(await first.insights.recordOnce(mark, voterKeyFor(USER, ANSWER), T0)).toBe(true);
    expect(await second.insights.recordOnce(mark, voterKeyFor(USER, ANSWER), T0 + 1)).toBe(false);
    expect(await second.insights.recordOnce(mark, voterKeyFor(OTHER_USER, ANSWER), T0 + 2)).toBe(true);
    expect(await first.insights.recordOnce(mark, voterKeyFor(USER, '500000000000000002'), T0 + 3)).toBe(true);
    expect(await first.insights.list(GUILD, 0)).toHaveLength(3);
  });

  it('stores no user id anywhere: the table has no user column and no value holds the id', async () => {
    const { insights, at } = await storages.open(clock);
    await insights.recordOnce({ ...unanswered, outcome: 'not-helpful' }, voterKeyFor(USER, ANSWER), T0);
    const rows = await adapter.read(at, 'SELECT * FROM insights');
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual(
      ['at', 'guesses', 'guild_id', 'id', 'locale', 'outcome', 'question', 'voter_key'].sort(),
    );
    expect(JSON.stringify(rows)).not.toContain(USER);
  });

  it('records by default, and keeps a guild switched off until switched on again', async () => {
    const { insights, faq } = await storages.open(clock);
    expect(await insights.isRecording(GUILD)).toBe(true);
    await insights.setRecording(GUILD, false, USER, T0);
    expect(await insights.isRecording(GUILD)).toBe(false);
    expect(await insights.isRecording(OTHER_GUILD)).toBe(true);
    // The switch lives with the FAQ settings and leaves the others as they were.
    await faq.setLanguage(GUILD, 'fr', USER);
    expect(await insights.isRecording(GUILD)).toBe(false);
    expect((await faq.settings(GUILD)).language).toBe('fr');
    await insights.setRecording(GUILD, true, USER, T0);
    expect(await insights.isRecording(GUILD)).toBe(true);
  });
});
