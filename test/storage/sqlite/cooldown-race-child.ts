/**
 * One contender in the cross-process cooldown race (sqlite-cooldown-store.test.ts): opens the
 * storage at DATABASE_PATH as the bot does (its cooldown connection included), says "ready" on
 * standard error, reads a start time (ms since the epoch) on standard input and waits for it, so
 * that all contenders start together, then takes every key once, in an order of its own and
 * pausing after each so that the contenders collide all the way through, and prints the keys it
 * got as JSON on standard output.
 */
import { once } from 'node:events';
import { openSqliteStorage } from '../../../src/storage/sqlite/sqlite-storage.js';

const keys = Array.from({ length: Number(process.env.KEYS) }, (_, i) => `ask:${i}`);
const now = 1_000_000;
const storage = openSqliteStorage(process.env.DATABASE_PATH ?? '', { now: () => now });
process.stderr.write('ready\n');
const [startAt] = (await once(process.stdin, 'data')) as [Buffer];
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(String(startAt)) - Date.now())));
for (let i = keys.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [keys[i], keys[j]] = [keys[j] as string, keys[i] as string];
}
const won: string[] = [];
for (const key of keys) {
  if ((await storage.cooldowns.take(key, now, 60_000)) === 0) won.push(key);
  // Let go of the lock for a moment, so that the other contenders get their turns in between.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await storage.close();
process.stdout.write(JSON.stringify(won));
process.exit(0);
