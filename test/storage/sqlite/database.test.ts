import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../src/storage/migrations.js';
import { openDatabase } from '../../../src/storage/sqlite/database.js';
import { schemaVersion } from '../../../src/storage/sqlite/migrations.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faq-db-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const latest = loadMigrations().length;

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

describe('openDatabase', () => {
  it('creates the whole schema in an empty file and records the newest schema version', () => {
    const file = join(tempDir(), 'bot.sqlite');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(latest);
    expect(tables(db)).toEqual(expect.arrayContaining(['faq_entries', 'faq_guild_settings', 'faq_audit']));
    db.close();
  });

  it('uses WAL, foreign keys, full sync and a busy timeout on a file database', () => {
    const db = openDatabase(join(tempDir(), 'bot.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('keeps the data of an existing file and applies only the migrations it lacks', () => {
    const dir = tempDir();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001-notes.sql'), 'CREATE TABLE notes (body TEXT NOT NULL);');
    const file = join(dir, 'bot.sqlite');

    const first = openDatabase(file, migrations);
    first.prepare('INSERT INTO notes (body) VALUES (?)').run('kept');
    first.close();

    writeFileSync(join(migrations, '002-tags.sql'), 'CREATE TABLE tags (name TEXT NOT NULL);');
    const second = openDatabase(file, migrations);
    expect(schemaVersion(second)).toBe(2);
    expect(second.prepare('SELECT body FROM notes').pluck().all()).toEqual(['kept']);
    expect(tables(second)).toContain('tags');
    second.close();
  });

  it('rolls back a failing migration entirely and leaves the version where it was', () => {
    const dir = tempDir();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001-ok.sql'), 'CREATE TABLE ok (x TEXT);');
    writeFileSync(join(migrations, '002-broken.sql'), 'CREATE TABLE half (x TEXT); NOT VALID SQL;');
    const file = join(dir, 'bot.sqlite');

    expect(() => openDatabase(file, migrations)).toThrow();
    const raw = new Database(file);
    expect(schemaVersion(raw)).toBe(1);
    expect(tables(raw)).not.toContain('half');
    raw.close();
  });

  it('refuses a database written by a newer build, naming both schema versions', () => {
    const file = join(tempDir(), 'bot.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${latest + 1}`);
    raw.close();

    expect(() => openDatabase(file)).toThrow(
      `database ${file} was written by a newer version of the bot (schema ${latest + 1}, this build knows ${latest}); upgrade the bot or restore a backup`,
    );
  });

  it('refuses migration files with a gap in their numbering', () => {
    const migrations = join(tempDir(), 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001-a.sql'), 'CREATE TABLE a (x TEXT);');
    writeFileSync(join(migrations, '003-c.sql'), 'CREATE TABLE c (x TEXT);');
    expect(() => loadMigrations(migrations)).toThrow(/should be number 2/);
  });

  it('opens an in-memory database with the full schema', () => {
    const db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(latest);
    db.close();
  });
});
