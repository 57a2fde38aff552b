/**
 * Turns a line typed at the console into the same CommandInput a Discord interaction gives,
 * checked against the command's own definition (subcommands, option names, types, required
 * options, lengths and choices) so the console refuses what Discord's client would refuse.
 *
 * `/ask how do ads work` — a command whose options are one string takes the rest of the line;
 * `/faq show entry:12 mention:"<@123>"` — otherwise `name:value` pairs, values may be quoted.
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';
import type { CommandDefinition, CommandInput, OptionValue } from '../../commands/types.js';

export type ParsedLine =
  | { readonly kind: 'empty' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'pick'; readonly number: number }
  | { readonly kind: 'command'; readonly command: string; readonly input: CommandInput }
  | { readonly kind: 'error'; readonly message: string };

export const QUIT_COMMANDS = ['/quit', '/exit'] as const;

const isGroup = (o: APIApplicationCommandOption) => o.type === T.SubcommandGroup;
const isSubcommand = (o: APIApplicationCommandOption) => o.type === T.Subcommand;

export interface CommandPath {
  readonly definition: CommandDefinition;
  readonly subcommandGroup: string | null;
  readonly subcommand: string | null;
  /** The options the chosen (sub)command takes. */
  readonly options: readonly APIApplicationCommandBasicOption[];
  /** Words after the command path. */
  readonly rest: string;
}

/** Words a subcommand level accepts, for error messages and tab completion. */
export function subcommandNames(options: readonly APIApplicationCommandOption[] | undefined): string[] {
  return (options ?? []).filter((o) => isGroup(o) || isSubcommand(o)).map((o) => o.name);
}

function splitWord(text: string): [string, string] {
  const match = /^(\S*)\s*([\s\S]*)$/.exec(text);
  return [match?.[1] ?? '', match?.[2] ?? ''];
}

/** Resolves `/name [group] [sub]` against the definition, or explains what is missing. */
export function resolveCommandPath(definition: CommandDefinition, afterName: string): CommandPath | string {
  let options: readonly APIApplicationCommandOption[] = definition.options ?? [];
  let group: string | null = null;
  let sub: string | null = null;
  let rest = afterName;
  let path = `/${definition.name}`;
  for (let depth = 0; depth < 2; depth++) {
    const names = subcommandNames(options);
    if (names.length === 0) break;
    const [word, remainder] = splitWord(rest);
    const chosen = options.find((o) => o.name === word.toLowerCase() && (isGroup(o) || isSubcommand(o)));
    if (!chosen) {
      const list = names.map((n) => `\`${path} ${n}\``).join(', ');
      return word === ''
        ? `\`${path}\` needs a subcommand: ${list}.`
        : `\`${path}\` has no subcommand "${word}". Try ${list}.`;
    }
    path += ` ${chosen.name}`;
    rest = remainder;
    if (chosen.type === T.SubcommandGroup) {
      group = chosen.name;
      options = chosen.options ?? [];
    } else if (chosen.type === T.Subcommand) {
      sub = chosen.name;
      options = chosen.options ?? [];
      break;
    }
  }
  if (group !== null && sub === null) return `\`${path}\` needs a subcommand.`;
  const basic = options.filter((o): o is APIApplicationCommandBasicOption => !isGroup(o) && !isSubcommand(o));
  return { definition, subcommandGroup: group, subcommand: sub, options: basic, rest };
}

/** True when the whole rest of the line is the value of the command's one string option. */
export function takesRestOfLine(options: readonly APIApplicationCommandBasicOption[]): boolean {
  return options.length === 1 && options[0]?.type === T.String;
}

function unquote(value: string): string {
  const match = /^(["'])([\s\S]*)\1$/.exec(value);
  return match ? (match[2] ?? '') : value;
}

const PAIR = /^([\w-]+):(?:"([^"]*)"|'([^']*)'|(\S*))(?:\s+|$)/u;

/** Reads `name:value` pairs; a stray word is an error so typos do not go unnoticed. */
function readPairs(text: string): Map<string, string> | string {
  const pairs = new Map<string, string>();
  let rest = text.trim();
  while (rest !== '') {
    const match = PAIR.exec(rest);
    if (!match) {
      const [word] = splitWord(rest);
      return `I couldn't read "${word}": write options as name:value (quote values with spaces: name:"two words").`;
    }
    const name = (match[1] ?? '').toLowerCase();
    if (pairs.has(name)) return `The option "${name}" is given twice.`;
    pairs.set(name, match[2] ?? match[3] ?? match[4] ?? '');
    rest = rest.slice(match[0].length);
  }
  return pairs;
}

/** `<@123>`, `<@!123>`, `<#123>` and `<@&123>` as typed in Discord become the bare id. */
function snowflakeFrom(raw: string): string | null {
  const id = /^<(?:@[!&]?|#)(\d+)>$/.exec(raw)?.[1] ?? raw;
  return /^\d{17,20}$/.test(id) ? id : null;
}

function convert(option: APIApplicationCommandBasicOption, raw: string): OptionValue | string[] {
  const problem = (text: string) => [`Option "${option.name}" ${text}.`];
  switch (option.type) {
    case T.String: {
      if (option.min_length !== undefined && raw.length < option.min_length) {
        return problem(`needs at least ${option.min_length} characters`);
      }
      if (option.max_length !== undefined && raw.length > option.max_length) {
        return problem(`takes at most ${option.max_length} characters (you typed ${raw.length})`);
      }
      return matchChoice(option, raw) ?? problem(`must be one of ${choiceList(option)}`);
    }
    case T.Integer:
    case T.Number: {
      const value = Number(raw);
      if (
        raw.trim() === '' ||
        !Number.isFinite(value) ||
        (option.type === T.Integer && !Number.isInteger(value))
      ) {
        return problem(option.type === T.Integer ? 'must be a whole number' : 'must be a number');
      }
      if (option.min_value !== undefined && value < option.min_value)
        return problem(`must be at least ${option.min_value}`);
      if (option.max_value !== undefined && value > option.max_value)
        return problem(`must be at most ${option.max_value}`);
      return matchChoice(option, raw) ?? problem(`must be one of ${choiceList(option)}`);
    }
    case T.Boolean: {
      const value = raw.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(value)) return true;
      if (['false', 'no', 'n', '0'].includes(value)) return false;
      return problem('must be true or false');
    }
    case T.User:
    case T.Channel:
    case T.Role:
    case T.Mentionable:
      return snowflakeFrom(raw) ?? problem('must be a Discord id (17 to 20 digits), e.g. 300000000000000001');
    case T.Attachment:
      return problem('is a file upload, which the console cannot send');
  }
}

type ChoiceOption = APIApplicationCommandBasicOption & {
  choices?: readonly { name: string; value: string | number }[];
};

function choiceList(option: ChoiceOption): string {
  return (option.choices ?? []).map((c) => `"${c.value}"`).join(', ');
}

/** With fixed choices, the typed text may be a choice's value or its name. */
function matchChoice(option: ChoiceOption, raw: string): OptionValue | null {
  const choices = option.choices ?? [];
  const plain = option.type === T.String ? raw : Number(raw);
  if (choices.length === 0) return plain;
  const wanted = raw.toLowerCase();
  const hit = choices.find(
    (c) => String(c.value).toLowerCase() === wanted || c.name.toLowerCase() === wanted,
  );
  return hit ? hit.value : null;
}

function readOptions(path: CommandPath): Record<string, OptionValue> | string {
  const raw = new Map<string, string>();
  if (takesRestOfLine(path.options)) {
    const only = path.options[0]!;
    const text = path.rest.trim();
    const prefix = `${only.name}:`;
    const value = text.toLowerCase().startsWith(prefix) ? unquote(text.slice(prefix.length).trim()) : text;
    if (value !== '') raw.set(only.name, value);
  } else {
    const pairs = readPairs(path.rest);
    if (typeof pairs === 'string') return pairs;
    for (const [name, value] of pairs) raw.set(name, value);
  }
  const known = new Set(path.options.map((o) => o.name));
  const unknown = [...raw.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const valid = path.options.map((o) => o.name).join(', ');
    return `Unknown option "${unknown[0]}". ${valid === '' ? 'This command takes no options.' : `Options: ${valid}.`}`;
  }
  const options: Record<string, OptionValue> = {};
  for (const option of path.options) {
    const value = raw.get(option.name);
    if (value === undefined) {
      if (option.required) return `Missing the required option "${option.name}" (${option.description}).`;
      continue;
    }
    const converted = convert(option, value);
    if (Array.isArray(converted)) return converted[0] ?? 'Invalid option.';
    options[option.name] = converted;
  }
  return options;
}

/**
 * Parses one console line. `find` looks a command definition up by name; anything that is
 * not a command, a quit word or a button number is explained rather than guessed at.
 */
export function parseCommandLine(
  line: string,
  find: (name: string) => CommandDefinition | undefined,
): ParsedLine {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if ((QUIT_COMMANDS as readonly string[]).includes(text.toLowerCase())) return { kind: 'quit' };
  if (/^\d{1,3}$/.test(text)) return { kind: 'pick', number: Number(text) };
  if (!text.startsWith('/')) {
    return {
      kind: 'error',
      message:
        'Commands start with "/", for example: /ask are facebook and instagram connected. Type /help for the list.',
    };
  }
  const [word, afterName] = splitWord(text.slice(1));
  const name = word.toLowerCase();
  const definition = find(name);
  if (!definition) {
    return {
      kind: 'error',
      message: `Unknown command "/${name}". Type /help to see the commands, or /quit to leave.`,
    };
  }
  const path = resolveCommandPath(definition, afterName);
  if (typeof path === 'string') return { kind: 'error', message: path };
  const options = readOptions(path);
  if (typeof options === 'string') return { kind: 'error', message: options };
  return {
    kind: 'command',
    command: definition.name,
    input: { subcommandGroup: path.subcommandGroup, subcommand: path.subcommand, options },
  };
}
