import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requirePublicKey, requireToken } from '../src/config.js';

const TOKEN = `${'M'.repeat(24)}.${'G'.repeat(6)}.${'x'.repeat(38)}`;

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('works with an empty environment, for the console', () => {
    const config = loadConfig({});
    expect(config.DISCORD_API_URL).toBe('https://discord.com/api');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DATABASE_PATH).toBe('./data/bot.sqlite');
    expect(config.TIP_MIN_INTERVAL_MINUTES).toBe(60);
    expect(config.TIP_GRACE_MINUTES).toBe(30);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ DISCORD_GUILD_ID: '  ', LOG_LEVEL: '' }).DISCORD_GUILD_ID).toBeUndefined();
  });

  it('names the variable and the problem for a malformed value', () => {
    const problems = problemsOf({ DISCORD_GUILD_ID: 'my-server', ASK_COOLDOWN_SECONDS: 'soon' });
    expect(problems.some((p) => p.startsWith('DISCORD_GUILD_ID') && p.includes('Discord id'))).toBe(true);
    expect(problems.some((p) => p.startsWith('ASK_COOLDOWN_SECONDS') && p.includes('whole number'))).toBe(
      true,
    );
  });

  it('rejects a non-http API URL and an unknown log level', () => {
    const problems = problemsOf({ DISCORD_API_URL: 'ftp://example.test', LOG_LEVEL: 'loud' });
    expect(problems.some((p) => p.startsWith('DISCORD_API_URL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL') && p.includes('info'))).toBe(true);
  });

  it.each(['0x10', '1e3', '5.0', '-1', '+5', '99999999999999999999'])(
    'refuses %s for a number of seconds, with one message naming the range',
    (bad) => {
      const problems = problemsOf({ ASK_COOLDOWN_SECONDS: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^ASK_COOLDOWN_SECONDS must be (a whole number from 0 to 3600, in digits|at most 3600)$/,
      );
    },
  );

  it('reads digits as the number they write, surrounding spaces aside', () => {
    expect(loadConfig({ ASK_COOLDOWN_SECONDS: ' 15 ', DISCORD_SHARD_COUNT: '4' })).toMatchObject({
      ASK_COOLDOWN_SECONDS: 15,
      DISCORD_SHARD_COUNT: 4,
    });
    expect(problemsOf({ DISCORD_SHARD_COUNT: '2.5' })[0]).toMatch(
      /^DISCORD_SHARD_COUNT must be a whole number/,
    );
  });

  it('refuses a tip interval below one minute', () => {
    expect(
      problemsOf({ TIP_MIN_INTERVAL_MINUTES: '0' }).some((p) => p.startsWith('TIP_MIN_INTERVAL_MINUTES')),
    ).toBe(true);
  });

  it('never echoes a malformed token back in its message', () => {
    const badToken = 'not a token but secret-ish value 12345';
    const problems = problemsOf({ DISCORD_TOKEN: badToken });
    expect(problems.join('\n')).not.toContain(badToken);
    expect(problems.some((p) => p.startsWith('DISCORD_TOKEN'))).toBe(true);
  });

  it('strips a trailing slash from the API URL', () => {
    expect(loadConfig({ DISCORD_API_URL: 'http://127.0.0.1:9999/api/' }).DISCORD_API_URL).toBe(
      'http://127.0.0.1:9999/api',
    );
  });
});

describe('requireToken', () => {
  it('returns the token when set', () => {
    expect(requireToken(loadConfig({ DISCORD_TOKEN: TOKEN }))).toBe(TOKEN);
  });

  it('explains where to get a token and how to try the bot without one', () => {
    expect(() => requireToken(loadConfig({}))).toThrow(/DISCORD_TOKEN.*README.*npm run console/s);
  });
});

describe('serve settings', () => {
  const PUBLIC_KEY = 'a1'.repeat(32);

  it('listens on port 8080 on every interface by default', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.DISCORD_PUBLIC_KEY).toBeUndefined();
  });

  it('takes a public key of 64 hexadecimal characters, in either case', () => {
    expect(loadConfig({ DISCORD_PUBLIC_KEY: PUBLIC_KEY.toUpperCase() }).DISCORD_PUBLIC_KEY).toBe(
      PUBLIC_KEY.toUpperCase(),
    );
  });

  it('refuses a public key of the wrong length or with other characters, saying where to find it', () => {
    for (const bad of ['a1'.repeat(31), `${'a1'.repeat(31)}zz`, `0x${'a1'.repeat(31)}`]) {
      const problems = problemsOf({ DISCORD_PUBLIC_KEY: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^DISCORD_PUBLIC_KEY .*64 hexadecimal characters.*Public Key/);
    }
  });

  it('refuses a port that is not a whole number from 0 to 65535', () => {
    expect(problemsOf({ PORT: 'eighty' }).some((p) => p.startsWith('PORT') && p.includes('whole'))).toBe(
      true,
    );
    expect(problemsOf({ PORT: '70000' }).some((p) => p.startsWith('PORT') && p.includes('65535'))).toBe(true);
    expect(loadConfig({ PORT: '3000', HOST: '127.0.0.1' })).toMatchObject({ PORT: 3000, HOST: '127.0.0.1' });
    for (const host of ['::', '::1', 'localhost', 'bot-1.internal', '10.0.0.7']) {
      expect(loadConfig({ HOST: host, METRICS_HOST: host })).toMatchObject({
        HOST: host,
        METRICS_HOST: host,
      });
    }
  });

  it('refuses a listening address with spaces or a scheme', () => {
    for (const bad of ['local host', 'http://0.0.0.0', '999.1.1.1', '1.2.3', 'host_name']) {
      expect(problemsOf({ HOST: bad }).some((p) => p.startsWith('HOST') && p.includes('127.0.0.1'))).toBe(
        true,
      );
    }
  });
});

describe('requirePublicKey', () => {
  it('explains that npm run serve needs the public key and where to find it', () => {
    expect(() => requirePublicKey(loadConfig({}))).toThrow(
      /DISCORD_PUBLIC_KEY is not set.*Public Key.*General Information/s,
    );
  });

  it('returns the key when set', () => {
    expect(requirePublicKey(loadConfig({ DISCORD_PUBLIC_KEY: 'b2'.repeat(32) }))).toBe('b2'.repeat(32));
  });
});

describe('DATABASE_URL', () => {
  it('is unset by default, so the bot runs on the SQLite file at DATABASE_PATH', () => {
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
  });

  it('accepts a PostgreSQL URL under either scheme name', () => {
    for (const url of [
      'postgres://bot:s3cret@db.example:5432/bot',
      'postgresql://bot@localhost/bot?sslmode=require',
    ]) {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it('refuses anything but a PostgreSQL URL with a host and a database, without echoing the password', () => {
    for (const bad of [
      'mysql://bot:hunter2-secret@db.example/bot',
      'postgres://bot:hunter2-secret@db.example',
      'postgres://bot:hunter2-secret@/bot',
      'bot:hunter2-secret@db.example/bot',
    ]) {
      const problems = problemsOf({ DATABASE_URL: bad });
      expect(problems).toEqual([
        expect.stringMatching(/^DATABASE_URL must be a PostgreSQL URL such as postgres:\/\//),
      ]);
      expect(problems.join('\n')).not.toContain('hunter2');
    }
  });
});

describe('METRICS_PORT and METRICS_HOST', () => {
  it('serves no metrics by default, and on this machine only once a port is set', () => {
    const off = loadConfig({});
    expect(off.METRICS_PORT).toBeUndefined();
    expect(off.METRICS_HOST).toBe('127.0.0.1');
    expect(loadConfig({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(loadConfig({ METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).METRICS_HOST).toBe('0.0.0.0');
  });

  it('refuses anything but a whole number from 0 to 65535, saying what a port is', () => {
    for (const bad of ['metrics', '70000', '-1', '9464.5', '0x24d8', '1e3', '99999999']) {
      const problems = problemsOf({ METRICS_PORT: bad });
      expect(problems, bad).toEqual([
        'METRICS_PORT must be a port number: a whole number from 0 to 65535 (0 picks any free port)',
      ]);
    }
  });

  it('refuses a listening address with spaces or a scheme', () => {
    for (const bad of ['http://127.0.0.1', 'local host', '999.1.1.1']) {
      expect(
        problemsOf({ METRICS_HOST: bad }).some((p) => p.startsWith('METRICS_HOST must be an address')),
      ).toBe(true);
    }
  });
});
