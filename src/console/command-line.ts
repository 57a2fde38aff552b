/**
 * Turns a line typed at the console into the same CommandInput a Discord interaction gives,
 * checked against the command's own definition (subcommands, option names, types, required
 * options, lengths and choices) so the console refuses what Discord's client would refuse.
 *
 * `/ask how do ads work` — a command whose options are one string takes the rest of the line;
 * `/faq remove entry:12 reason:Test entry` — otherwise `name:value` pairs, each value running up
 * to the next option name (quotes allowed: `reason:"a value"`). A `name:` that is not one of the
 * command's options is refused the same way for every command; inside free text (`question`,
 * `reason`) only a near miss of a real name counts as one, so "what is fb: a question" stays text.
 * Names may also be typed as any supported locale registers them in Discord (`/temas`,
 * `/preguntar pregunta: …`), since localised replies name commands that way.
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';
import type { CommandDefinition, CommandInput, OptionValue } from '../../commands/types.js';
import { commandNameAliases, englishCommandName, foldCommandName } from '../i18n/command-mentions.js';
import { discordLength } from '../replies/text-length.js';
import { closestWord } from './edit-distance.js';

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
  /** English names from the command down to the chosen subcommand, for the options' localised names. */
  readonly names: readonly string[];
  /** Words after the command path. */
  readonly rest: string;
}

/** Words a subcommand level accepts, for error messages and tab completion. */
export function subcommandNames(options: readonly APIApplicationCommandOption[] | undefined): string[] {
  return (options ?? []).filter((o) => isGroup(o) || isSubcommand(o)).map((o) => o.name);
}

const leadingSpace = (text: string): number => /^\s*/.exec(text)?.[0].length ?? 0;

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
  const englishPath = [definition.name];
  for (let depth = 0; depth < 2; depth++) {
    const names = subcommandNames(options);
    if (names.length === 0) break;
    const [word, remainder] = splitWord(rest);
    const typed = foldCommandName(word);
    const chosen = options.find(
      (o) => (isGroup(o) || isSubcommand(o)) && commandNameAliases([...englishPath, o.name]).includes(typed),
    );
    if (!chosen) {
      const list = names.map((n) => `\`${path} ${n}\``).join(', ');
      return word === ''
        ? `\`${path}\` needs a subcommand: ${list}.`
        : `\`${path}\` has no subcommand "${word}". Try ${list}.`;
    }
    path += ` ${chosen.name}`;
    englishPath.push(chosen.name);
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
  return { definition, subcommandGroup: group, subcommand: sub, options: basic, rest, names: englishPath };
}

/** True when the whole rest of the line is the value of the command's one string option. */
export function takesRestOfLine(options: readonly APIApplicationCommandBasicOption[]): boolean {
  return options.length === 1 && options[0]?.type === T.String;
}

function unquote(value: string): string {
  const match = /^(["'])([\s\S]*)\1$/.exec(value);
  return match ? (match[2] ?? '') : value;
}

/**
 * `name:` at the start of a text: a letter, then letters, marks, digits, `-` or `_`, as Discord
 * allows in names and their localisations ("fuso-horário", Devanagari names).
 */
const OPTION_NAME = /^(\p{L}[\p{L}\p{M}\p{N}_-]*):/u;

/** Options by every name they can be typed under (English and localised, folded). */
type OptionMap = ReadonlyMap<string, APIApplicationCommandBasicOption>;

/** The options of the (sub)command at `names`, under their English and localised names. */
function optionMap(
  options: readonly APIApplicationCommandBasicOption[],
  names: readonly string[],
): OptionMap {
  const map = new Map<string, APIApplicationCommandBasicOption>();
  for (const option of options) map.set(option.name, option);
  for (const option of options) {
    for (const alias of commandNameAliases([...names, option.name]))
      if (!map.has(alias)) map.set(alias, option);
  }
  return map;
}

/** The options' English names, once each, for messages. */
const optionNames = (known: OptionMap): string[] => [...new Set([...known.values()].map((o) => o.name))];

/**
 * Free text can hold a colon ("what is fb: a question", "see note:duplicate"): a string option
 * with neither fixed choices nor autocomplete. Ids, numbers, choices and mentions cannot.
 */
function isFreeText(option: APIApplicationCommandBasicOption): boolean {
  return (
    option.type === T.String &&
    !('autocomplete' in option && option.autocomplete) &&
    !('choices' in option && option.choices && option.choices.length > 0)
  );
}

/** A misspelt option name ("questoin", "timezon"). */
function isNearMiss(name: string, known: OptionMap): boolean {
  return closestWord(name, optionNames(known)) !== null;
}

/**
 * The option name starting at `at` in `text` when it is meant as one: a known name always;
 * an unknown one only when a value follows the colon at once (not "fb: a question", not
 * "https://…"), and, inside free text, only when it is a near miss of a known name.
 */
function optionNameAt(
  text: string,
  at: number,
  known: OptionMap,
  inside: APIApplicationCommandBasicOption | null,
): string | null {
  const match = OPTION_NAME.exec(text.slice(at));
  if (!match) return null;
  const name = foldCommandName(match[1] ?? '');
  if (known.has(name)) return name;
  const next = text[at + match[0].length];
  if (next === undefined || /\s/.test(next) || next === '/') return null;
  if (inside !== null && isFreeText(inside) && !isNearMiss(name, known)) return null;
  return name;
}

function unknownOption(name: string, known: OptionMap): string {
  const valid = optionNames(known).join(', ');
  return `Unknown option "${name}". ${valid === '' ? 'This command takes no options.' : `Options: ${valid}.`}`;
}

/** Tells how to keep `name:` as part of a free-text value: quote that whole value. */
function quoteHint(name: string, option: APIApplicationCommandBasicOption, value: string): string {
  return ` If "${name}:" is part of the ${option.name}, quote the whole value: ${option.name}:"${value}".`;
}

interface ReadValue {
  readonly value: string;
  /** Where the text after the value starts. */
  readonly end: number;
  readonly quoted: boolean;
}

/**
 * One option's value, starting at `from`: a quoted value when the closing quote ends it, else
 * the text up to the next option name (so `cron:0 9 * * 1` and `reason:Test entry` need no quotes).
 */
function readValue(
  text: string,
  from: number,
  option: APIApplicationCommandBasicOption,
  known: OptionMap,
): ReadValue {
  const quote = text[from];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, from + 1);
    if (close !== -1) {
      const after = text.slice(close + 1);
      const gap = leadingSpace(after);
      // The quote ends the value only when nothing but the next option (or the end) follows it.
      if (close + 1 + gap === text.length || (gap > 0 && optionNameAt(text, close + 1 + gap, known, null))) {
        return { value: text.slice(from + 1, close), end: close + 1, quoted: true };
      }
    }
  }
  for (let at = from; at < text.length; at++) {
    if (at > from && /\s/.test(text[at - 1] ?? '') && optionNameAt(text, at, known, option) !== null) {
      return { value: text.slice(from, at).trim(), end: at, quoted: false };
    }
  }
  return { value: text.slice(from).trim(), end: text.length, quoted: false };
}

/** Example for a word typed without an option name: the first option not given yet. */
function pairExample(
  word: string,
  options: readonly APIApplicationCommandBasicOption[],
  given: ReadonlyMap<string, string>,
): string {
  const next =
    options.find((o) => o.required && !given.has(o.name)) ?? options.find((o) => !given.has(o.name));
  return next ? `, for example ${next.name}:${word}` : '';
}

/**
 * Reads `name:value` pairs. Every name must be one of the command's options, the same rule for
 * every command; a word with no option name is an error so typos do not go unnoticed.
 */
function readPairs(
  text: string,
  options: readonly APIApplicationCommandBasicOption[],
  names: readonly string[],
): Map<string, string> | string {
  const known = optionMap(options, names);
  const pairs = new Map<string, string>();
  /** The previous unquoted free-text value, for a hint when it ran into what was meant as its text. */
  let freeText: { option: APIApplicationCommandBasicOption; start: number } | null = null;
  const hintFor = (name: string, end: number) =>
    freeText ? quoteHint(name, freeText.option, text.slice(freeText.start, end).trim()) : '';
  let at = 0;
  for (;;) {
    at += leadingSpace(text.slice(at));
    if (at >= text.length) return pairs;
    const match = OPTION_NAME.exec(text.slice(at));
    if (!match) {
      const [word] = splitWord(text.slice(at));
      if (options.length === 0) return `This command takes no options, so I couldn't read "${word}".`;
      return (
        `I couldn't read "${word}": write options as name:value${pairExample(word, options, pairs)}. ` +
        'A value runs up to the next option name, or can be quoted: name:"a value".'
      );
    }
    const name = foldCommandName(match[1] ?? '');
    const valueStart = at + match[0].length + leadingSpace(text.slice(at + match[0].length));
    const option = known.get(name);
    if (!option) {
      // After free text, only a near miss of a real name gets here: it may have been meant as text.
      const end = freeText ? readValue(text, valueStart, freeText.option, known).end : at;
      return unknownOption(name, known) + hintFor(name, end);
    }
    const read = readValue(text, valueStart, option, known);
    if (pairs.has(option.name))
      return `The option "${option.name}" is given twice.${hintFor(name, read.end)}`;
    pairs.set(option.name, read.value);
    freeText = isFreeText(option) && !read.quoted ? { option, start: valueStart } : null;
    at = read.end;
  }
}

/**
 * `/ask how do ads work`: a command whose one option is a string takes the whole line as its
 * value, colons and all; writing the option's name first (`question:…`) is allowed too.
 */
function readRestOfLine(
  text: string,
  only: APIApplicationCommandBasicOption,
  names: readonly string[],
): Map<string, string> | string {
  const known = optionMap([only], names);
  const named = optionNameAt(text, 0, known, only);
  let value = text;
  if (named !== null && known.get(named) === only) {
    value = unquote(text.slice(OPTION_NAME.exec(text)?.[0].length ?? 0).trim());
  } else if (named !== null) {
    const problem = unknownOption(named, known);
    return isFreeText(only) ? problem + quoteHint(named, only, text) : problem;
  }
  return new Map(value === '' ? [] : [[only.name, value]]);
}

/**
 * The id in a bare snowflake or in the mention syntax of what the option takes (Discord's
 * message formatting: `<@id>` or `<@!id>` a user, `<@&id>` a role, `<#id>` a channel), so a
 * role pasted where a user is wanted is refused as Discord's own picker would never offer it.
 */
function snowflakeFrom(raw: string, type: T): string | null {
  const mention = /^<(@!?|@&|#)(\d+)>$/.exec(raw);
  if (mention !== null && !MENTION_FITS[mention[1]!]?.includes(type)) return null;
  const id = mention?.[2] ?? raw;
  return /^\d{17,20}$/.test(id) ? id : null;
}

function convert(option: APIApplicationCommandBasicOption, raw: string): OptionValue | string[] {
  const problem = (text: string) => [`Option "${option.name}" ${text}.`];
  switch (option.type) {
    case T.String: {
      if (option.min_length !== undefined && discordLength(raw) < option.min_length) {
        return problem(`needs at least ${option.min_length} characters`);
      }
      if (option.max_length !== undefined && discordLength(raw) > option.max_length) {
        return problem(`takes at most ${option.max_length} characters (you typed ${discordLength(raw)})`);
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
      return (
        snowflakeFrom(raw, option.type) ??
        problem(
          `must be ${MENTION_KIND[option.type]}: a Discord id (17 to 20 digits), e.g. 300000000000000001`,
        )
      );
    case T.Attachment:
      return problem('is a file upload, which the console cannot send');
  }
}

/** The option types each mention prefix fits (Discord's message formatting reference). */
const MENTION_FITS: Readonly<Record<string, readonly T[]>> = {
  '@': [T.User, T.Mentionable],
  '@!': [T.User, T.Mentionable],
  '@&': [T.Role, T.Mentionable],
  '#': [T.Channel],
};

/** What an id option takes, for its error message. */
const MENTION_KIND: Partial<Record<T, string>> = {
  [T.User]: 'a user',
  [T.Channel]: 'a channel',
  [T.Role]: 'a role',
  [T.Mentionable]: 'a user or a role',
};

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
  const text = path.rest.trim();
  const only = path.options[0];
  const raw =
    only && takesRestOfLine(path.options)
      ? readRestOfLine(text, only, path.names)
      : readPairs(text, path.options, path.names);
  if (typeof raw === 'string') return raw;
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
  // Localised replies name commands as the reader's locale does (`/temas`); those work too.
  const english = englishCommandName(word);
  const definition = find(name) ?? (english === undefined ? undefined : find(english));
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
