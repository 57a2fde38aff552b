/**
 * Insights in SQLite (better-sqlite3). The once-per-person rule is the UNIQUE voter_key column
 * with INSERT OR IGNORE: one statement, so two clicks at once cannot both count.
 */
import type Database from 'better-sqlite3';
import type { Insight, InsightStore, NewInsight } from '../../insights/insight-store.js';
import { toInsight, toRecordingSwitch } from '../insight-rows.js';

export class SqliteInsightStore implements InsightStore {
  private readonly sql;

  constructor(db: Database.Database) {
    this.sql = {
      insert: db.prepare(
        `INSERT INTO insights (guild_id, question, outcome, guesses, locale, voter_key, at)
         VALUES (@guildId, @question, @outcome, @guesses, @locale, @voterKey, @at)
         ON CONFLICT DO NOTHING`,
      ),
      list: db.prepare('SELECT * FROM insights WHERE guild_id = ? AND at >= ? ORDER BY at, id'),
      get: db.prepare('SELECT * FROM insights WHERE guild_id = ? AND id = ?'),
      recording: db.prepare('SELECT insights FROM faq_guild_settings WHERE guild_id = ?'),
      setRecording: db.prepare(
        `INSERT INTO faq_guild_settings (guild_id, insights, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET insights = excluded.insights,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      ),
      prune: db.prepare('DELETE FROM insights WHERE at < ?'),
    };
  }

  private insert(insight: NewInsight, voterKey: string | null, at: number): boolean {
    const { guildId, question, outcome, locale } = insight;
    const guesses = JSON.stringify(insight.guesses);
    return this.sql.insert.run({ guildId, question, outcome, guesses, locale, voterKey, at }).changes > 0;
  }

  async record(insight: NewInsight, at: number): Promise<void> {
    this.insert(insight, null, at);
  }

  async recordOnce(insight: NewInsight, voterKey: string, at: number): Promise<boolean> {
    return this.insert(insight, voterKey, at);
  }

  async list(guildId: string, since: number): Promise<Insight[]> {
    return this.sql.list.all(guildId, since).map(toInsight);
  }

  async get(guildId: string, id: number): Promise<Insight | undefined> {
    const row = this.sql.get.get(guildId, id);
    return row === undefined ? undefined : toInsight(row);
  }

  async isRecording(guildId: string): Promise<boolean> {
    return toRecordingSwitch(this.sql.recording.get(guildId) as { insights: unknown } | undefined);
  }

  async setRecording(guildId: string, on: boolean, actorId: string, at: number): Promise<void> {
    this.sql.setRecording.run(guildId, on ? 1 : 0, actorId, at);
  }

  async prune(before: number): Promise<number> {
    return this.sql.prune.run(before).changes;
  }
}
