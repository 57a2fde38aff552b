/**
 * Starts the real bot (startBot, the same entry point as `npm start`) in this process against a
 * fresh stand-in, with a throwaway database and logs captured in memory. One call per test file
 * (or per test); `close()` stops the bot, the stand-in and removes the temp directory.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CommandModule } from '../../../commands/types.js';
import type { Clock } from '../../../src/clock.js';
import { type RunningBot, startBot } from '../../../src/discord/start-bot.js';
import { createLogger } from '../../../src/logger.js';
import { FakeDiscord, type FakeDiscordOptions } from './index.js';
import { DEFAULT_WAIT_MS, waitUntil } from './waiting.js';

/**
 * Passes the config's token check but matches no token pattern the logger redacts, so a test
 * that finds it missing from the logs proves it was never written, not merely masked.
 */
export const TEST_TOKEN = `test-bot-token.${'k'.repeat(30)}.${'q'.repeat(30)}`;

export interface TestBot {
  readonly fake: FakeDiscord;
  readonly bot: RunningBot;
  /** Every log line the bot wrote, parsed (pino JSON). */
  readonly logs: Record<string, unknown>[];
  /** The raw log text, for "never contains" assertions. */
  logText(): string;
  /** Resolves with the first log line (past or future) that matches. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Stops the bot and the stand-in; rejects if the stand-in refused any request (see `fake.rejected`). */
  close(): Promise<void>;
}

export interface TestBotOptions {
  readonly fake?: FakeDiscordOptions;
  /** Extra environment (the stand-in's URL, token, temp database and LOG_LEVEL are set already). */
  readonly env?: Record<string, string>;
  /** Command modules to serve; default: the real ones from commands/index.ts. */
  readonly commands?: (appCommands: readonly CommandModule[]) => readonly CommandModule[];
  readonly deferAfterMs?: number;
  /** Passed to startBot: lets a test drive scheduled work (privacy tips) without waiting. */
  readonly clock?: Clock;
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const fake = await FakeDiscord.start(options.fake);
  const dir = mkdtempSync(join(tmpdir(), 'meta-bot-e2e-'));
  const lines: string[] = [];
  const logged = new EventEmitter().setMaxListeners(0);
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      logged.emit('line');
      done();
    },
  });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const env = {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  let bot: RunningBot;
  try {
    bot = await startBot({
      env,
      logger: createLogger(env.LOG_LEVEL, sink),
      readyTimeoutMs: 10_000,
      ...(options.commands && { commands: options.commands }),
      ...(options.deferAfterMs !== undefined && { deferAfterMs: options.deferAfterMs }),
      ...(options.clock && { clock: options.clock }),
    });
  } catch (error) {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    fake,
    bot,
    get logs() {
      return parsed();
    },
    logText: () => lines.join('\n'),
    waitForLog: (predicate, timeoutMs = DEFAULT_WAIT_MS) =>
      waitUntil(logged, 'line', () => parsed().find(predicate), timeoutMs, 'a matching log line'),
    async close() {
      try {
        await bot.stop({ drainMs: 1_000 });
      } finally {
        await fake.stop();
        rmSync(dir, { recursive: true, force: true });
      }
      // Every suite on a TestBot also proves the bot sent nothing the real Discord would refuse.
      if (fake.rejected.length > 0) {
        throw new Error(
          `fake-discord: Discord would have refused ${fake.rejected.length} request(s):\n${JSON.stringify(fake.rejected, null, 2)}`,
        );
      }
    },
  };
}
