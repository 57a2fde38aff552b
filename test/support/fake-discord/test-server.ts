/**
 * Starts the bot as an HTTP interactions endpoint (startServer, the function `npm run serve`
 * runs) in this process against a fresh stand-in that delivers interactions to it as signed POSTs,
 * with a throwaway database and logs captured in memory. `close()` stops both, removes the temp
 * directory, and fails when the stand-in saw a request the real Discord would refuse.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CommandModule } from '../../../commands/types.js';
import type { Clock } from '../../../src/clock.js';
import { createLogger } from '../../../src/logger.js';
import type { HttpLimits } from '../../../src/transports/discord-http/http-server.js';
import { type RunningServer, startServer } from '../../../src/transports/discord-http/start-server.js';
import { FakeDiscord, type FakeDiscordOptions } from './index.js';
import { TEST_TOKEN } from './test-bot.js';
import { DEFAULT_WAIT_MS, waitUntil } from './waiting.js';

export interface TestServer {
  readonly fake: FakeDiscord;
  readonly server: RunningServer;
  /** Every log line the server wrote, parsed (pino JSON). */
  readonly logs: Record<string, unknown>[];
  logText(): string;
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly fake?: FakeDiscordOptions;
  /** Extra environment (the stand-in's URL, token, public key, temp database, PORT=0 and LOG_LEVEL are set). */
  readonly env?: Record<string, string>;
  readonly commands?: (appCommands: readonly CommandModule[]) => readonly CommandModule[];
  readonly deferAfterMs?: number;
  readonly clock?: Clock;
  readonly limits?: Partial<HttpLimits>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const fake = await FakeDiscord.start(options.fake);
  const dir = mkdtempSync(join(tmpdir(), 'meta-bot-serve-'));
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
    DISCORD_PUBLIC_KEY: fake.publicKey,
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  let server: RunningServer;
  try {
    server = await startServer({
      env,
      logger: createLogger(env.LOG_LEVEL, sink),
      ...(options.commands && { commands: options.commands }),
      ...(options.deferAfterMs !== undefined && { deferAfterMs: options.deferAfterMs }),
      ...(options.clock && { clock: options.clock }),
      ...(options.limits && { limits: options.limits }),
    });
  } catch (error) {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  fake.deliverInteractionsTo(server.url);
  return {
    fake,
    server,
    get logs() {
      return parsed();
    },
    logText: () => lines.join('\n'),
    waitForLog: (predicate, timeoutMs = DEFAULT_WAIT_MS) =>
      waitUntil(logged, 'line', () => parsed().find(predicate), timeoutMs, 'a matching log line'),
    async close() {
      try {
        await server.stop({ drainMs: 1_000 });
      } finally {
        await fake.stop();
        rmSync(dir, { recursive: true, force: true });
      }
      if (fake.rejected.length > 0) {
        throw new Error(
          `fake-discord: Discord would have refused ${fake.rejected.length} request(s):\n${JSON.stringify(fake.rejected, null, 2)}`,
        );
      }
    },
  };
}
