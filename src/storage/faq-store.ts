/**
 * The community FAQ tables: per-guild entries (pending -> approved | rejected, approved ->
 * removed), per-guild settings, and the append-only audit trail. Every change writes its
 * audit row in the same transaction, so nothing changes without a record. Rows are
 * validated on the way out; statements are prepared once.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { FaqDocument } from '../search/types.js';

export const FAQ_STATUSES = ['pending', 'approved', 'rejected', 'removed'] as const;
export type FaqStatus = (typeof FAQ_STATUSES)[number];

const entryRow = z.object({
  id: z.number().int(),
  guild_id: z.string(),
  status: z.enum(FAQ_STATUSES),
  author_id: z.string(),
  question: z.string(),
  answer: z.string(),
  source_url: z.string().nullable(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
  resolved_by: z.string().nullable(),
  resolved_at: z.number().int().nullable(),
  reason: z.string().nullable(),
});

export interface FaqEntry {
  readonly id: number;
  readonly guildId: string;
  readonly status: FaqStatus;
  readonly authorId: string;
  readonly question: string;
  readonly answer: string;
  readonly sourceUrl: string | null;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The moderator who approved, rejected or removed it (the last one to act). */
  readonly resolvedBy: string | null;
  readonly resolvedAt: number | null;
  readonly reason: string | null;
}

/** A suggestion's card in the review channel. */
export interface ReviewCard {
  readonly channelId: string;
  readonly messageId: string;
}

/** The text of an entry, already cleaned and validated (src/faq/validation.ts). */
export interface FaqContent {
  readonly question: string;
  readonly answer: string;
  readonly sourceUrl: string | null;
}

export interface GuildFaqSettings {
  readonly reviewChannelId: string | null;
  readonly moderatorRoleId: string | null;
}

export type AuditAction =
  | 'suggest'
  | 'approve'
  | 'reject'
  | 'edit'
  | 'remove'
  | 'config-review-channel'
  | 'config-moderator-role';

export interface AuditRecord {
  readonly id: number;
  readonly guildId: string;
  readonly actorId: string;
  readonly action: AuditAction;
  readonly entryId: number | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: number;
}

/** The outcome of acting on an entry that someone else may have acted on first. */
export type FaqChange =
  /** `changed` is false only for an edit that kept every word: then nothing was written. */
  | { readonly ok: true; readonly entry: FaqEntry; readonly before: FaqEntry; readonly changed: boolean }
  /** `current` is the entry as it is now (undefined when it does not exist in this guild). */
  | { readonly ok: false; readonly current: FaqEntry | undefined };

export type SuggestOutcome =
  | { readonly ok: true; readonly entry: FaqEntry }
  | { readonly ok: false; readonly reason: 'too-many-pending'; readonly pending: number };

/**
 * FAQ revisions number every write to an entry, across guilds and processes, in commit order
 * (migration 004): a reader that has seen revision n has seen every change up to n.
 */
export interface FaqSnapshot {
  readonly revision: number;
  readonly documents: readonly FaqDocument[];
}

export interface FaqChanges {
  readonly revision: number;
  readonly entries: readonly FaqEntry[];
}

const NO_SETTINGS: GuildFaqSettings = { reviewChannelId: null, moderatorRoleId: null };

function toEntry(row: unknown): FaqEntry {
  const r = entryRow.parse(row);
  return {
    id: r.id,
    guildId: r.guild_id,
    status: r.status,
    authorId: r.author_id,
    question: r.question,
    answer: r.answer,
    sourceUrl: r.source_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    reason: r.reason,
  };
}

/** What the audit trail keeps of an entry: everything but the keys it is filed under. */
function snapshot(entry: FaqEntry): string {
  const { id: _id, guildId: _guildId, ...rest } = entry;
  return JSON.stringify(rest);
}

export class FaqStore {
  private readonly statements;

  constructor(
    readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO faq_entries (guild_id, status, author_id, question, answer, source_url, created_at, updated_at)
         VALUES (?, 'pending', ?, ?, ?, ?, ?, ?) RETURNING *`,
      ),
      byId: db.prepare('SELECT * FROM faq_entries WHERE guild_id = ? AND id = ?'),
      byStatus: db.prepare('SELECT * FROM faq_entries WHERE guild_id = ? AND status = ? ORDER BY id'),
      countByStatus: db.prepare('SELECT count(*) FROM faq_entries WHERE guild_id = ? AND status = ?').pluck(),
      countPendingByAuthor: db
        .prepare(
          "SELECT count(*) FROM faq_entries WHERE guild_id = ? AND author_id = ? AND status = 'pending'",
        )
        .pluck(),
      oldestPending: db.prepare(
        "SELECT * FROM faq_entries WHERE guild_id = ? AND status = 'pending' ORDER BY id LIMIT 1",
      ),
      approvedPage: db.prepare(
        "SELECT * FROM faq_entries WHERE guild_id = ? AND status = 'approved' ORDER BY id LIMIT ? OFFSET ?",
      ),
      allApproved: db.prepare("SELECT * FROM faq_entries WHERE status = 'approved' ORDER BY guild_id, id"),
      latestRevision: db.prepare('SELECT coalesce(max(revision), 0) FROM faq_revisions').pluck(),
      changedSince: db.prepare(
        `SELECT e.*, r.revision FROM faq_revisions r JOIN faq_entries e ON e.id = r.entry_id
          WHERE r.revision > ? ORDER BY r.revision`,
      ),
      // Not the race guard in SQLite: resolve() runs this inside an IMMEDIATE transaction that
      // re-reads the status after taking the write lock, and that re-check decides who was first,
      // so here the status condition always holds. It stays so the statement is safe on its own:
      // where writers do not serialise (PostgreSQL under READ COMMITTED), a second UPDATE waits
      // for the first and re-evaluates the condition, matching no row.
      resolve: db.prepare(
        `UPDATE faq_entries
            SET status = @to, question = @question, answer = @answer, source_url = @sourceUrl,
                updated_at = @now, resolved_by = @actor, resolved_at = @now, reason = @reason
          WHERE guild_id = @guildId AND id = @id AND status = @from
          RETURNING *`,
      ),
      edit: db.prepare(
        `UPDATE faq_entries SET question = @question, answer = @answer, source_url = @sourceUrl, updated_at = @now
          WHERE guild_id = @guildId AND id = @id AND status = 'approved'
          RETURNING *`,
      ),
      audit: db.prepare(
        `INSERT INTO faq_audit (guild_id, actor_id, action, entry_id, before_json, after_json, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      auditOfGuild: db.prepare('SELECT * FROM faq_audit WHERE guild_id = ? ORDER BY id'),
      settings: db.prepare(
        'SELECT review_channel_id, moderator_role_id FROM faq_guild_settings WHERE guild_id = ?',
      ),
      saveReviewChannel: db.prepare(
        `INSERT INTO faq_guild_settings (guild_id, review_channel_id, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET review_channel_id = excluded.review_channel_id,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      ),
      saveReviewCard: db.prepare(
        `INSERT INTO faq_review_cards (entry_id, channel_id, message_id) VALUES (?, ?, ?)
         ON CONFLICT (entry_id) DO UPDATE SET channel_id = excluded.channel_id, message_id = excluded.message_id`,
      ),
      reviewCard: db.prepare(
        `SELECT c.channel_id, c.message_id FROM faq_review_cards c JOIN faq_entries e ON e.id = c.entry_id
          WHERE e.guild_id = ? AND c.entry_id = ?`,
      ),
      saveModeratorRole: db.prepare(
        `INSERT INTO faq_guild_settings (guild_id, moderator_role_id, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET moderator_role_id = excluded.moderator_role_id,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      ),
    };
  }

  /** Remembers where the review card of a suggestion was posted (replacing an earlier card). */
  recordReviewCard(entryId: number, card: ReviewCard): void {
    this.statements.saveReviewCard.run(entryId, card.channelId, card.messageId);
  }

  /** Where the review card of an entry of this guild was posted, if one was. */
  reviewCard(guildId: string, entryId: number): ReviewCard | undefined {
    const row = this.statements.reviewCard.get(guildId, entryId) as
      | { channel_id: string; message_id: string }
      | undefined;
    return row && { channelId: row.channel_id, messageId: row.message_id };
  }

  /** Stores a member's suggestion as pending, unless they already have `maxPending` waiting. */
  suggest(guildId: string, authorId: string, content: FaqContent, maxPending: number): SuggestOutcome {
    return this.db
      .transaction((): SuggestOutcome => {
        const pending = this.pendingCountOf(guildId, authorId);
        if (pending >= maxPending) return { ok: false, reason: 'too-many-pending', pending };
        const now = this.clock.now();
        const entry = toEntry(
          this.statements.insert.get(
            guildId,
            authorId,
            content.question,
            content.answer,
            content.sourceUrl,
            now,
            now,
          ),
        );
        this.writeAudit(guildId, authorId, 'suggest', entry.id, null, snapshot(entry), now);
        return { ok: true, entry };
      })
      .immediate();
  }

  /** An entry of this guild in any status. */
  get(guildId: string, id: number): FaqEntry | undefined {
    const row = this.statements.byId.get(guildId, id);
    return row === undefined ? undefined : toEntry(row);
  }

  /** An approved entry of this guild, for /ask and /faq show; undefined otherwise. */
  getApproved(guildId: string, id: number | string): FaqEntry | undefined {
    const numeric = typeof id === 'number' ? id : /^\d{1,15}$/.test(id) ? Number(id) : Number.NaN;
    if (!Number.isSafeInteger(numeric)) return undefined;
    const entry = this.get(guildId, numeric);
    return entry?.status === 'approved' ? entry : undefined;
  }

  pendingCountOf(guildId: string, authorId: string): number {
    return this.statements.countPendingByAuthor.get(guildId, authorId) as number;
  }

  countByStatus(guildId: string, status: FaqStatus): number {
    return this.statements.countByStatus.get(guildId, status) as number;
  }

  /** The suggestion that has waited longest, if any. */
  oldestPending(guildId: string): FaqEntry | undefined {
    const row = this.statements.oldestPending.get(guildId);
    return row === undefined ? undefined : toEntry(row);
  }

  listByStatus(guildId: string, status: FaqStatus): FaqEntry[] {
    return this.statements.byStatus.all(guildId, status).map(toEntry);
  }

  /** One page of a guild's approved entries, oldest first. */
  approvedPage(guildId: string, offset: number, limit: number): FaqEntry[] {
    return this.statements.approvedPage.all(guildId, limit, offset).map(toEntry);
  }

  /** Every approved entry of every guild, to fill the search index at start-up. */
  approvedDocuments(): FaqDocument[] {
    return this.statements.allApproved.all().map((row) => {
      const entry = toEntry(row);
      return toFaqDocument(entry);
    });
  }

  /**
   * Every approved entry of every guild, and the FAQ revision they are as of, read together so
   * that changesSince(revision) later returns exactly what changed after them (start-up).
   */
  approvedSnapshot(): FaqSnapshot {
    return this.db.transaction(
      (): FaqSnapshot => ({
        revision: this.statements.latestRevision.get() as number,
        documents: this.approvedDocuments(),
      }),
    )();
  }

  /**
   * The entries (any status, any guild) written since FAQ revision `revision`, each once and as
   * it is now, oldest change first, with the revision they bring the reader up to (`revision`
   * itself when nothing changed). One indexed range read: its cost follows the number of
   * changes, not the size of the FAQ.
   */
  changesSince(revision: number): FaqChanges {
    const rows = this.statements.changedSince.all(revision) as { revision: number }[];
    return {
      revision: rows.at(-1)?.revision ?? revision,
      entries: rows.map(toEntry),
    };
  }

  /** Approves a pending suggestion, optionally with a moderator's corrected text. */
  approve(guildId: string, id: number, moderatorId: string, corrected?: FaqContent): FaqChange {
    return this.resolve(guildId, id, moderatorId, 'approve', 'pending', 'approved', null, corrected);
  }

  reject(guildId: string, id: number, moderatorId: string, reason: string | null): FaqChange {
    return this.resolve(guildId, id, moderatorId, 'reject', 'pending', 'rejected', reason);
  }

  /** Takes an approved entry out of service; it stays in the table and the audit trail. */
  remove(guildId: string, id: number, moderatorId: string, reason: string | null): FaqChange {
    return this.resolve(guildId, id, moderatorId, 'remove', 'approved', 'removed', reason);
  }

  /**
   * Changes the text of an approved entry. Text identical to the stored one is no change: nothing
   * is written (no audit row, no new revision) and the outcome says `changed: false`.
   */
  edit(guildId: string, id: number, moderatorId: string, content: FaqContent): FaqChange {
    return this.db
      .transaction((): FaqChange => {
        const before = this.get(guildId, id);
        if (before?.status !== 'approved') return { ok: false, current: before };
        if (
          content.question === before.question &&
          content.answer === before.answer &&
          content.sourceUrl === before.sourceUrl
        )
          return { ok: true, entry: before, before, changed: false };
        const now = this.clock.now();
        const row = this.statements.edit.get({ guildId, id, now, ...content });
        const entry = toEntry(row);
        this.writeAudit(guildId, moderatorId, 'edit', id, snapshot(before), snapshot(entry), now);
        return { ok: true, entry, before, changed: true };
      })
      .immediate();
  }

  settings(guildId: string): GuildFaqSettings {
    const row = this.statements.settings.get(guildId) as
      | { review_channel_id: string | null; moderator_role_id: string | null }
      | undefined;
    if (!row) return NO_SETTINGS;
    return { reviewChannelId: row.review_channel_id, moderatorRoleId: row.moderator_role_id };
  }

  setReviewChannel(guildId: string, channelId: string | null, actorId: string): void {
    this.saveSetting(guildId, actorId, 'config-review-channel', this.statements.saveReviewChannel, channelId);
  }

  setModeratorRole(guildId: string, roleId: string | null, actorId: string): void {
    this.saveSetting(guildId, actorId, 'config-moderator-role', this.statements.saveModeratorRole, roleId);
  }

  /** A guild's audit trail, oldest first. */
  auditTrail(guildId: string): AuditRecord[] {
    return (this.statements.auditOfGuild.all(guildId) as Record<string, unknown>[]).map((row) => ({
      id: row.id as number,
      guildId: row.guild_id as string,
      actorId: row.actor_id as string,
      action: row.action as AuditAction,
      entryId: row.entry_id as number | null,
      before: row.before_json === null ? null : JSON.parse(row.before_json as string),
      after: row.after_json === null ? null : JSON.parse(row.after_json as string),
      at: row.at as number,
    }));
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
  ): FaqChange {
    // The race guard: IMMEDIATE takes the write lock before the status is read, so of two
    // moderators (in any processes) acting at once the second waits, then finds the entry no
    // longer in `from` and is told who was first. A deferred transaction would read a snapshot
    // and fail with SQLITE_BUSY on the write instead.
    return this.db
      .transaction((): FaqChange => {
        const before = this.get(guildId, id);
        if (before?.status !== from) return { ok: false, current: before };
        const now = this.clock.now();
        const content = corrected ?? before;
        const row = this.statements.resolve.get({
          guildId,
          id,
          from,
          to,
          now,
          actor: actorId,
          reason,
          question: content.question,
          answer: content.answer,
          sourceUrl: content.sourceUrl,
        });
        if (row === undefined) return { ok: false, current: this.get(guildId, id) };
        const entry = toEntry(row);
        this.writeAudit(guildId, actorId, action, id, snapshot(before), snapshot(entry), now);
        return { ok: true, entry, before, changed: true };
      })
      .immediate();
  }

  private saveSetting(
    guildId: string,
    actorId: string,
    action: AuditAction,
    statement: Database.Statement,
    value: string | null,
  ): void {
    this.db
      .transaction(() => {
        const before = this.settings(guildId);
        const now = this.clock.now();
        statement.run(guildId, value, actorId, now);
        const after = this.settings(guildId);
        this.writeAudit(guildId, actorId, action, null, JSON.stringify(before), JSON.stringify(after), now);
      })
      .immediate();
  }

  private writeAudit(
    guildId: string,
    actorId: string,
    action: AuditAction,
    entryId: number | null,
    before: string | null,
    after: string | null,
    at: number,
  ): void {
    this.statements.audit.run(guildId, actorId, action, entryId, before, after, at);
  }
}

export function toFaqDocument(entry: FaqEntry): FaqDocument {
  return { guildId: entry.guildId, id: String(entry.id), question: entry.question, answer: entry.answer };
}
