/**
 * Opening a PostgreSQL database: migrations (once, even when processes start together; all or
 * nothing), the refusal of a newer schema, and errors that name the server but never the password.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../src/storage/migrations.js';
import { schemaVersion } from '../../../src/storage/postgres/migrations.js';
import { openPostgresStorage } from '../../../src/storage/postgres/postgres-storage.js';
import type { Storage } from '../../../src/storage/storage.js';
import { freshPostgresUrl } from '../../support/postgres/databases.js';

const clock = { now: () => 1_700_000_000_000 };
const latest = loadMigrations(undefined, 'postgres').length;
const opened: Storage[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(url: string, migrationsDir?: string): Promise<Storage> {
  const storage = await openPostgresStorage(url, clock, migrationsDir === undefined ? {} : { migrationsDir });
  opened.push(storage);
  return storage;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pg-migrations-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'm'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, 'm', name), sql);
  return join(dir, 'm');
}

describe('openPostgresStorage', () => {
  it('creates the whole schema in an empty database and records every migration once', async () => {
    const url = await freshPostgresUrl();
    await open(url);
    const tables = await query<{ table_name: string }>(
      url,
      'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name',
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['faq_entries', 'faq_audit', 'faq_revisions', 'tip_slots', 'tip_rotations']),
    );
    const versions = await query<{ version: number }>(
      url,
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
  });

  it('applies each migration once when several processes start at the same time', async () => {
    const url = await freshPostgresUrl();
    await Promise.all([open(url), open(url), open(url)]);
    const versions = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM schema_migrations');
    expect(Number(versions[0]?.n)).toBe(latest);
  });

  it('refuses a database written by a newer build, naming both schema versions and no password', async () => {
    const url = await freshPostgresUrl();
    await (await open(url)).close();
    await query(
      url,
      `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${latest + 1}, 'future', 0)`,
    );
    const password = new URL(url).password;
    const refusal = open(url);
    await expect(refusal).rejects.toThrow(
      `was written by a newer version of the bot (schema ${latest + 1}, this build knows ${latest}); upgrade the bot or restore a backup`,
    );
    await expect(refusal).rejects.not.toThrow(password);
  });

  it('rolls back a failing migration entirely and leaves the version where it was', async () => {
    const url = await freshPostgresUrl();
    const dir = migrationsDir({
      '001-ok.sql': 'CREATE TABLE ok (x TEXT);',
      '002-broken.sql': 'CREATE TABLE half (x TEXT); NOT VALID SQL;',
    });
    await expect(open(url, dir)).rejects.toThrow(/syntax error/);
    const client = new pg.Pool({ connectionString: url });
    try {
      expect(await schemaVersion(client)).toBe(1);
      const half = await client.query("SELECT to_regclass('half') IS NULL AS missing");
      expect(half.rows[0].missing).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('says which server refused a wrong password, without the password', async () => {
    const url = new URL(await freshPostgresUrl());
    url.password = 'not-the-password-9431';
    const attempt = openPostgresStorage(url.toString(), clock);
    await expect(attempt).rejects.toThrow(
      `could not open the database at postgres://${url.host}${url.pathname}: password authentication failed`,
    );
    await expect(attempt).rejects.not.toThrow(/not-the-password-9431/);
  });

  it('says which server it could not reach, within the connection timeout', async () => {
    const attempt = openPostgresStorage('postgres://bot:secret-pw@127.0.0.1:1/bot', clock);
    await expect(attempt).rejects.toThrow(
      /could not open the database at postgres:\/\/127\.0\.0\.1:1\/bot: .*ECONNREFUSED/,
    );
  });
});
