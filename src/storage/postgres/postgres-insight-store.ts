/**
 * Insights in PostgreSQL. The once-per-person rule is the UNIQUE voter_key column with
 * INSERT … ON CONFLICT DO NOTHING: one statement, so two clicks at once in two processes cannot
 * both count.
 */
import type pg from 'pg';
import type { Insight, InsightStore, NewInsight } from '../../insights/insight-store.js';
import { toInsight, toRecordingSwitch } from '../insight-rows.js';

export class PostgresInsightStore implements InsightStore {
  constructor(private readonly pool: pg.Pool) {}

  private async insert(insight: NewInsight, voterKey: string | null, at: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO insights (guild_id, question, outcome, guesses, locale, voter_key, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [
        insight.guildId,
        insight.question,
        insight.outcome,
        JSON.stringify(insight.guesses),
        insight.locale,
        voterKey,
        at,
      ],
    );
    return (rowCount ?? 0) > 0;
  }

  async record(insight: NewInsight, at: number): Promise<void> {
    await this.insert(insight, null, at);
  }

  async recordOnce(insight: NewInsight, voterKey: string, at: number): Promise<boolean> {
    return this.insert(insight, voterKey, at);
  }

  async list(guildId: string, since: number): Promise<Insight[]> {
    const { rows } = await this.pool.query(
      'SELECT * FROM insights WHERE guild_id = $1 AND at >= $2 ORDER BY at, id',
      [guildId, since],
    );
    return rows.map(toInsight);
  }

  async get(guildId: string, id: number): Promise<Insight | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM insights WHERE guild_id = $1 AND id = $2', [
      guildId,
      id,
    ]);
    return rows[0] === undefined ? undefined : toInsight(rows[0]);
  }

  async isRecording(guildId: string): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT insights FROM faq_guild_settings WHERE guild_id = $1', [
      guildId,
    ]);
    return toRecordingSwitch(rows[0]);
  }

  async setRecording(guildId: string, on: boolean, actorId: string, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO faq_guild_settings (guild_id, insights, updated_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (guild_id) DO UPDATE SET insights = excluded.insights,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [guildId, on ? 1 : 0, actorId, at],
    );
  }

  async prune(before: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM insights WHERE at < $1', [before]);
    return rowCount ?? 0;
  }
}
