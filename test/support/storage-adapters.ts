/**
 * The storage adapters, for contract tests that run the same specification against each one
 * (`describe.each(STORAGE_ADAPTERS)`): SQLite on a temp file, and PostgreSQL on the test run's
 * real server (test/support/postgres/). Every `fresh()` is an empty database of its own; `open`
 * may be called again on the same location for a second connection, as a second process would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { openPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { freshPostgresUrl } from './postgres/databases.js';

export interface StorageAdapter {
  readonly name: 'sqlite' | 'postgres';
  /** Where a new, empty database is (a file path or a URL). */
  fresh(): Promise<string>;
  /** Opens (and migrates) the database at `location`. */
  open(location: string, clock: Clock): Promise<Storage>;
  /** Runs `sql` on its own connection, as a person at the database's shell would. */
  exec(location: string, sql: string): Promise<void>;
  /** The rows of a query, read on its own connection. */
  read(location: string, sql: string): Promise<Record<string, unknown>[]>;
}

const tempDirs: string[] = [];

export const STORAGE_ADAPTERS: readonly StorageAdapter[] = [
  {
    name: 'sqlite',
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
      tempDirs.push(dir);
      return join(dir, 'bot.sqlite');
    },
    async open(location, clock) {
      return openSqliteStorage(location, clock);
    },
    async exec(location, sql) {
      const db = new Database(location);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    async read(location, sql) {
      const db = new Database(location, { readonly: true });
      try {
        return db.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        db.close();
      }
    },
  },
  {
    name: 'postgres',
    fresh: freshPostgresUrl,
    open: (location, clock) => openPostgresStorage(location, clock, { max: 4 }),
    async exec(location, sql) {
      await this.read(location, sql);
    },
    async read(location, sql) {
      const client = new pg.Client({ connectionString: location });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    },
  },
];

/**
 * Opens storages for one test and closes them (and removes temp files) after it. Call once at
 * the top of a test file or describe block.
 */
export function storageForEachTest(adapter: StorageAdapter) {
  const opened: Storage[] = [];
  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close();
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** A second connection to `location`, or a new empty database when none is given. */
    async open(clock: Clock, location?: string): Promise<Storage & { readonly at: string }> {
      const at = location ?? (await adapter.fresh());
      const storage = await adapter.open(at, clock);
      opened.push(storage);
      return Object.assign(storage, { at });
    },
  };
}
