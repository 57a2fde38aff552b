/**
 * Builds the real application (knowledge, search, storage, commands) for tests, with an
 * in-memory database unless a path is given, a silent logger and a recording outbox,
 * plus helpers to run commands the way a transport would.
 */
import type { CommandContext, CommandInput, MemberAccess, OptionValue } from '../../commands/types.js';
import { type App, createApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { Dispatcher } from '../../src/dispatch.js';
import { silentLogger } from '../../src/logger.js';
import type { HandlerResponse } from '../../src/replies/reply.js';
import { RecordingOutbox } from './recording-outbox.js';

export const TEST_GUILD_ID = '100000000000000001';
export const OTHER_GUILD_ID = '100000000000000002';
export const TEST_CHANNEL_ID = '200000000000000001';
export const MEMBER_ID = '300000000000000001';
export const MODERATOR_ID = '300000000000000002';

export const MEMBER_ACCESS: MemberAccess = { manageMessages: false, manageGuild: false, roleIds: [] };
export const MODERATOR_ACCESS: MemberAccess = { manageMessages: true, manageGuild: true, roleIds: [] };

export interface TestApp extends App {
  readonly outbox: RecordingOutbox;
  readonly dispatcher: Dispatcher;
  /** A context as a transport would build it; override any part. */
  context(overrides?: Partial<Omit<CommandContext, 'services'>>): CommandContext;
  /** Runs `/command [subcommand] options` through the dispatcher. */
  run(
    command: string,
    options?: Record<string, OptionValue>,
    extra?: {
      subcommand?: string;
      subcommandGroup?: string;
      ctx?: Partial<Omit<CommandContext, 'services'>>;
    },
  ): Promise<HandlerResponse>;
}

let nextInteraction = 1;

export async function createTestApp(
  options: { env?: Record<string, string>; clock?: Clock; databasePath?: string } = {},
): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_PATH: options.databasePath ?? ':memory:',
    // Handler tests repeat answers in one channel on purpose; the repeat guard has its own tests.
    REPEAT_ANSWER_SECONDS: '0',
    ...options.env,
  });
  const outbox = new RecordingOutbox();
  const app = await createApp({
    config,
    logger: silentLogger,
    outbox,
    ...(options.clock && { clock: options.clock }),
  });
  const dispatcher = new Dispatcher(app.commands);
  const context = (overrides: Partial<Omit<CommandContext, 'services'>> = {}): CommandContext => ({
    interactionId: String(900_000_000_000_000_000n + BigInt(nextInteraction++)),
    user: { id: MEMBER_ID, displayName: 'member' },
    guildId: TEST_GUILD_ID,
    channelId: TEST_CHANNEL_ID,
    access: MEMBER_ACCESS,
    locale: 'en-US',
    guildLocale: null,
    ...overrides,
    services: app.services,
  });
  return {
    ...app,
    outbox,
    dispatcher,
    context,
    run(command, opts = {}, extra = {}) {
      const input: CommandInput = {
        subcommand: extra.subcommand ?? null,
        subcommandGroup: extra.subcommandGroup ?? null,
        options: opts,
      };
      return dispatcher.handle(context(extra.ctx), { type: 'command', command, input });
    },
  };
}
