/**
 * The community FAQ in PostgreSQL: the same tables and guarantees as the SQLite adapter, with
 * guards that hold when writers run at the same time (PostgreSQL does not serialise them as
 * SQLite's write lock does). Every change is one transaction that writes its audit row with it.
 *
 * - A decision locks the entry's row (SELECT … FOR UPDATE) before reading its status, so of two
 *   moderators deciding at once the second waits, then reads the first one's outcome.
 * - A suggestion takes a lock on (guild, author) before counting that member's pending entries.
 * - Revisions come from a one-row counter bumped by a trigger (migration 004), in commit order.
 */
import type pg from 'pg';
import type { Clock } from '../../clock.js';
import {
  type AuditAction,
  type AuditRecord,
  auditSnapshot,
  type FaqChange,
  type FaqChanges,
  type FaqContent,
  type FaqEntry,
  type FaqSnapshot,
  type FaqStatus,
  type FaqStore,
  type GuildFaqSettings,
  NO_FAQ_SETTINGS,
  type ReviewCard,
  type SuggestOutcome,
} from '../../faq/faq-store.js';
import type { Locale } from '../../i18n/locales.js';
import { type SettingsRow, toAuditRecord, toEntry, toSettings } from '../rows.js';
import { inTransaction, lockKey, type Queryable } from './pool.js';

const SETTING_COLUMNS = {
  'config-review-channel': 'review_channel_id',
  'config-moderator-role': 'moderator_role_id',
  'config-language': 'language',
} as const;

export class PostgresFaqStore implements FaqStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
  ) {}

  async suggest(
    guildId: string,
    authorId: string,
    content: FaqContent,
    maxPending: number,
  ): Promise<SuggestOutcome> {
    return inTransaction(this.pool, async (client) => {
      // Two submissions by one member at once: the second counts after the first has committed.
      await lockKey(client, `faq-suggest:${guildId}:${authorId}`);
      const pending = await this.pendingCount(client, guildId, authorId);
      if (pending >= maxPending) return { ok: false, reason: 'too-many-pending', pending };
      const now = this.clock.now();
      const { rows } = await client.query(
        `INSERT INTO faq_entries (guild_id, status, author_id, question, answer, source_url, created_at, updated_at)
         VALUES ($1, 'pending', $2, $3, $4, $5, $6, $6) RETURNING *`,
        [guildId, authorId, content.question, content.answer, content.sourceUrl, now],
      );
      const entry = toEntry(rows[0]);
      await writeAudit(client, guildId, authorId, 'suggest', entry.id, null, auditSnapshot(entry), now);
      return { ok: true, entry };
    });
  }

  async get(guildId: string, id: number): Promise<FaqEntry | undefined> {
    return readEntry(this.pool, guildId, id);
  }

  async pendingCountOf(guildId: string, authorId: string): Promise<number> {
    return this.pendingCount(this.pool, guildId, authorId);
  }

  async countByStatus(guildId: string, status: FaqStatus): Promise<number> {
    const { rows } = await this.pool.query(
      'SELECT count(*) AS n FROM faq_entries WHERE guild_id = $1 AND status = $2',
      [guildId, status],
    );
    return Number(rows[0].n);
  }

  async oldestPending(guildId: string): Promise<FaqEntry | undefined> {
    const { rows } = await this.pool.query(
      "SELECT * FROM faq_entries WHERE guild_id = $1 AND status = 'pending' ORDER BY id LIMIT 1",
      [guildId],
    );
    return rows[0] === undefined ? undefined : toEntry(rows[0]);
  }

  async listByStatus(guildId: string, status: FaqStatus): Promise<FaqEntry[]> {
    const { rows } = await this.pool.query(
      'SELECT * FROM faq_entries WHERE guild_id = $1 AND status = $2 ORDER BY id',
      [guildId, status],
    );
    return rows.map(toEntry);
  }

  async approvedPage(guildId: string, offset: number, limit: number): Promise<FaqEntry[]> {
    const { rows } = await this.pool.query(
      "SELECT * FROM faq_entries WHERE guild_id = $1 AND status = 'approved' ORDER BY id LIMIT $2 OFFSET $3",
      [guildId, limit, offset],
    );
    return rows.map(toEntry);
  }

  async approvedSnapshot(): Promise<FaqSnapshot> {
    // REPEATABLE READ: both reads see one snapshot, so no change falls between them.
    return inTransaction(
      this.pool,
      async (client) => {
        const revision = await client.query('SELECT revision FROM faq_revision_counter');
        const { rows } = await client.query(
          "SELECT * FROM faq_entries WHERE status = 'approved' ORDER BY guild_id, id",
        );
        return { revision: Number(revision.rows[0]?.revision ?? 0), entries: rows.map(toEntry) };
      },
      'ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  async changesSince(revision: number): Promise<FaqChanges> {
    const { rows } = await this.pool.query(
      `SELECT e.*, r.revision FROM faq_revisions r JOIN faq_entries e ON e.id = r.entry_id
        WHERE r.revision > $1 ORDER BY r.revision`,
      [revision],
    );
    return {
      revision: (rows.at(-1)?.revision as number | undefined) ?? revision,
      entries: rows.map(toEntry),
    };
  }

  approve(guildId: string, id: number, moderatorId: string, corrected?: FaqContent): Promise<FaqChange> {
    return this.resolve(guildId, id, moderatorId, 'approve', 'pending', 'approved', null, corrected);
  }

  reject(guildId: string, id: number, moderatorId: string, reason: string | null): Promise<FaqChange> {
    return this.resolve(guildId, id, moderatorId, 'reject', 'pending', 'rejected', reason);
  }

  remove(guildId: string, id: number, moderatorId: string, reason: string | null): Promise<FaqChange> {
    return this.resolve(guildId, id, moderatorId, 'remove', 'approved', 'removed', reason);
  }

  async edit(guildId: string, id: number, moderatorId: string, content: FaqContent): Promise<FaqChange> {
    return inTransaction(this.pool, async (client): Promise<FaqChange> => {
      const before = await readEntry(client, guildId, id, 'FOR UPDATE');
      if (before?.status !== 'approved') return { ok: false, current: before };
      if (
        content.question === before.question &&
        content.answer === before.answer &&
        content.sourceUrl === before.sourceUrl
      )
        return { ok: true, entry: before, before, changed: false };
      const now = this.clock.now();
      const { rows } = await client.query(
        `UPDATE faq_entries SET question = $3, answer = $4, source_url = $5, updated_at = $6
          WHERE guild_id = $1 AND id = $2 AND status = 'approved' RETURNING *`,
        [guildId, id, content.question, content.answer, content.sourceUrl, now],
      );
      const entry = toEntry(rows[0]);
      await writeAudit(
        client,
        guildId,
        moderatorId,
        'edit',
        id,
        auditSnapshot(before),
        auditSnapshot(entry),
        now,
      );
      return { ok: true, entry, before, changed: true };
    });
  }

  async settings(guildId: string): Promise<GuildFaqSettings> {
    return readSettings(this.pool, guildId);
  }

  setReviewChannel(guildId: string, channelId: string | null, actorId: string): Promise<void> {
    return this.saveSetting(guildId, actorId, 'config-review-channel', channelId);
  }

  setModeratorRole(guildId: string, roleId: string | null, actorId: string): Promise<void> {
    return this.saveSetting(guildId, actorId, 'config-moderator-role', roleId);
  }

  setLanguage(guildId: string, language: Locale | null, actorId: string): Promise<void> {
    return this.saveSetting(guildId, actorId, 'config-language', language);
  }

  async recordReviewCard(entryId: number, card: ReviewCard): Promise<void> {
    await this.pool.query(
      `INSERT INTO faq_review_cards (entry_id, channel_id, message_id) VALUES ($1, $2, $3)
       ON CONFLICT (entry_id) DO UPDATE SET channel_id = excluded.channel_id, message_id = excluded.message_id`,
      [entryId, card.channelId, card.messageId],
    );
  }

  async reviewCard(guildId: string, entryId: number): Promise<ReviewCard | undefined> {
    const { rows } = await this.pool.query(
      `SELECT c.channel_id, c.message_id FROM faq_review_cards c JOIN faq_entries e ON e.id = c.entry_id
        WHERE e.guild_id = $1 AND c.entry_id = $2`,
      [guildId, entryId],
    );
    const row = rows[0] as { channel_id: string; message_id: string } | undefined;
    return row && { channelId: row.channel_id, messageId: row.message_id };
  }

  async auditTrail(guildId: string): Promise<AuditRecord[]> {
    const { rows } = await this.pool.query('SELECT * FROM faq_audit WHERE guild_id = $1 ORDER BY id', [
      guildId,
    ]);
    return rows.map(toAuditRecord);
  }

  private async pendingCount(db: Queryable, guildId: string, authorId: string): Promise<number> {
    const { rows } = await db.query(
      "SELECT count(*) AS n FROM faq_entries WHERE guild_id = $1 AND author_id = $2 AND status = 'pending'",
      [guildId, authorId],
    );
    return Number(rows[0].n);
  }

  private resolve(
    guildId: string,
    id: number,
    actorId: string,
    action: AuditAction,
    from: FaqStatus,
    to: FaqStatus,
    reason: string | null,
    corrected?: FaqContent,
  ): Promise<FaqChange> {
    return inTransaction(this.pool, async (client): Promise<FaqChange> => {
      // The race guard: the row lock makes a second decider wait here, and under READ COMMITTED
      // it then reads the row as the first one committed it.
      const before = await readEntry(client, guildId, id, 'FOR UPDATE');
      if (before?.status !== from) return { ok: false, current: before };
      const now = this.clock.now();
      const content = corrected ?? before;
      const { rows } = await client.query(
        `UPDATE faq_entries
            SET status = $4, question = $5, answer = $6, source_url = $7,
                updated_at = $8, resolved_by = $9, resolved_at = $8, reason = $10
          WHERE guild_id = $1 AND id = $2 AND status = $3
          RETURNING *`,
        [guildId, id, from, to, content.question, content.answer, content.sourceUrl, now, actorId, reason],
      );
      if (rows[0] === undefined) return { ok: false, current: await readEntry(client, guildId, id) };
      const entry = toEntry(rows[0]);
      await writeAudit(
        client,
        guildId,
        actorId,
        action,
        id,
        auditSnapshot(before),
        auditSnapshot(entry),
        now,
      );
      return { ok: true, entry, before, changed: true };
    });
  }

  private async saveSetting(
    guildId: string,
    actorId: string,
    action: keyof typeof SETTING_COLUMNS,
    value: string | null,
  ): Promise<void> {
    const column = SETTING_COLUMNS[action];
    await inTransaction(this.pool, async (client) => {
      // The audit row's "before" must be what this change replaced, even when two land at once.
      await lockKey(client, `faq-settings:${guildId}`);
      const before = await readSettings(client, guildId);
      const now = this.clock.now();
      await client.query(
        `INSERT INTO faq_guild_settings (guild_id, ${column}, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (guild_id) DO UPDATE SET ${column} = excluded.${column},
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [guildId, value, actorId, now],
      );
      const after = await readSettings(client, guildId);
      await writeAudit(
        client,
        guildId,
        actorId,
        action,
        null,
        JSON.stringify(before),
        JSON.stringify(after),
        now,
      );
    });
  }
}

async function readEntry(
  db: Queryable,
  guildId: string,
  id: number,
  lock: '' | 'FOR UPDATE' = '',
): Promise<FaqEntry | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const { rows } = await db.query(`SELECT * FROM faq_entries WHERE guild_id = $1 AND id = $2 ${lock}`, [
    guildId,
    id,
  ]);
  return rows[0] === undefined ? undefined : toEntry(rows[0]);
}

async function readSettings(db: Queryable, guildId: string): Promise<GuildFaqSettings> {
  const { rows } = await db.query(
    'SELECT review_channel_id, moderator_role_id, language FROM faq_guild_settings WHERE guild_id = $1',
    [guildId],
  );
  const row = rows[0] as SettingsRow | undefined;
  return row ? toSettings(row) : NO_FAQ_SETTINGS;
}

async function writeAudit(
  db: Queryable,
  guildId: string,
  actorId: string,
  action: AuditAction,
  entryId: number | null,
  before: string | null,
  after: string | null,
  at: number,
): Promise<void> {
  await db.query(
    `INSERT INTO faq_audit (guild_id, actor_id, action, entry_id, before_json, after_json, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [guildId, actorId, action, entryId, before, after, at],
  );
}
