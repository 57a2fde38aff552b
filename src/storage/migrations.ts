/**
 * Schema migrations: numbered SQL files (`NNN-name.sql`) applied in order at start-up,
 * each in its own transaction, with the schema version kept in `PRAGMA user_version`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const MIGRATION_FILE = /^(\d{3})-[a-z0-9-]+\.sql$/;

/** Reads the migration files of `dir`; versions must run 1, 2, 3… without gaps or duplicates. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new Error(`migration file ${file} in ${dir} is not named NNN-name.sql`);
      return { version: Number(match[1]), name: file, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration ${migration.name} should be number ${index + 1}: versions must have no gaps`,
      );
    }
  });
  return migrations;
}

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

function newerSchemaError(label: string, current: number, known: number): Error {
  return new Error(
    `database ${label} was written by a newer version of the bot (schema ${current}, this build knows ${known}); ` +
      'upgrade the bot or restore a backup',
  );
}
