/**
 * Command-line flags shared by `npm run console` and `npm run ask`: who the console user is,
 * in which guild, and which database file to use.
 */
import { parseArgs } from 'node:util';
import type { MemberAccess } from '../../commands/types.js';

/** A fixed fake guild, so FAQ entries made in one console session are there in the next. */
export const CONSOLE_GUILD_ID = '100000000000000001';
export const CONSOLE_CHANNEL_ID = '200000000000000001';
export const CONSOLE_USER_ID = '300000000000000001';

export const MEMBER_ACCESS: MemberAccess = { manageMessages: false, manageGuild: false, roleIds: [] };
/** Manage Messages (FAQ moderation) and Manage Server (tip schedules). */
export const MODERATOR_ACCESS: MemberAccess = { manageMessages: true, manageGuild: true, roleIds: [] };

export interface ConsoleOptions {
  readonly guildId: string;
  /** False when --guild was left out and guildId is the console's default. */
  readonly guildGiven: boolean;
  readonly userId: string;
  readonly role: 'member' | 'moderator';
  readonly databasePath: string | undefined;
  readonly json: boolean;
  readonly positionals: readonly string[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;

const FLAGS = {
  guild: { type: 'string' },
  user: { type: 'string' },
  as: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `forAsk` allows the question as positional words and `--json`; the console takes neither. */
export function parseConsoleOptions(args: readonly string[], { forAsk = false } = {}): ConsoleOptions {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (!forAsk && positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  if (!forAsk && values.json)
    throw new UsageError('--json is an option of `npm run ask`, not of the console.');
  const guildId = values.guild ?? CONSOLE_GUILD_ID;
  const userId = values.user ?? CONSOLE_USER_ID;
  if (!SNOWFLAKE.test(guildId)) throw new UsageError('--guild must be a Discord id: 17 to 20 digits.');
  if (!SNOWFLAKE.test(userId)) throw new UsageError('--user must be a Discord id: 17 to 20 digits.');
  const role = values.as ?? 'member';
  if (role !== 'member' && role !== 'moderator')
    throw new UsageError('--as must be "member" or "moderator".');
  if (values.db !== undefined && values.db.trim() === '') throw new UsageError('--db needs a file path.');
  return {
    guildId,
    guildGiven: values.guild !== undefined,
    userId,
    role,
    databasePath: values.db,
    json: values.json === true,
    positionals,
  };
}
