/**
 * The SQLite adapter as one Storage: a file (or `:memory:`) opened once, shared by the stores, plus
 * a connection of its own for cooldowns (src/storage/sqlite/sqlite-cooldown-store.ts says why).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { Clock } from '../../clock.js';
import type { Storage } from '../storage.js';
import { openDatabase } from './database.js';
import { openCooldownConnection, SqliteCooldownStore } from './sqlite-cooldown-store.js';
import { SqliteFaqStore } from './sqlite-faq-store.js';
import { SqliteInsightStore } from './sqlite-insight-store.js';
import { SqliteTipStore } from './sqlite-tip-store.js';

/**
 * Opens (creating the file and its folder if needed) and migrates the SQLite database at `path`.
 * Throws when the file cannot be opened or was written by a newer version of the bot.
 */
export function openSqliteStorage(path: string, clock: Clock): Storage {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = openDatabase(path);
  // A second connection only for a file: another connection to ':memory:' would be another database.
  let cooldownDb: Database.Database;
  try {
    cooldownDb = path === ':memory:' ? db : openCooldownConnection(path);
  } catch (error) {
    db.close();
    throw error;
  }
  let closed = false;
  return {
    faq: new SqliteFaqStore(db, clock),
    tips: new SqliteTipStore(db),
    insights: new SqliteInsightStore(db),
    cooldowns: new SqliteCooldownStore(cooldownDb),
    location: path,
    async ping() {
      // better-sqlite3 throws "The database connection is not open" once closed.
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (cooldownDb !== db) cooldownDb.close();
      db.close();
    },
  };
}
