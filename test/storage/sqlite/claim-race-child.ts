/**
 * One contender in the cross-process claim race (sqlite-tip-store.test.ts): opens the database at
 * DATABASE_PATH, says "ready" on standard error, reads a start time (ms since the epoch) on
 * standard input and waits for it, so that all contenders start together, then tries to claim
 * every slot, in an order of its own and pausing after each, so that the contenders collide all
 * the way through, and prints the slots it won (with their tips) as JSON on standard output.
 */
import { once } from 'node:events';
import { openDatabase } from '../../../src/storage/sqlite/database.js';
import { SqliteTipStore } from '../../../src/storage/sqlite/sqlite-tip-store.js';

const slots = Number(process.env.SLOTS);
const tipIds = Array.from({ length: slots }, (_, i) => `tip-${i}`);
const db = openDatabase(process.env.DATABASE_PATH ?? '');
const store = new SqliteTipStore(db);
process.stderr.write('ready\n');
const [startAt] = (await once(process.stdin, 'data')) as [Buffer];
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(String(startAt)) - Date.now())));
const order = Array.from({ length: slots }, (_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [order[i], order[j]] = [order[j] as number, order[i] as number];
}
const won: { slotAt: number; tipId: string | null }[] = [];
for (const i of order) {
  const claimed = await store.claimSlot({
    guildId: process.env.GUILD ?? '',
    slotAt: i * 60_000,
    channelId: process.env.CHANNEL ?? '',
    now: 0,
    leaseMs: 120_000,
    tipIds,
  });
  if (claimed) won.push({ slotAt: claimed.slotAt, tipId: claimed.tipId });
  // Let go of the lock for a moment: back to back, the first process to get it keeps it through
  // all its claims while the others sleep in SQLite's busy handler, and nothing ever collides.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
db.close();
process.stdout.write(JSON.stringify(won));
process.exit(0);
