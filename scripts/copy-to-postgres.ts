/**
 * `npm run db:copy-to-postgres [-- --from FILE] [--to URL] [--replace]`: copies the bot's SQLite
 * database into PostgreSQL, to move a bot to PostgreSQL (src/storage/copy-sqlite-to-postgres.ts).
 * FILE defaults to DATABASE_PATH and URL to DATABASE_URL (environment or .env). Stop the bot
 * first: changes made during the copy would not be in it. Prints the rows copied per table;
 * exits 1 with one clear line, never naming the password, when it cannot copy; 2 for bad usage.
 */
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../src/config.js';
import { guardStandardStreams } from '../src/standard-streams.js';
import { CopyRefused, copySqliteToPostgres } from '../src/storage/copy-sqlite-to-postgres.js';
import { describePostgresUrl } from '../src/storage/postgres/pool.js';

guardStandardStreams();
const USAGE =
  'usage: npm run db:copy-to-postgres -- [--from FILE] [--to postgres://user:password@host:port/database] [--replace]';

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

let args: { from?: string; to?: string; replace?: boolean };
try {
  args = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean' } },
    strict: true,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}

dotenv.config({ quiet: true });
let config: ReturnType<typeof loadConfig>;
try {
  // The URL is checked like DATABASE_URL, so a malformed one gets the same clear message.
  config = loadConfig({ ...process.env, ...(args.to !== undefined && { DATABASE_URL: args.to }) });
} catch (error) {
  if (error instanceof ConfigError)
    fail(error.message.replace(/DATABASE_URL/g, 'the target (--to or DATABASE_URL)'));
  throw error;
}
const sqlitePath = args.from ?? config.DATABASE_PATH;
const postgresUrl = config.DATABASE_URL;
if (!postgresUrl) fail(`no PostgreSQL database to copy into: set DATABASE_URL or pass --to.\n${USAGE}`, 2);
if (sqlitePath === ':memory:') fail('--from must be a SQLite file, not :memory:', 2);

const target = describePostgresUrl(postgresUrl);
try {
  const report = await copySqliteToPostgres({ sqlitePath, postgresUrl, replace: args.replace === true });
  process.stdout.write(`copied ${sqlitePath} into ${target}\n`);
  for (const [table, rows] of Object.entries(report))
    process.stdout.write(`  ${table.padEnd(20)} ${rows} rows\n`);
  process.stdout.write('Set DATABASE_URL to this database and start the bot.\n');
} catch (error) {
  if (error instanceof CopyRefused) fail(`nothing copied: ${error.message}`);
  fail(`nothing copied into ${target}: ${(error as Error).message}`);
}
