/**
 * A bot process for the crash test in tip-scheduler.test.ts: runs the scheduled tips of the
 * database at DATABASE_PATH (5 tips, as tip-harness.ts makes them) with its clock stopped at NOW
 * (ms since the epoch). Its outbox "delivers" each post by printing it on standard output as a
 * JSON line ({title, nonce}) and then never returns, as if Discord had the message and the process
 * were about to record its id: the test kills it with SIGKILL at exactly that moment.
 */
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/ops/metrics.js';
import type { Outbox } from '../../src/replies/outbox.js';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { SqliteTipStore } from '../../src/storage/sqlite/sqlite-tip-store.js';
import { TipService } from '../../src/tips/tip-service.js';
import { knowledgeWithTips } from './tip-harness.js';

const now = Number(process.env.NOW);
const outbox: Outbox = {
  postToChannel(_channelId, reply, options) {
    process.stdout.write(`${JSON.stringify({ title: reply.embeds?.[0]?.title, nonce: options?.nonce })}\n`);
    return new Promise(() => {});
  },
  editChannelMessage: async () => {},
  sendDirectMessage: async () => false,
  checkCanPost: async () => null,
  guildLocale: async () => null,
};
const service = new TipService({
  store: new SqliteTipStore(openDatabase(process.env.DATABASE_PATH ?? '')),
  clock: { now: () => now },
  outbox,
  knowledge: knowledgeWithTips(5),
  config: { TIP_MIN_INTERVAL_MINUTES: 60, TIP_GRACE_MINUTES: 30 },
  logger: silentLogger,
  metrics: new Metrics(),
});
// Kept alive by standard input until the test kills it.
process.stdin.resume();
service.start();
