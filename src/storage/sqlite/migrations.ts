/**
 * Applies the migration history (src/storage/migrations.ts) to a SQLite database: each migration
 * in its own IMMEDIATE transaction, with the schema version kept in `PRAGMA user_version`.
 */
import type Database from 'better-sqlite3';
import { type Migration, newerSchemaError } from '../migrations.js';

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` up to the newest migration. Refuses a database written by a newer build,
 * since this build cannot know what the later migrations changed.
 * Returns the migrations that were applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], label: string): Migration[] {
  const known = migrations.length;
  const applied: Migration[] = [];
  for (const migration of migrations) {
    // IMMEDIATE takes the write lock before reading the version, so two processes starting
    // at once cannot both apply the same migration.
    const step = db.transaction(() => {
      const current = schemaVersion(db);
      if (current > known) throw newerSchemaError(label, current, known);
      if (current >= migration.version) return false;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    if (step.immediate()) applied.push(migration);
  }
  const current = schemaVersion(db);
  if (current > known) throw newerSchemaError(label, current, known);
  return applied;
}
