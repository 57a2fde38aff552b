import { afterEach, describe, expect, it } from 'vitest';
import { consoleConfig } from '../../src/console/startup.js';

const saved = process.env.DATABASE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
});

describe('consoleConfig', () => {
  it('uses DATABASE_URL from the environment, like the bot, when no --db is given', () => {
    process.env.DATABASE_URL = 'postgres://bot:pw@127.0.0.1:5432/bot';
    expect(consoleConfig(undefined).DATABASE_URL).toBe('postgres://bot:pw@127.0.0.1:5432/bot');
  });

  it('lets --db name a SQLite file even when DATABASE_URL is set', () => {
    process.env.DATABASE_URL = 'postgres://bot:pw@127.0.0.1:5432/bot';
    const config = consoleConfig('/tmp/elsewhere.sqlite');
    expect(config.DATABASE_PATH).toBe('/tmp/elsewhere.sqlite');
    expect(config.DATABASE_URL).toBeUndefined();
  });
});
