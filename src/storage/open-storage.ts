/**
 * Picks the storage adapter from the configuration: the composition root's one decision about
 * databases. DATABASE_URL set: PostgreSQL; unset: the SQLite file at DATABASE_PATH.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openPostgresStorage } from './postgres/postgres-storage.js';
import { openSqliteStorage } from './sqlite/sqlite-storage.js';
import type { Storage } from './storage.js';

/** Opens and migrates the configured database. Rejects when it cannot be opened or is too new. */
export async function openStorage(
  config: Pick<Config, 'DATABASE_PATH' | 'DATABASE_URL'>,
  clock: Clock,
  logger?: Logger,
): Promise<Storage> {
  if (config.DATABASE_URL) {
    return openPostgresStorage(config.DATABASE_URL, clock, {
      onIdleError: (error) =>
        logger?.warn({ err: error }, 'a PostgreSQL connection failed while idle; the pool opens a new one'),
    });
  }
  return openSqliteStorage(config.DATABASE_PATH, clock);
}
