/**
 * Databases on the test run's PostgreSQL server (test/support/postgres/global-setup.ts): each
 * test file creates its own database, and each test its own schema inside it, so tests never see
 * each other's rows, in this file or in files running at the same time.
 */
import pg from 'pg';
import { inject } from 'vitest';

let fileDatabase: Promise<string> | null = null;
let schemas = 0;

/** A new, empty database on the test server (once per test file); its URL. */
function databaseOfThisFile(): Promise<string> {
  fileDatabase ??= (async () => {
    const server = inject('postgresUrl');
    const name = `test_${process.pid}_${Date.now().toString(36)}`;
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    const url = new URL(server);
    url.pathname = `/${name}`;
    return url.toString();
  })();
  return fileDatabase;
}

/**
 * A URL of an empty schema of its own in this file's database: every connection made with it
 * (the adapter's pool, a second "process") works in that schema only.
 */
export async function freshPostgresUrl(): Promise<string> {
  const database = await databaseOfThisFile();
  const schema = `s${++schemas}`;
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(database);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
