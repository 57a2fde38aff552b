/**
 * The one numbered migration history of the bot's database, for every dialect. Files in
 * src/storage/migrations/ are named `NNN-name.sql` (the same SQL for every dialect) or
 * `NNN-name.sqlite.sql` and `NNN-name.postgres.sql` (where the dialects differ); each version
 * must be there for every dialect, so both databases always have the same schema version for
 * the same build. Versions run 1, 2, 3… without gaps. Applying them is each adapter's business
 * (src/storage/sqlite/migrations.ts, src/storage/postgres/migrations.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface Migration {
  readonly version: number;
  /** The file it came from. */
  readonly name: string;
  readonly sql: string;
}

const MIGRATION_FILE = /^(\d{3})-([a-z0-9-]+?)(?:\.(sqlite|postgres))?\.sql$/;

/**
 * Reads the migrations of `dialect` from `dir`, oldest first. Throws (naming the file) when a
 * file is misnamed, a version is missing for some dialect or given twice, or numbering has a gap.
 */
export function loadMigrations(dir: string = MIGRATIONS_DIR, dialect: Dialect = 'sqlite'): Migration[] {
  const byVersion = new Map<number, { shared?: string; sqlite?: string; postgres?: string }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
    const match = MIGRATION_FILE.exec(file);
    if (!match) {
      throw new Error(
        `migration file ${file} in ${dir} is not named NNN-name.sql, NNN-name.sqlite.sql or NNN-name.postgres.sql`,
      );
    }
    const version = Number(match[1]);
    const slot = (match[3] as Dialect | undefined) ?? 'shared';
    const files = byVersion.get(version) ?? {};
    if (
      files[slot] !== undefined ||
      (slot === 'shared' && (files.sqlite || files.postgres)) ||
      (slot !== 'shared' && files.shared)
    ) {
      throw new Error(`migration ${file} in ${dir} gives version ${version} a second time`);
    }
    files[slot] = file;
    byVersion.set(version, files);
  }
  const versions = [...byVersion.keys()].sort((a, b) => a - b);
  return versions.map((version, index) => {
    const files = byVersion.get(version)!;
    const some = files.shared ?? files.sqlite ?? files.postgres ?? '';
    if (version !== index + 1) {
      throw new Error(`migration ${some} should be number ${index + 1}: versions must have no gaps`);
    }
    const missing = files.shared ? [] : DIALECTS.filter((d) => files[d] === undefined);
    if (missing.length > 0) {
      throw new Error(
        `migration ${some} has no ${missing.join(' and ')} version: every version needs one for each dialect`,
      );
    }
    const file = (files.shared ?? files[dialect]) as string;
    return { version, name: file, sql: readFileSync(join(dir, file), 'utf8') };
  });
}

/** The error for a database whose schema is newer than this build's migrations. */
export function newerSchemaError(label: string, current: number, known: number): Error {
  return new Error(
    `database ${label} was written by a newer version of the bot (schema ${current}, this build knows ${known}); ` +
      'upgrade the bot or restore a backup',
  );
}
