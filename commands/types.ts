/**
 * The contract between command modules and transports (Discord, console, tests).
 * A command module is plain data (its Discord definition) plus handlers that take a small
 * context and return a HandlerResponse; handlers never import discord.js.
 */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Locale } from '../src/i18n/locales.js';
import type { HandlerResponse } from '../src/replies/reply.js';
import type { Services } from '../src/services.js';

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

export interface Invoker {
  readonly id: string;
  readonly displayName: string;
}

/** What the invoking member may do in this guild, resolved by the transport (Administrator implies all). */
export interface MemberAccess {
  readonly manageMessages: boolean;
  readonly manageGuild: boolean;
  readonly roleIds: readonly string[];
}

export interface CommandContext {
  /** Interaction id (Discord) or a generated one (console); quoted in error references. */
  readonly interactionId: string;
  readonly user: Invoker;
  /** Null in direct messages. */
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** The server's name when the transport knows it (Discord); null or absent otherwise. */
  readonly guildName?: string | null;
  /** Null outside a guild. Re-read on every interaction, including buttons and modals. */
  readonly access: MemberAccess | null;
  /**
   * The language to answer this person in: their Discord client's `locale` when the bot speaks
   * it (supportedLocale: en-GB is served by en-US, es-419 by es-ES), else English. Errors,
   * forms and notices use it; an /ask answer uses the search result's language instead.
   */
  readonly locale: Locale;
  /**
   * The server's language as Discord reports it (`guild_locale`, the community's preferred
   * locale) when the bot speaks it; null in DMs, for other languages, and in the console.
   */
  readonly guildLocale: Locale | null;
  readonly services: Services;
}

/** Option values as plain data: user, channel and role options carry the id. */
export type OptionValue = string | number | boolean;

export interface CommandInput {
  readonly subcommandGroup: string | null;
  readonly subcommand: string | null;
  readonly options: Readonly<Record<string, OptionValue>>;
}

export interface AutocompleteInput extends CommandInput {
  /** The option being typed and what has been typed so far. */
  readonly focused: { readonly name: string; readonly value: string };
}

/** A button click, its custom id split as src/replies/custom-id.ts describes. */
export interface ComponentInput {
  readonly action: string;
  readonly args: readonly string[];
  /** The message the button is on. */
  readonly messageId: string | null;
  /**
   * The language of the message the button is on (its custom id's mark, src/replies/custom-id.ts):
   * what the button shows is written in it, whoever clicks. Errors use the clicker's `ctx.locale`.
   */
  readonly locale: Locale;
}

export interface ModalInput {
  readonly action: string;
  readonly args: readonly string[];
  /** Text input values by their custom id. */
  readonly fields: Readonly<Record<string, string>>;
  /** The message whose button opened the form, if a button did. */
  readonly messageId: string | null;
  /** The language of the message the form belongs to (as ComponentInput's), from its custom id. */
  readonly locale: Locale;
}

export interface Choice {
  readonly name: string;
  readonly value: string;
}

type Awaitable<T> = T | Promise<T>;

export interface CommandModule {
  readonly definition: CommandDefinition;
  run(ctx: CommandContext, input: CommandInput): Awaitable<HandlerResponse>;
  autocomplete?(ctx: CommandContext, input: AutocompleteInput): Awaitable<readonly Choice[]>;
  /** Button clicks whose custom id starts with `${definition.name}:`. */
  component?(ctx: CommandContext, input: ComponentInput): Awaitable<HandlerResponse>;
  /** Modal submits whose custom id starts with `${definition.name}:`. */
  modal?(ctx: CommandContext, input: ModalInput): Awaitable<HandlerResponse>;
}
