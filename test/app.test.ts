import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
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
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
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
    expect(result).toEqual({ answer: null, alternatives: [], reason: 'not-confident' });
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
