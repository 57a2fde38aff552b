/**
 * One moderator in the cross-process decision race (sqlite-faq-store.test.ts): opens the database at
 * DATABASE_PATH, says "ready" on standard error, reads a start time (ms since the epoch) on
 * standard input and waits for it, so that all contenders start together, then tries to decide
 * every suggestion in IDS (approving or rejecting each at random, in an order of its own, so the
 * contenders collide all the way through) as MODERATOR, and prints the ids it won as JSON.
 */
import { once } from 'node:events';
import { openDatabase } from '../../../src/storage/sqlite/database.js';
import { SqliteFaqStore } from '../../../src/storage/sqlite/sqlite-faq-store.js';

const guildId = process.env.GUILD ?? '';
const moderator = process.env.MODERATOR ?? '';
const ids = (process.env.IDS ?? '').split(',').map(Number);
const db = openDatabase(process.env.DATABASE_PATH ?? '');
const store = new SqliteFaqStore(db, { now: () => Date.now() });
process.stderr.write('ready\n');
const [startAt] = (await once(process.stdin, 'data')) as [Buffer];
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(String(startAt)) - Date.now())));
for (let i = ids.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
}
const won: number[] = [];
for (const id of ids) {
  const change =
    Math.random() < 0.5
      ? await store.approve(guildId, id, moderator)
      : await store.reject(guildId, id, moderator, null);
  if (change.ok) won.push(id);
}
db.close();
process.stdout.write(JSON.stringify(won));
process.exit(0);
