/**
 * Applies the migration history (src/storage/migrations.ts) to a PostgreSQL database: each
 * migration in its own transaction, under an advisory lock so that processes starting at once
 * apply each migration once, with the versions applied kept in `schema_migrations`.
 */
import type pg from 'pg';
import { type Migration, newerSchemaError } from '../migrations.js';
import { inTransaction } from './pool.js';

/** The advisory lock all migrating processes take (any fixed number; "MIGR" in ASCII). */
const MIGRATION_LOCK = 0x4d49_4752;

const CREATE_VERSIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  applied_at BIGINT  NOT NULL
)`;

/** The newest migration applied to the database; 0 for an empty one. */
export async function schemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const exists = await db.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) return 0;
  const result = await db.query('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
  return Number(result.rows[0]?.version ?? 0);
}

/**
 * Brings the database up to the newest migration; returns those it applied. Rejects, changing
 * nothing, for a database written by a newer build (`label` names it in the message), and rolls
 * a failing migration back entirely.
 */
export async function migrate(
  pool: pg.Pool,
  migrations: readonly Migration[],
  label: string,
): Promise<Migration[]> {
  const known = migrations.length;
  const applied: Migration[] = [];
  for (const migration of migrations) {
    const done = await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(CREATE_VERSIONS);
      const current = await schemaVersion(client);
      if (current > known) throw newerSchemaError(label, current, known);
      if (current >= migration.version) return false;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      return true;
    });
    if (done) applied.push(migration);
  }
  const current = await schemaVersion(pool);
  if (current > known) throw newerSchemaError(label, current, known);
  return applied;
}
