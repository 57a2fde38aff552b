/**
 * `npm start` as a real child process (src/main.ts): start-up against the local Discord, an answer,
 * SIGTERM and SIGINT (also while the reader of its output stalls and then goes away), and start-up
 * refusals for bad configuration. Standard error is checked for the token.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { runScript, type ScriptRun } from '../support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../support/fake-discord/test-bot.js';
import { leakedPieces, TOKEN_SHAPES } from '../support/token-shapes.js';

const MAIN = 'src/main.ts';
/** Generous bounds: start-up loads discord.js and the knowledge base, slow on a busy CI machine. */
const STARTUP_MS = 30_000;
const TEST_MS = 45_000;

/** Every piece of the token long enough to identify it. */
const tokenParts = TEST_TOKEN.split('.').filter((part) => part.length >= 8);
/** The token the bot runs with in the trace run: a realistic shape, `-` and `_` in every part. */
const [BOT_SHAPE, ...OTHER_SHAPES] = [
  TOKEN_SHAPES.find((shape) => shape.name === 'new token, 19-digit id'),
  ...TOKEN_SHAPES.filter((shape) => shape.name !== 'new token, 19-digit id'),
];
/** Makes the bot log an error that carries tokens on SIGUSR2 (see the file). */
const LEAK_PRELOAD = [
  '--import',
  import.meta.resolve('tsx'),
  '--import',
  join(import.meta.dirname, 'token-leak-preload.ts'),
];

describe('npm start, run until SIGTERM with LOG_LEVEL=trace', () => {
  let fake: FakeDiscord;
  let run: ScriptRun;
  let exitCode: number | null;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    run = runScript(
      MAIN,
      {
        DISCORD_TOKEN: BOT_SHAPE?.token ?? '',
        LEAK_TOKENS: OTHER_SHAPES.map((shape) => shape.token).join(' '),
        DISCORD_API_URL: fake.apiUrl,
        LOG_LEVEL: 'trace',
      },
      LEAK_PRELOAD,
    );
    await run.waitForStderr('"msg":"ready"', STARTUP_MS);
    const { callback } = await fake.sendSlashCommand({ name: 'topics' });
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    run.child.kill('SIGUSR2');
    await run.waitForStderr('"msg":"unhandled promise rejection"', 10_000);
    run.child.kill('SIGTERM');
    exitCode = await run.exit(5_000);
  }, TEST_MS);

  afterAll(async () => {
    run?.cleanup();
    await fake?.stop();
  });

  it('exits with code 0 within 5 seconds of SIGTERM, after closing its gateway connection', () => {
    expect(exitCode).toBe(0);
    expect(run.stderr()).toContain('"msg":"stopped"');
  });

  it('logs start-up, ready with its start-up time, and the command it handled', () => {
    const lines = run
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.msg === 'starting')).toBeDefined();
    expect(lines.find((l) => l.msg === 'ready')?.sinceProcessStartMs).toEqual(expect.any(Number));
    expect(lines.find((l) => l.msg === 'interaction handled')).toMatchObject({ command: '/topics' });
  });

  it('never writes its token, or any part of it, to standard error, even from an error that carries it', () => {
    expect(run.stderr().length).toBeGreaterThan(1_000);
    expect(leakedPieces(run.stderr(), BOT_SHAPE?.token ?? '')).toEqual([]);
  });

  it.each(TOKEN_SHAPES)('redacts a $name carried by a logged error, whole', ({ token }) => {
    const line = run
      .stderr()
      .split('\n')
      .find((l) => l.includes('"msg":"unhandled promise rejection"'));
    expect(leakedPieces(run.stderr(), token)).toEqual([]);
    // In the message, the stack and the error's URL field: three marks for each token.
    expect(line?.split('[redacted token]').length).toBe(3 * TOKEN_SHAPES.length + 1);
  });

  it('writes nothing to standard output', () => {
    expect(run.stdout()).toBe('');
  });
});

describe('npm start, signalled during start-up', () => {
  it(
    'aborts start-up on SIGTERM, closes storage, and exits 0 within 5 seconds',
    async () => {
      // The stand-in never answers IDENTIFY, so the bot is still starting when the signal comes.
      const fake = await FakeDiscord.start({ holdReady: true });
      const run = runScript(MAIN, {
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_API_URL: fake.apiUrl,
        LOG_LEVEL: 'info',
      });
      try {
        await fake.waitForIdentify(STARTUP_MS);
        run.child.kill('SIGTERM');
        expect(await run.exit(5_000)).toBe(0);
        expect(run.stderr()).toContain('"msg":"start-up aborted; storage closed"');
        expect(run.stderr()).not.toContain('"msg":"ready"');
      } finally {
        run.cleanup();
        await fake.stop();
      }
    },
    TEST_MS,
  );
});

describe('npm start, when Discord closes the gateway for good', () => {
  it(
    'logs an error, stops, and exits non-zero so a supervisor restarts it (close code 4004)',
    async () => {
      const fake = await FakeDiscord.start();
      const run = runScript(MAIN, {
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_API_URL: fake.apiUrl,
        LOG_LEVEL: 'info',
      });
      try {
        await run.waitForStderr('"msg":"ready"', STARTUP_MS);
        await fake.closeGateway(4004);
        expect(await run.exit(10_000)).toBe(1);
        const lost = run
          .stderr()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l))
          .find((l) => l.code === 4004);
        expect(lost).toMatchObject({ level: 50 });
        expect(run.stderr()).toContain('"msg":"stopped"');
      } finally {
        run.cleanup();
        await fake.stop();
      }
    },
    TEST_MS,
  );
});

describe.concurrent('npm start refuses to start with bad configuration', () => {
  const refuse = async (env: Record<string, string>) => {
    const run = runScript(MAIN, env);
    try {
      const code = await run.exit(STARTUP_MS);
      return { code, stderr: run.stderr() };
    } finally {
      run.cleanup();
    }
  };

  it(
    'without a token: names DISCORD_TOKEN, points to the README and the console, no stack trace',
    async () => {
      const { code, stderr } = await refuse({});
      expect(code).toBe(1);
      expect(stderr).toContain('DISCORD_TOKEN is not set');
      expect(stderr).toContain('README.md');
      expect(stderr).toContain('npm run console');
      expect(stderr).not.toMatch(/\n\s+at /);
    },
    TEST_MS,
  );

  it(
    'with a malformed DISCORD_API_URL: names the variable',
    async () => {
      const { code, stderr } = await refuse({
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_API_URL: 'discord dot com',
      });
      expect(code).toBe(1);
      expect(stderr).toContain('DISCORD_API_URL');
      for (const part of tokenParts) expect(stderr).not.toContain(part);
    },
    TEST_MS,
  );

  it(
    'with a malformed token: names DISCORD_TOKEN without echoing the value',
    async () => {
      const { code, stderr } = await refuse({ DISCORD_TOKEN: 'short-secret-value' });
      expect(code).toBe(1);
      expect(stderr).toContain('DISCORD_TOKEN');
      expect(stderr).not.toContain('short-secret-value');
    },
    TEST_MS,
  );

  it(
    'with a token Discord rejects: says so, exits 1, and does not echo the token',
    async () => {
      const fake = await FakeDiscord.start({ expectedToken: `other-${TEST_TOKEN}` });
      try {
        const { code, stderr } = await refuse({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl });
        expect(code).toBe(1);
        expect(stderr).toMatch(/invalid token/i);
        for (const part of tokenParts) expect(stderr).not.toContain(part);
      } finally {
        await fake.stop();
      }
    },
    TEST_MS,
  );
});

/** Marks, in the reader's output, the moment it stopped reading. */
const STALLED = '<reader stalled>';
/**
 * The reader at the other end of the bot's output, like `| tee` or a log shipper: it copies its
 * standard input to its standard output until SIGUSR2, then stops reading (its pipe fills up).
 */
const READER = `
const forward = (chunk) => process.stdout.write(chunk);
process.stdin.on('data', forward);
process.on('SIGUSR2', () => {
  process.stdin.off('data', forward);
  process.stdin.pause();
  process.stdout.write(${JSON.stringify(STALLED)});
});`;

/** Resolves with the exit code, or rejects once `timeoutMs` have passed with the process still running. */
function exitWithin(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`still running ${timeoutMs} ms after the signal`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/**
 * Runs the bot with standard output and error piped to a reader (as `npm start 2>&1 | tee bot.log`),
 * waits until it is ready, stalls the reader and fills the pipe, then sends `signal`. With
 * `readerGoesAway` the reader is killed once the bot has closed its gateway connection, in the
 * middle of its shutdown; otherwise it stays, stalled, until the bot has exited. Resolves with
 * the exit code; rejects if the bot is still running 5 seconds after the signal. Every process it
 * starts is killed before it settles.
 */
async function stopWithStalledOutput(
  signal: NodeJS.Signals,
  readerGoesAway: boolean,
): Promise<number | null> {
  const fake = await FakeDiscord.start();
  const dir = mkdtempSync(join(tmpdir(), 'meta-bot-run-'));
  const reader = spawn(process.execPath, ['-e', READER], { stdio: ['pipe', 'pipe', 'ignore'] });
  const bot = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(PROJECT_ROOT, MAIN)], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'trace',
    },
    stdio: ['ignore', reader.stdin, reader.stdin],
  });
  let seen = '';
  const readerPrinted = (text: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!seen.includes(text)) return;
        clearTimeout(timer);
        reader.stdout.off('data', onData);
        resolve();
      };
      const onData = (chunk: Buffer) => {
        seen += String(chunk);
        check();
      };
      const timer = setTimeout(() => {
        reader.stdout.off('data', onData);
        reject(new Error(`timed out waiting for ${text}; the reader got:\n${seen}`));
      }, timeoutMs);
      reader.stdout.on('data', onData);
      check();
    });
  try {
    await readerPrinted('"msg":"ready"', STARTUP_MS);
    reader.kill('SIGUSR2');
    await readerPrinted(STALLED, 5_000);
    // Fill the pipe from our own end of it, so the bot's next writes find it full.
    const chunk = Buffer.alloc(64 * 1024, '.');
    let chunks = 0;
    while (reader.stdin.write(chunk)) {
      if (++chunks > 1_000) throw new Error('the pipe took 64 MB without filling up');
    }
    reader.stdin.destroy();

    bot.kill(signal);
    const exited = exitWithin(bot, 5_000);
    if (readerGoesAway) {
      exited.catch(() => {});
      await fake.waitForDisconnect(5_000);
      reader.kill('SIGKILL');
    }
    return await exited;
  } finally {
    bot.kill('SIGKILL');
    reader.kill('SIGKILL');
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm start, whatever the reader of its output does', () => {
  it(
    'exits 0 within 5 seconds of SIGINT while the reader has stopped reading and the pipe is full',
    async () => {
      expect(await stopWithStalledOutput('SIGINT', false)).toBe(0);
    },
    TEST_MS,
  );

  it(
    'exits 0 within 5 seconds of SIGTERM when the stalled reader goes away mid-shutdown (broken pipe)',
    async () => {
      expect(await stopWithStalledOutput('SIGTERM', true)).toBe(0);
    },
    TEST_MS,
  );
});
