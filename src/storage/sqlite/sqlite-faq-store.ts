/**
 * The community FAQ in SQLite (better-sqlite3): per-guild entries (pending -> approved | rejected,
 * approved -> removed), per-guild settings, review cards and the append-only audit trail. Every
 * change is one IMMEDIATE transaction that writes its audit row with it; statements are prepared
 * once. better-sqlite3 is synchronous: each method does its work at once and returns a settled
 * promise, so a transaction never spans an await.
 */
import type Database from 'better-sqlite3';
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

export class SqliteFaqStore implements FaqStore {
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
        'SELECT review_channel_id, moderator_role_id, language FROM faq_guild_settings WHERE guild_id = ?',
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
      saveLanguage: db.prepare(
        `INSERT INTO faq_guild_settings (guild_id, language, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET language = excluded.language,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      ),
    };
  }

  async recordReviewCard(entryId: number, card: ReviewCard): Promise<void> {
    this.statements.saveReviewCard.run(entryId, card.channelId, card.messageId);
  }

  async reviewCard(guildId: string, entryId: number): Promise<ReviewCard | undefined> {
    const row = this.statements.reviewCard.get(guildId, entryId) as
      | { channel_id: string; message_id: string }
      | undefined;
    return row && { channelId: row.channel_id, messageId: row.message_id };
  }

  async suggest(
    guildId: string,
    authorId: string,
    content: FaqContent,
    maxPending: number,
  ): Promise<SuggestOutcome> {
    // IMMEDIATE: the count and the insert happen under the write lock, so two submissions at
    // once cannot both slip under the limit.
    return this.db
      .transaction((): SuggestOutcome => {
        const pending = this.pendingCount(guildId, authorId);
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
        this.writeAudit(guildId, authorId, 'suggest', entry.id, null, auditSnapshot(entry), now);
        return { ok: true, entry };
      })
      .immediate();
  }

  async get(guildId: string, id: number): Promise<FaqEntry | undefined> {
    return this.entry(guildId, id);
  }

  async pendingCountOf(guildId: string, authorId: string): Promise<number> {
    return this.pendingCount(guildId, authorId);
  }

  async countByStatus(guildId: string, status: FaqStatus): Promise<number> {
    return this.statements.countByStatus.get(guildId, status) as number;
  }

  async oldestPending(guildId: string): Promise<FaqEntry | undefined> {
    const row = this.statements.oldestPending.get(guildId);
    return row === undefined ? undefined : toEntry(row);
  }

  async listByStatus(guildId: string, status: FaqStatus): Promise<FaqEntry[]> {
    return this.statements.byStatus.all(guildId, status).map(toEntry);
  }

  async approvedPage(guildId: string, offset: number, limit: number): Promise<FaqEntry[]> {
    return this.statements.approvedPage.all(guildId, limit, offset).map(toEntry);
  }

  async approvedSnapshot(): Promise<FaqSnapshot> {
    // One read transaction: the revision and the entries come from the same snapshot.
    return this.db.transaction(
      (): FaqSnapshot => ({
        revision: this.statements.latestRevision.get() as number,
        entries: this.statements.allApproved.all().map(toEntry),
      }),
    )();
  }

  async changesSince(revision: number): Promise<FaqChanges> {
    const rows = this.statements.changedSince.all(revision) as { revision: number }[];
    return {
      revision: rows.at(-1)?.revision ?? revision,
      entries: rows.map(toEntry),
    };
  }

  async approve(
    guildId: string,
    id: number,
    moderatorId: string,
    corrected?: FaqContent,
  ): Promise<FaqChange> {
    return this.resolve(guildId, id, moderatorId, 'approve', 'pending', 'approved', null, corrected);
  }

  async reject(guildId: string, id: number, moderatorId: string, reason: string | null): Promise<FaqChange> {
    return this.resolve(guildId, id, moderatorId, 'reject', 'pending', 'rejected', reason);
  }

  async remove(guildId: string, id: number, moderatorId: string, reason: string | null): Promise<FaqChange> {
    return this.resolve(guildId, id, moderatorId, 'remove', 'approved', 'removed', reason);
  }

  async edit(guildId: string, id: number, moderatorId: string, content: FaqContent): Promise<FaqChange> {
    return this.db
      .transaction((): FaqChange => {
        const before = this.entry(guildId, id);
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
        this.writeAudit(guildId, moderatorId, 'edit', id, auditSnapshot(before), auditSnapshot(entry), now);
        return { ok: true, entry, before, changed: true };
      })
      .immediate();
  }

  async settings(guildId: string): Promise<GuildFaqSettings> {
    return this.readSettings(guildId);
  }

  async setReviewChannel(guildId: string, channelId: string | null, actorId: string): Promise<void> {
    this.saveSetting(guildId, actorId, 'config-review-channel', this.statements.saveReviewChannel, channelId);
  }

  async setModeratorRole(guildId: string, roleId: string | null, actorId: string): Promise<void> {
    this.saveSetting(guildId, actorId, 'config-moderator-role', this.statements.saveModeratorRole, roleId);
  }

  async setLanguage(guildId: string, language: Locale | null, actorId: string): Promise<void> {
    this.saveSetting(guildId, actorId, 'config-language', this.statements.saveLanguage, language);
  }

  async auditTrail(guildId: string): Promise<AuditRecord[]> {
    return this.statements.auditOfGuild.all(guildId).map(toAuditRecord);
  }

  private entry(guildId: string, id: number): FaqEntry | undefined {
    const row = this.statements.byId.get(guildId, id);
    return row === undefined ? undefined : toEntry(row);
  }

  private pendingCount(guildId: string, authorId: string): number {
    return this.statements.countPendingByAuthor.get(guildId, authorId) as number;
  }

  private readSettings(guildId: string): GuildFaqSettings {
    const row = this.statements.settings.get(guildId) as SettingsRow | undefined;
    return row ? toSettings(row) : NO_FAQ_SETTINGS;
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
        const before = this.entry(guildId, id);
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
        if (row === undefined) return { ok: false, current: this.entry(guildId, id) };
        const entry = toEntry(row);
        this.writeAudit(guildId, actorId, action, id, auditSnapshot(before), auditSnapshot(entry), now);
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
        const before = this.readSettings(guildId);
        const now = this.clock.now();
        statement.run(guildId, value, actorId, now);
        const after = this.readSettings(guildId);
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
