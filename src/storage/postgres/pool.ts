/**
 * Connections to PostgreSQL (node-postgres): a pool whose BIGINT columns come back as JavaScript
 * numbers (times in ms and ids stay far below 2^53; a larger value is refused, not rounded),
 * and the transaction and lock helpers every PostgreSQL store uses.
 */
import pg from 'pg';

const INT8_OID = 20;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`BIGINT ${text} does not fit a JavaScript number`);
  return value;
}

/** The pool's settings, overridable by tests and the copy command. */
export interface PoolOptions {
  /** Most connections this process opens. */
  readonly max?: number;
  /** Called with errors of idle connections (a server restart, say); they must not crash the bot. */
  readonly onIdleError?: (error: Error) => void;
}

/** A pool on `url` (postgres://user:password@host:port/database). Connects lazily. */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // A server that does not answer must not hang start-up or an interaction for ever.
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID && format !== 'binary'
          ? parseInt8
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/**
 * Where `url` points, for logs and messages: `postgres://host:port/database`, without the user
 * name, the password or any parameter. Never throws.
 */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.host}${parsed.pathname}`;
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Something queries can run on: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it
 * rejects (then rethrows). `mode` is put after BEGIN, e.g. 'ISOLATION LEVEL REPEATABLE READ'.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  mode = '',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN ${mode}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Takes a transaction-scoped lock named `key`: a second transaction asking for the same key
 * waits until the first commits or rolls back. For guards on rows that may not exist yet (a
 * member's pending count, a rotation not yet created), where SELECT … FOR UPDATE has nothing to lock.
 */
export async function lockKey(client: pg.PoolClient, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}
