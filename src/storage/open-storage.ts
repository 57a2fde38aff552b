/**
 * Picks the storage adapter from the configuration: the composition root's one decision about
 * databases. SQLite at DATABASE_PATH is the default.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { openSqliteStorage } from './sqlite/sqlite-storage.js';
import type { Storage } from './storage.js';

/** Opens and migrates the configured database. Rejects when it cannot be opened or is too new. */
export async function openStorage(config: Pick<Config, 'DATABASE_PATH'>, clock: Clock): Promise<Storage> {
  return openSqliteStorage(config.DATABASE_PATH, clock);
}
