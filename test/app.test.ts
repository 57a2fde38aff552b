import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CooldownPlace, cooldownPlace, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger, silentLogger } from '../src/logger.js';
import { RecordingOutbox } from './support/recording-outbox.js';

/** A question that makes search fail, as a bug in it would: a fault planted in its word splitting. */
// Hoisted with vi.mock, which runs before the imports.
const { PLANTED } = vi.hoisted(() => ({ PLANTED: 'plantedfaultword' }));
vi.mock('../src/search/normalise.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/search/normalise.js')>();
  return {
    ...original,
    words: (text: string, ...rest: [number?]) => {
      if (text.includes(PLANTED)) throw new Error('planted search fault');
      return original.words(text, ...rest);
    },
  };
});

const apps: { close(): Promise<void> }[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function appWithLogs() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = await createApp({
    config: loadConfig({ DATABASE_PATH: ':memory:' }),
    logger: createLogger('info', sink),
    outbox: new RecordingOutbox(),
  });
  apps.push(app);
  return { app, logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createApp', () => {
  it('logs a fault that search caught, with the error and the question length but not its words', async () => {
    const { app, logs } = await appWithLogs();
    const question = `do fb and insta share ${PLANTED} 🙂`;
    const result = app.services.search.search(question, { guildId: null });
    // Search never throws: the member gets "not confident", and the fault is not lost.
    expect(result).toEqual({ locale: 'en-US', answer: null, alternatives: [], reason: 'not-confident' });
    const errors = logs().filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      msg: 'search failed; the question was answered as not confident',
      err: { message: 'planted search fault' },
      // 39 letters and spaces and one emoji: characters as Discord counts them.
      questionLength: 40,
    });
    expect(JSON.stringify(errors[0])).not.toContain(PLANTED);
  });

  it('logs nothing for questions search answers normally', async () => {
    const { app, logs } = await appWithLogs();
    expect(app.services.search.search('did facebook buy instagram', { guildId: null }).answer?.id).toBe(
      'ownership',
    );
    expect(logs().filter((line) => (line.level as number) >= 40)).toEqual([]);
  });
});

describe('where createApp keeps cooldowns', () => {
  /** Two apps on one database file, as two processes of one bot with these settings. */
  async function twoProcesses(env: Record<string, string>[], place?: CooldownPlace) {
    const dir = mkdtempSync(join(tmpdir(), 'app-cooldowns-'));
    dirs.push(dir);
    const open = async (extra: Record<string, string>) => {
      const app = await createApp({
        config: loadConfig({ DATABASE_PATH: join(dir, 'bot.sqlite'), ...extra }),
        logger: silentLogger,
        outbox: new RecordingOutbox(),
        ...(place && { cooldowns: place }),
      });
      apps.push(app);
      return app.services.cooldowns;
    };
    return [await open(env[0] ?? {}), await open(env[1] ?? {})] as const;
  }

  it('shares them through the database between gateway processes that each run some of the shards', async () => {
    const [shard0, shard1] = await twoProcesses([
      { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '0' },
      { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '1' },
    ]);
    expect(await shard0.take('ask:300000000000000001', 30_000)).toBe(0);
    expect(await shard1.take('ask:300000000000000001', 30_000)).toBeGreaterThan(29_000);
  });

  it('shares them through the database when told to, as npm run serve does', async () => {
    const [a, b] = await twoProcesses([{}, {}], 'database');
    expect(await a.take('repeat:200000000000000001:hash', 60_000)).toBe(0);
    expect(await b.take('repeat:200000000000000001:hash', 60_000)).toBeGreaterThan(59_000);
  });

  it('keeps them in memory in a process that runs every shard, sees every request, and needs no I/O', async () => {
    const [a, b] = await twoProcesses([{}, { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '0,1' }]);
    expect(await a.take('ask:300000000000000001', 30_000)).toBe(0);
    expect(await b.take('ask:300000000000000001', 30_000)).toBe(0);
    expect(await a.take('ask:300000000000000001', 30_000)).toBeGreaterThan(29_000);
  });

  it('picks the database only for a process running some of the shards', () => {
    expect(cooldownPlace({})).toBe('process');
    expect(cooldownPlace({ DISCORD_SHARD_COUNT: 4 })).toBe('process');
    expect(cooldownPlace({ DISCORD_SHARD_COUNT: 2, DISCORD_SHARD_IDS: [1, 0] })).toBe('process');
    expect(cooldownPlace({ DISCORD_SHARD_COUNT: 4, DISCORD_SHARD_IDS: [2, 3] })).toBe('database');
  });
});
