/**
 * Slash command definitions with their words from the catalogues: every command, subcommand,
 * group, option and choice gets its English description (or choice name) from en-US.json, and
 * `name_localizations` / `description_localizations` for every other locale's Discord codes
 * (es-ES serves es-ES and es-419), from `commands.<command>[.options.<name>…]` in each catalogue.
 * `npm run deploy-commands` registers the result; Discord shows each member the names in their
 * client's language, and still sends the English names in interactions, so routing never changes.
 *
 * Discord's rules for these fields (developer docs, "Application Commands": naming, localization,
 * and the option and choice structures) are checked for every locale by
 * test/i18n/command-localisations.test.ts.
 */
import type {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { localiseCommandMentions } from './command-mentions.js';
import { DEFAULT_LOCALE, discordCodesServedBy, LOCALES } from './locales.js';
import { lookup } from './messages.js';

/** An option as command modules write it: no words, only what it is (the catalogue has the words). */
export interface OptionSpec {
  readonly type: ApplicationCommandOptionType;
  /** The English name: what Discord sends back in interactions, and the catalogue's key. */
  readonly name: string;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly max_length?: number;
  /** Bounds of an integer option, checked by Discord before the command reaches the bot. */
  readonly min_value?: number;
  readonly max_value?: number;
  readonly channel_types?: readonly ChannelType[];
  /** String choice values; each one's name is `choices.<value>` in the catalogue. */
  readonly choices?: readonly string[];
  /** A subcommand's or group's own options. */
  readonly options?: readonly OptionSpec[];
}

/** A slash command as its module writes it (see OptionSpec). */
export interface CommandSpec {
  readonly name: string;
  readonly default_member_permissions?: string;
  readonly contexts?: readonly InteractionContextType[];
  readonly integration_types?: readonly ApplicationIntegrationType[];
  readonly options?: readonly OptionSpec[];
}

type Localizations = Record<string, string>;

/**
 * The text at `key` in every non-English locale, under each Discord code that locale serves.
 * A command a description names ("for /faq insights") is shown under that locale's name for it,
 * as in every reply (command-mentions.ts): catalogues write commands in English.
 */
function localizations(key: string): Localizations {
  const byCode: Localizations = {};
  for (const locale of LOCALES) {
    if (locale === DEFAULT_LOCALE) continue;
    const found = lookup(locale, key);
    if (found === undefined) continue;
    const text = key.endsWith('.description') ? localiseCommandMentions(found, locale) : found;
    for (const code of discordCodesServedBy(locale)) byCode[code] = text;
  }
  return byCode;
}

/** The English text at `key`; a missing one is a bug in the catalogue, found when the module loads. */
function english(key: string): string {
  const text = lookup(DEFAULT_LOCALE, key);
  if (text === undefined) throw new Error(`the English catalogue has no "${key}" (a command's words)`);
  return text;
}

/** Name and description of the command or option whose catalogue entry is at `path`. */
function words(path: string, name: string) {
  const catalogued = english(`${path}.name`);
  if (catalogued !== name) {
    throw new Error(
      `"${path}.name" is "${catalogued}" in the English catalogue, but the code names it "${name}"`,
    );
  }
  return {
    name,
    name_localizations: localizations(`${path}.name`),
    description: english(`${path}.description`),
    description_localizations: localizations(`${path}.description`),
  };
}

function option(spec: OptionSpec, parent: string): object {
  const path = `${parent}.options.${spec.name}`;
  const { choices, options, ...rest } = spec;
  return {
    ...rest,
    ...words(path, spec.name),
    ...(choices && {
      choices: choices.map((value) => ({
        name: english(`${path}.choices.${value}`),
        name_localizations: localizations(`${path}.choices.${value}`),
        value,
      })),
    }),
    ...(options && { options: options.map((child) => option(child, path)) }),
  };
}

/**
 * The definition Discord registers for `spec`, with every description and choice name from the
 * English catalogue and their localisations from the others. Throws when the English catalogue
 * lacks an entry or names a command differently from the code.
 */
export function localiseCommand(spec: CommandSpec): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const path = `commands.${spec.name}`;
  const { options, ...rest } = spec;
  return {
    ...rest,
    ...words(path, spec.name),
    ...(options && { options: options.map((child) => option(child, path)) }),
  } as RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/**
 * A name or description of a registered definition as a member with `locale` sees it:
 * its localisation for that Discord code, else the English text.
 */
export function localisedText(
  text: string,
  localised: Readonly<Record<string, string | null>> | null | undefined,
  code: string,
): string {
  return localised?.[code] ?? text;
}
