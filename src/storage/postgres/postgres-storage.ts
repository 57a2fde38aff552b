/**
 * The PostgreSQL adapter as one Storage: a connection pool, migrated at start-up, shared by the stores.
 */
import type { Clock } from '../../clock.js';
import { loadMigrations, MIGRATIONS_DIR } from '../migrations.js';
import type { Storage } from '../storage.js';
import { migrate } from './migrations.js';
import { createPool, describePostgresUrl, type PoolOptions } from './pool.js';
import { PostgresCooldownStore } from './postgres-cooldown-store.js';
import { PostgresFaqStore } from './postgres-faq-store.js';
import { PostgresInsightStore } from './postgres-insight-store.js';
import { PostgresTipStore } from './postgres-tip-store.js';

/**
 * Connects to the database at `url` (postgres://user:password@host:port/database) and brings its
 * schema up to date. Rejects, closing the pool, when the server cannot be reached, refuses the
 * login, or holds a schema newer than this build; the message names the server and database
 * but never the password.
 */
export async function openPostgresStorage(
  url: string,
  clock: Clock,
  options: PoolOptions & { readonly migrationsDir?: string } = {},
): Promise<Storage> {
  const location = describePostgresUrl(url);
  const pool = createPool(url, options);
  try {
    await migrate(pool, loadMigrations(options.migrationsDir ?? MIGRATIONS_DIR, 'postgres'), location);
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`could not open the database at ${location}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let closed = false;
  return {
    faq: new PostgresFaqStore(pool, clock),
    tips: new PostgresTipStore(pool),
    insights: new PostgresInsightStore(pool),
    cooldowns: new PostgresCooldownStore(pool),
    location,
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
