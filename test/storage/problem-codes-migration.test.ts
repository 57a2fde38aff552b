/**
 * Migration 006 on both adapters: a database written when tip problems were English sentences
 * is upgraded to codes, so `/privacy-tips status` words them in the reader's language. Every
 * sentence form the bot ever wrote is converted; text from no version of the bot stays text.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/storage/migrations.js';
import { migrate as migratePostgres } from '../../src/storage/postgres/migrations.js';
import { createPool } from '../../src/storage/postgres/pool.js';
import { migrate as migrateSqlite } from '../../src/storage/sqlite/migrations.js';
import type { PauseReason, SlotProblem } from '../../src/tips/tip-problems.js';
import { STORAGE_ADAPTERS, storageForEachTest } from '../support/storage-adapters.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
/** The schema before codes: tip problems as English sentences. */
const BEFORE_CODES = 5;

/** Each sentence as the bot wrote it, and the code it must become. */
const LEGACY_NOTES: readonly (readonly [string, SlotProblem])[] = [
  ['the schedule was changed before this slot was posted', { code: 'schedule-changed' }],
  ['a later slot came due before this one could be posted', { code: 'later-slot-due' }],
  ['there are no tips to post', { code: 'no-tips' }],
  ['unexpected error', { code: 'unexpected-error' }],
  ['tip "login-alerts" no longer exists', { code: 'tip-removed', tipId: 'login-alerts' }],
  [
    'not posted within the grace window of 30 minutes',
    { code: 'grace-expired', graceMinutes: 30, lastError: null },
  ],
  [
    'not posted within the grace window of 1 hour 30 minutes (last error: server-error: 503: Service Unavailable)',
    {
      code: 'grace-expired',
      graceMinutes: 90,
      lastError: { failure: 'server-error', detail: '503: Service Unavailable' },
    },
  ],
  [
    'the bot stopped while sending it 1 day 2 hours 1 minute ago, too long ago to send it again without risking a second copy; it may already be in the channel',
    { code: 'stopped-mid-send', minutesAgo: 1_561 },
  ],
  [
    'missed by 2 days 5 minutes while the bot was offline (the grace window is 1 hour), so it was not posted late',
    { code: 'missed-offline', lateMinutes: 2_885, graceMinutes: 60 },
  ],
  [
    'gave up after 4 attempts (network: connect ECONNREFUSED 127.0.0.1:443)',
    {
      code: 'gave-up',
      attempts: 4,
      error: { failure: 'network', detail: 'connect ECONNREFUSED 127.0.0.1:443' },
    },
  ],
  [
    'rate-limited: 429 Too Many Requests',
    { code: 'send-failed', error: { failure: 'rate-limited', detail: '429 Too Many Requests' } },
  ],
  [
    `I may not post in <#${CHANNEL}>: give me View Channel, Send Messages and Embed Links there, then run /privacy-tips schedule again.`,
    { code: 'cannot-post', reason: 'missing-access', channelId: CHANNEL },
  ],
  [
    `The channel <#${CHANNEL}> no longer exists or I cannot see it: run /privacy-tips schedule with another channel.`,
    { code: 'cannot-post', reason: 'missing-channel', channelId: CHANNEL },
  ],
  ['a moderator wrote this by hand', { code: 'text', text: 'a moderator wrote this by hand' }],
];

const LEGACY_REASONS: readonly (readonly [string, PauseReason])[] = [
  [
    `I may not post in <#${CHANNEL}>: give me View Channel, Send Messages and Embed Links there, then run /privacy-tips schedule again.`,
    { code: 'missing-access', channelId: CHANNEL },
  ],
  [
    `The channel <#${CHANNEL}> no longer exists or I cannot see it: run /privacy-tips schedule with another channel.`,
    { code: 'missing-channel', channelId: CHANNEL },
  ],
];

/** A guild of its own per paused schedule. */
const pausedGuild = (i: number) => `10000000000000010${i}`;

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Rows as the bot wrote them at schema 5: one paused schedule per reason, one slot per note. */
function legacyRows(): string {
  const schedules = LEGACY_REASONS.map(
    ([reason], i) =>
      `INSERT INTO tip_schedules (guild_id, channel_id, cron, timezone, state, paused_reason, starts_after, updated_by, updated_at)
       VALUES ('${pausedGuild(i)}', '${CHANNEL}', '0 9 * * 1', 'UTC', 'paused', ${quote(reason)}, 0, '1', 0);`,
  );
  const slots = LEGACY_NOTES.map(
    ([note], i) =>
      `INSERT INTO tip_slots (guild_id, slot_at, state, channel_id, lease_until, attempts, note, claimed_at, finished_at)
       VALUES ('${GUILD}', ${(i + 1) * 60_000}, 'failed', '${CHANNEL}', 0, 1, ${quote(note)}, 0, 0);`,
  );
  return [...schedules, ...slots].join('\n');
}

/** Brings an empty database to schema 5 only, as an older build left it. */
async function migrateToBeforeCodes(adapter: (typeof STORAGE_ADAPTERS)[number], location: string) {
  const migrations = loadMigrations(undefined, adapter.name).slice(0, BEFORE_CODES);
  if (adapter.name === 'sqlite') {
    const db = new Database(location);
    try {
      migrateSqlite(db, migrations, location);
    } finally {
      db.close();
    }
  } else {
    const pool = createPool(location, { max: 1 });
    try {
      await migratePostgres(pool, migrations, 'test');
    } finally {
      await pool.end();
    }
  }
}

describe.each(STORAGE_ADAPTERS)('migration 006 on $name: stored sentences become codes', (adapter) => {
  const storages = storageForEachTest(adapter);
  const clock = { now: () => 0 };

  it('converts every pause reason and slot note the bot wrote as a sentence, and leaves other text as text', async () => {
    const location = await adapter.fresh();
    await migrateToBeforeCodes(adapter, location);
    await adapter.exec(location, legacyRows());

    const storage = await storages.open(clock, location);
    const slots = await storage.tips.slotsOf(GUILD);
    expect(slots.map((s) => s.note)).toEqual(LEGACY_NOTES.map(([, code]) => code));
    for (const [i, [, reason]] of LEGACY_REASONS.entries()) {
      expect((await storage.tips.schedule(pausedGuild(i)))?.pausedReason).toEqual(reason);
    }
    // Stored as codes now, not read as sentences: what the database holds is JSON.
    const stored = await adapter.read(location, 'SELECT note FROM tip_slots ORDER BY slot_at');
    expect(stored.slice(0, -1).every((row) => String(row.note).startsWith('{'))).toBe(true);
  });
});
