/**
 * Moves a bot from SQLite to PostgreSQL: copies every table of a SQLite database into a
 * PostgreSQL database, keeping every id, FAQ revision, rotation and audit row, in one
 * transaction (a failed copy leaves the target as it was). Both databases are first brought to
 * this build's schema, so their tables match column for column. A target that already holds
 * data is refused unless `replace` is set, which empties it first.
 */
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { loadMigrations, MIGRATIONS_DIR } from './migrations.js';
import { migrate } from './postgres/migrations.js';
import { createPool, describePostgresUrl, inTransaction } from './postgres/pool.js';
import { openDatabase } from './sqlite/database.js';

/**
 * The tables of the data, parents before children (foreign keys). schema_migrations is not
 * copied: each database records its own migrations.
 */
export const COPIED_TABLES = [
  'faq_entries',
  'faq_guild_settings',
  'faq_audit',
  'faq_review_cards',
  'faq_revisions',
  'tip_schedules',
  'tip_slots',
  'tip_rotations',
  'insights',
] as const;

/** Tables whose id PostgreSQL generates: their sequences must continue after the copied ids. */
const IDENTITY_TABLES = ['faq_entries', 'faq_audit', 'insights'] as const;

/** PostgreSQL takes at most 65,535 parameters in one statement; stay well below. */
const MAX_PARAMETERS = 30_000;

export interface CopyOptions {
  /** The SQLite database file; it must exist. */
  readonly sqlitePath: string;
  /** postgres://user:password@host:port/database */
  readonly postgresUrl: string;
  /** Empty a target that already holds data, instead of refusing it. */
  readonly replace?: boolean;
}

/** Rows copied, per table. */
export type CopyReport = Record<(typeof COPIED_TABLES)[number], number>;

/** A refusal the person running the copy can act on (the message says how). */
export class CopyRefused extends Error {
  override name = 'CopyRefused';
}

/**
 * Copies the SQLite database at `sqlitePath` into the PostgreSQL database at `postgresUrl`.
 * Resolves to the rows copied per table; rejects with CopyRefused for a missing source or a
 * non-empty target, and with the database's error otherwise. Messages name the target as
 * host, port and database only, never with its password.
 */
export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyReport> {
  const target = describePostgresUrl(options.postgresUrl);
  if (!existsSync(options.sqlitePath)) {
    throw new CopyRefused(
      `there is no SQLite database at ${options.sqlitePath}; give the file to copy with --from`,
    );
  }
  const source = openDatabase(options.sqlitePath);
  const pool = createPool(options.postgresUrl, { max: 1 });
  try {
    await migrate(pool, loadMigrations(MIGRATIONS_DIR, 'postgres'), target);
    return await inTransaction(pool, async (client) => {
      const filled: string[] = [];
      for (const table of COPIED_TABLES) {
        const { rows } = await client.query(`SELECT count(*) AS n FROM ${table}`);
        if (Number(rows[0].n) > 0) filled.push(`${table} (${rows[0].n} rows)`);
      }
      if (filled.length > 0 && !options.replace) {
        throw new CopyRefused(
          `the PostgreSQL database ${target} already holds data: ${filled.join(', ')}. ` +
            'Copy into an empty database, or pass --replace to delete what it holds first.',
        );
      }
      // TRUNCATE, not DELETE: the history tables refuse row deletes by trigger, on purpose.
      if (filled.length > 0) await client.query(`TRUNCATE ${COPIED_TABLES.join(', ')} RESTART IDENTITY`);
      const report = {} as CopyReport;
      for (const table of COPIED_TABLES) {
        // Inserting entries numbers them in faq_revisions by trigger; the source's own
        // revisions replace those, so other processes' sync positions keep their meaning.
        if (table === 'faq_revisions') await client.query('DELETE FROM faq_revisions');
        report[table] = await copyTable(source, client, table);
      }
      for (const table of IDENTITY_TABLES) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${table}`,
        );
      }
      await client.query(
        'UPDATE faq_revision_counter SET revision = (SELECT coalesce(max(revision), 0) FROM faq_revisions)',
      );
      return report;
    });
  } finally {
    source.close();
    await pool.end();
  }
}

async function copyTable(
  source: Database.Database,
  target: { query: (sql: string, values?: unknown[]) => Promise<unknown> },
  table: string,
): Promise<number> {
  const rows = source.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = columns.map((column) => {
        values.push(row[column]);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await target.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
  return rows.length;
}
