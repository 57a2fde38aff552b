import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, loadMigrations } from '../../src/storage/migrations.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function migrationsDir(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'migrations-')), 'migrations');
  dirs.push(dirname(dir));
  mkdirSync(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}
const dirname = (path: string) => path.slice(0, path.lastIndexOf('/'));

describe('the migration history', () => {
  it('has the same versions, named alike, for every dialect', () => {
    const [sqlite, postgres] = DIALECTS.map((dialect) => loadMigrations(undefined, dialect));
    expect(sqlite!.length).toBeGreaterThan(0);
    const stem = (name: string) => name.replace(/\.(sqlite|postgres)\.sql$|\.sql$/, '');
    expect(postgres!.map((m) => [m.version, stem(m.name)])).toEqual(
      sqlite!.map((m) => [m.version, stem(m.name)]),
    );
  });

  it('takes the shared file for every dialect and the dialect file where there is one', () => {
    const dir = migrationsDir({
      '001-notes.sql': 'CREATE TABLE notes (body TEXT);',
      '002-ids.sqlite.sql': 'sqlite sql',
      '002-ids.postgres.sql': 'postgres sql',
    });
    expect(loadMigrations(dir, 'sqlite').map((m) => m.sql)).toEqual([
      'CREATE TABLE notes (body TEXT);',
      'sqlite sql',
    ]);
    expect(loadMigrations(dir, 'postgres').map((m) => m.sql)).toEqual([
      'CREATE TABLE notes (body TEXT);',
      'postgres sql',
    ]);
  });

  it('refuses a version written for one dialect only, naming the missing one', () => {
    const dir = migrationsDir({ '001-notes.sql': 'x', '002-ids.sqlite.sql': 'y' });
    expect(() => loadMigrations(dir, 'sqlite')).toThrow(
      'migration 002-ids.sqlite.sql has no postgres version: every version needs one for each dialect',
    );
  });

  it('refuses a version given twice', () => {
    const dir = migrationsDir({ '001-notes.sql': 'x', '001-notes.postgres.sql': 'y' });
    expect(() => loadMigrations(dir, 'postgres')).toThrow(/gives version 1 a second time/);
  });
});
