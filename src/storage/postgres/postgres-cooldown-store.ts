/**
 * Cooldowns in PostgreSQL, shared by every process and host on the database. Taking a key is one
 * statement, INSERT … ON CONFLICT (key) DO UPDATE … WHERE the pause has ended … RETURNING: when
 * several connections take one key at once, PostgreSQL makes the later ones wait for the first
 * row version and re-checks the WHERE against it, so exactly one gets a row back. The others read
 * how long is left with a second statement.
 */
import type pg from 'pg';
import type { CooldownStore } from '../../cooldowns/cooldown-store.js';
import { toCooldownEnd } from '../rows.js';

/**
 * A refused take reads the running pause in a second statement; if that pause has gone in
 * between (pruned by a process whose clock is ahead), taking again settles it. Three tries make a
 * fourth round of that race practically impossible; past them the take fails loudly.
 */
const MAX_TRIES = 3;

export class PostgresCooldownStore implements CooldownStore {
  constructor(private readonly pool: pg.Pool) {}

  async take(key: string, now: number, ms: number): Promise<number> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const taken = await this.pool.query(
        `INSERT INTO cooldowns (key, until_ms) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET until_ms = excluded.until_ms WHERE cooldowns.until_ms <= $3
         RETURNING until_ms`,
        [key, now + ms, now],
      );
      if (taken.rows.length > 0) return 0;
      const left = await this.remaining(key, now);
      if (left > 0) return left;
    }
    throw new Error(`cooldown ${key.split(':')[0]} could not be taken or read in ${MAX_TRIES} tries`);
  }

  async remaining(key: string, now: number): Promise<number> {
    const { rows } = await this.pool.query('SELECT until_ms FROM cooldowns WHERE key = $1', [key]);
    return rows[0] === undefined ? 0 : Math.max(0, toCooldownEnd(rows[0]) - now);
  }

  async prune(now: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM cooldowns WHERE until_ms <= $1', [now]);
    return rowCount ?? 0;
  }
}
