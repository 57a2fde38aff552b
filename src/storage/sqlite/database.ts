/**
 * Opens the bot's SQLite database (better-sqlite3) with safe settings and brings its schema
 * up to date. Every store module receives the connection this returns.
 */
import Database from 'better-sqlite3';
import { loadMigrations, MIGRATIONS_DIR } from '../migrations.js';
import { migrate } from './migrations.js';

export const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(path: string, migrationsDir: string = MIGRATIONS_DIR): Database.Database {
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // FULL: a moderator's approval must survive a power cut, not only a process crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db, loadMigrations(migrationsDir, 'sqlite'), path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
