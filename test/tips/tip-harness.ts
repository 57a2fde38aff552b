/**
 * Builds TipServices on a file database in a temp directory, with a few tips, a ManualClock
 * and recording outboxes, so scheduler tests can stop and start "processes" on the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { KnowledgeProblem } from '../../src/knowledge/files.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { type Tip, tipSchema, topicFileSchema } from '../../src/knowledge/schema.js';
import { attachSections } from '../../src/knowledge/sections.js';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/ops/metrics.js';
import type { Outbox } from '../../src/replies/outbox.js';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { SqliteTipStore } from '../../src/storage/sqlite/sqlite-tip-store.js';
import type { Storage } from '../../src/storage/storage.js';
import { TipService } from '../../src/tips/tip-service.js';
import { RecordingOutbox } from '../support/recording-outbox.js';
import type { ManualClock } from './manual-clock.js';

export const GUILD = '100000000000000001';
export const OTHER_GUILD = '100000000000000002';
export const CHANNEL = '200000000000000001';
export const MODERATOR = '300000000000000002';

export function makeTip(id: string): Tip {
  return tipSchema.parse({
    id,
    title: `Tip ${id}`,
    body: `Body of ${id}.`,
    where: 'Accounts Center > Password and security',
    topic: 'privacy',
    tags: ['security'],
    reviewed: '2026-11-01',
  });
}

export function knowledgeWithTips(count: number, ids?: readonly string[]): KnowledgeBase {
  const file = topicFileSchema.parse({
    id: 'privacy',
    title: 'Privacy settings across the apps',
    label: 'Privacy',
    summary: 'Where the privacy settings live.',
    keywords: ['privacy'],
    examples: ['where are privacy settings', 'how do i make ig private', 'fb privacy checkup'],
    sources: [{ title: 'Privacy Center', url: 'https://www.facebook.com/privacy/center/' }],
    reviewed: '2026-11-01',
    sections: [
      {
        id: 'where',
        heading: 'Where they live',
        examples: ['where are the settings', 'privacy settings location'],
      },
      { id: 'each-app', heading: 'Each app', examples: ['instagram privacy', 'facebook privacy'] },
    ],
    body: 'Privacy settings live in Accounts Center and in each app.\n\n## Where they live\n\nIn Accounts Center.\n\n## Each app\n\nEach app has its own settings too.',
  });
  const problems: KnowledgeProblem[] = [];
  const topic = attachSections('topics/privacy.md', file, problems);
  if (topic === null) throw new Error(`test topic is invalid: ${JSON.stringify(problems)}`);
  const tipIds = ids ?? Array.from({ length: count }, (_, i) => `tip-${i + 1}`);
  return new KnowledgeBase([topic], tipIds.map(makeTip));
}

/** A temp directory holding one database file; removed by `cleanup`. */
export function tempDatabase(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tips-'));
  return { path: join(dir, 'bot.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TipProcess {
  readonly service: TipService;
  /** The SQLite connection (null for a process on another database). */
  readonly db: Database.Database | null;
  readonly outbox: Outbox;
  /** Stops the scheduler and closes the database, like a clean shutdown. */
  close(): Promise<void>;
}

/**
 * One bot "process": its own connection to the database and its own outbox. The database is the
 * SQLite file at `path`, or `storage` (a connection of its own to another database) when given.
 */
export function tipProcess(options: {
  path: string;
  storage?: Storage;
  clock: ManualClock;
  outbox?: Outbox;
  knowledge?: KnowledgeBase;
  minIntervalMinutes?: number;
  graceMinutes?: number;
  maxSleepMs?: number;
  /** Default: metrics of its own. */
  metrics?: Metrics;
}): TipProcess {
  const db = options.storage ? null : openDatabase(options.path);
  const outbox = options.outbox ?? new RecordingOutbox();
  const service = new TipService({
    store: options.storage?.tips ?? new SqliteTipStore(db!),
    clock: options.clock,
    outbox,
    knowledge: options.knowledge ?? knowledgeWithTips(5),
    config: {
      TIP_MIN_INTERVAL_MINUTES: options.minIntervalMinutes ?? 60,
      TIP_GRACE_MINUTES: options.graceMinutes ?? 30,
    },
    logger: silentLogger,
    metrics: options.metrics ?? new Metrics(),
    ...(options.maxSleepMs !== undefined && { maxSleepMs: options.maxSleepMs }),
  });
  return {
    service,
    db,
    outbox,
    async close() {
      await service.stop();
      db?.close();
      await options.storage?.close();
    },
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();
