/**
 * Command-line flags shared by `npm run console` and `npm run ask`: who the console user is,
 * in which guild, and which database file to use.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { MemberAccess } from '../../commands/types.js';
import { DISCORD_LOCALE_CODES, isDiscordLocaleCode } from '../i18n/locales.js';
import { closestWord } from './edit-distance.js';

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
  /**
   * `--locale CODE`: the Discord locale the console user's client would send (any of Discord's
   * codes; default en-US), as an interaction from that locale would carry it.
   */
  readonly locale: string;
  readonly json: boolean;
  readonly positionals: readonly string[];
}

/** A mistake in how the command was called: shown with the usage, and the process exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--help` or `-h`: the caller prints the usage to standard output and exits with status 0. */
export class HelpRequested extends Error {
  constructor() {
    super('help requested');
    this.name = 'HelpRequested';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;

const FLAGS = {
  guild: { type: 'string' },
  user: { type: 'string' },
  as: { type: 'string' },
  db: { type: 'string' },
  locale: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * Node's parser errors as one plain sentence naming the flag (its own messages quote unevenly and
 * talk about positional arguments), with the nearest real flag when the name looks misspelt.
 */
function parseArgsProblem(error: unknown, flags: readonly string[]): string {
  const { code, message } = error as { code?: string; message?: string };
  const flag = /'(-{1,2}[^'\s=]+)/.exec(message ?? '')?.[1];
  if (flag === undefined) return `Could not read the flags: ${message ?? String(error)}`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = closestWord(flag.replace(/^-+/, ''), flags);
    return `Unknown flag ${flag}.${near === null ? '' : ` Did you mean --${near}?`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = flag.replace(/^-+/, '') as keyof typeof FLAGS;
    return FLAGS[name]?.type === 'boolean' ? `${flag} takes no value.` : `${flag} needs a value.`;
  }
  return `Could not read the flag ${flag}.`;
}

/**
 * `--db PATH`: the file may be new, but its folder must exist, so a typo in the path is an error
 * rather than a fresh empty database. (Only the default DATABASE_PATH folder is created.)
 */
function databaseFolderProblem(path: string): string | null {
  if (path === ':memory:') return null;
  const folder = dirname(resolve(path));
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (stat === undefined) {
    return `--db: the folder ${folder} does not exist. Create it first, or give a file in an existing folder (the file itself is created if it is missing).`;
  }
  return stat.isDirectory() ? null : `--db: ${folder} is not a folder.`;
}

/**
 * Reads the flags of `npm run console` (and, with `forAsk`, of `npm run ask`, which also takes
 * the question as positional words and `--json`). Throws a UsageError naming the flag at fault,
 * or HelpRequested for `--help` / `-h`.
 */
export function parseConsoleOptions(args: readonly string[], { forAsk = false } = {}): ConsoleOptions {
  // Before any other check, so "--help" works beside a flag that is wrong.
  if (args.some((arg) => arg === '--help' || arg === '-h')) throw new HelpRequested();
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    const flags = Object.keys(FLAGS).filter((name) => forAsk || name !== 'json');
    throw new UsageError(parseArgsProblem(error, flags));
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
  const locale = values.locale ?? 'en-US';
  if (!isDiscordLocaleCode(locale)) {
    throw new UsageError(
      `--locale must be one of Discord's locale codes, spelt as Discord does: ${DISCORD_LOCALE_CODES.join(', ')}.`,
    );
  }
  const folderProblem = values.db === undefined ? null : databaseFolderProblem(values.db);
  if (folderProblem !== null) throw new UsageError(folderProblem);
  return {
    guildId,
    guildGiven: values.guild !== undefined,
    userId,
    role,
    databasePath: values.db,
    locale,
    json: values.json === true,
    positionals,
  };
}
