/**
 * Cooldowns in SQLite (better-sqlite3), for processes on one machine sharing the database file.
 * Taking a key is an upsert that changes the row only when its pause has ended, read back in the
 * same write transaction: SQLite lets one writer in at a time, across processes, so exactly one
 * caller gets a free key. better-sqlite3 is synchronous: each method does its work at once and
 * returns a settled promise.
 */
import Database from 'better-sqlite3';
import type { CooldownStore } from '../../cooldowns/cooldown-store.js';
import { toCooldownEnd } from '../rows.js';
import { BUSY_TIMEOUT_MS } from './database.js';

/**
 * A second connection to the (already migrated) database file at `path`, for cooldowns only, that
 * does not wait for the disk on each commit (`synchronous = NORMAL`: in WAL mode a commit survives
 * a crash of the process, not of the machine). The main connection syncs every commit (FULL), which
 * costs about 0.4 ms of blocked event loop here; cooldowns are written on every /ask and every
 * public answer, and losing the last few in a power cut only lets members act once more, early.
 */
export function openCooldownConnection(path: string): Database.Database {
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export class SqliteCooldownStore implements CooldownStore {
  private readonly takeKey: (key: string, now: number, ms: number) => number;
  private readonly sql;

  constructor(db: Database.Database) {
    this.sql = {
      take: db.prepare(
        `INSERT INTO cooldowns (key, until_ms) VALUES (@key, @until)
         ON CONFLICT (key) DO UPDATE SET until_ms = excluded.until_ms WHERE cooldowns.until_ms <= @now
         RETURNING until_ms`,
      ),
      end: db.prepare('SELECT until_ms FROM cooldowns WHERE key = ?'),
      prune: db.prepare('DELETE FROM cooldowns WHERE until_ms <= ?'),
    };
    // One write transaction: the row that refused the take is the one whose time left is read.
    this.takeKey = db.transaction((key: string, now: number, ms: number): number => {
      if (this.sql.take.get({ key, until: now + ms, now }) !== undefined) return 0;
      const row = this.sql.end.get(key);
      return row === undefined ? 0 : Math.max(1, toCooldownEnd(row) - now);
    });
  }

  async take(key: string, now: number, ms: number): Promise<number> {
    return this.takeKey(key, now, ms);
  }

  async remaining(key: string, now: number): Promise<number> {
    const row = this.sql.end.get(key);
    return row === undefined ? 0 : Math.max(0, toCooldownEnd(row) - now);
  }

  async prune(now: number): Promise<number> {
    return this.sql.prune.run(now).changes;
  }
}
