/**
 * A verified interaction's JSON (API v10, as Discord POSTs it to the endpoint) -> the same
 * transport-agnostic pieces the gateway path builds from discord.js objects
 * (src/discord/interaction-input.ts): who asks and where, the member's permissions read from this
 * very interaction (buttons and modals included, so a member who lost a role loses its powers at
 * once), and the options, custom id or form fields as plain data. The envelope is checked with zod:
 * only signed requests get here, but a payload we cannot read must be a clear 400, never a crash.
 */
import { InteractionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';
import type {
  AutocompleteInput,
  CommandContext,
  CommandInput,
  Invoker,
  MemberAccess,
} from '../../../commands/types.js';
import { readCommandOptions } from '../../discord/command-options.js';
import { DEFAULT_LOCALE, type Locale, supportedLocale } from '../../i18n/locales.js';
import type { Services } from '../../services.js';

const id = z.string().regex(/^\d{1,20}$/);
const user = z.object({ id, username: z.string(), global_name: z.string().nullish() });

const envelopeSchema = z.object({
  id,
  application_id: id,
  type: z.number().int(),
  token: z.string().min(1).max(500),
  guild_id: id.optional(),
  channel_id: id.optional(),
  channel: z.object({ id }).optional(),
  member: z
    .object({
      user,
      nick: z.string().nullish(),
      roles: z.array(id),
      /** The member's permissions in this channel, overwrites applied: a decimal bit field. */
      permissions: z.string().regex(/^\d{1,40}$/),
    })
    .optional(),
  user: user.optional(),
  data: z.unknown().optional(),
  message: z.object({ id }).optional(),
  /** The user's client language; on every interaction but PING. */
  locale: z.string().max(20).optional(),
  /** The server's preferred language; in guilds only. */
  guild_locale: z.string().max(20).nullish(),
});

interface RawOption {
  readonly name: string;
  readonly type: number;
  readonly value?: string | number | boolean | undefined;
  readonly focused?: boolean | undefined;
  readonly options?: readonly RawOption[] | undefined;
}

const optionSchema: z.ZodType<RawOption> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.number().int(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    focused: z.boolean().optional(),
    options: z.array(optionSchema).optional(),
  }),
);

const commandDataSchema = z.object({
  name: z.string().min(1),
  /** 1 = slash command; user and message commands (2, 3) are not the bot's. */
  type: z.number().int().optional(),
  options: z.array(optionSchema).optional(),
});
const componentDataSchema = z.object({ custom_id: z.string(), component_type: z.number().int() });
const modalDataSchema = z.object({ custom_id: z.string(), components: z.array(z.unknown()) });

/** What every interaction carries, whatever its kind. */
export interface InteractionBase {
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string | null;
  readonly channelId: string | null;
  readonly user: Invoker;
  /** Null outside a guild. */
  readonly access: MemberAccess | null;
  /** The user's language when the bot speaks it (supportedLocale), else English. */
  readonly locale: Locale;
  /** The server's language when the bot speaks it; null in DMs and for other languages. */
  readonly guildLocale: Locale | null;
}

export type ParsedInteraction =
  | { readonly kind: 'ping'; readonly id: string }
  | {
      readonly kind: 'command';
      readonly base: InteractionBase;
      readonly command: string;
      readonly input: CommandInput;
    }
  | {
      readonly kind: 'autocomplete';
      readonly base: InteractionBase;
      readonly command: string;
      readonly input: AutocompleteInput;
    }
  | {
      readonly kind: 'component';
      readonly base: InteractionBase;
      readonly customId: string;
      readonly messageId: string | null;
    }
  | {
      readonly kind: 'modal';
      readonly base: InteractionBase;
      readonly customId: string;
      readonly fields: Record<string, string>;
      readonly messageId: string | null;
    }
  /** Something the bot does not handle (a user or message command, a select menu): answered 400. */
  | { readonly kind: 'unsupported'; readonly base: InteractionBase; readonly what: string };

/** The payload could not be read: the message says which part, never echoing values. */
export class InteractionPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InteractionPayloadError';
  }
}

function hasPermission(bits: bigint, flag: bigint): boolean {
  // As discord.js's PermissionsBitField.has (checkAdmin defaults to true): Administrator implies all.
  return (bits & PermissionFlagsBits.Administrator) !== 0n || (bits & flag) === flag;
}

/**
 * The member's rights from a guild interaction's `member.permissions` (already computed by
 * Discord for this channel) and `member.roles`; null in a DM. Administrator implies both flags.
 */
export function memberAccess(
  member: { roles: readonly string[]; permissions: string } | undefined,
): MemberAccess | null {
  if (!member) return null;
  const bits = BigInt(member.permissions);
  return {
    manageMessages: hasPermission(bits, PermissionFlagsBits.ManageMessages),
    manageGuild: hasPermission(bits, PermissionFlagsBits.ManageGuild),
    roleIds: [...member.roles],
  };
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InteractionPayloadError(
    `${what}: ${issue ? `${issue.path.join('.') || 'value'} ${issue.message}` : 'invalid'}`,
  );
}

/**
 * Text input values by custom id, wherever the form nests them: in action rows (`components`) or,
 * in the newer layout, in labels (`component`).
 */
export function modalFields(components: readonly unknown[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const visit = (node: unknown, depth: number): void => {
    if (depth > 4 || typeof node !== 'object' || node === null) return;
    const item = node as { custom_id?: unknown; value?: unknown; components?: unknown; component?: unknown };
    if (typeof item.custom_id === 'string' && typeof item.value === 'string')
      fields[item.custom_id] = item.value;
    if (Array.isArray(item.components)) for (const child of item.components) visit(child, depth + 1);
    if (item.component !== undefined) visit(item.component, depth + 1);
  };
  for (const component of components) visit(component, 0);
  return fields;
}

/**
 * Reads one interaction. Throws InteractionPayloadError when a field the bot relies on is missing
 * or of the wrong shape; other fields are ignored, so new ones Discord adds change nothing.
 */
export function parseInteraction(json: unknown): ParsedInteraction {
  const envelope = parseWith(envelopeSchema, json, 'interaction');
  if (envelope.type === InteractionType.Ping) return { kind: 'ping', id: envelope.id };
  const who = envelope.member?.user ?? envelope.user;
  if (!who) throw new InteractionPayloadError('interaction: neither member.user nor user is present');
  const base: InteractionBase = {
    id: envelope.id,
    token: envelope.token,
    applicationId: envelope.application_id,
    guildId: envelope.guild_id ?? null,
    channelId: envelope.channel_id ?? envelope.channel?.id ?? null,
    user: {
      id: who.id,
      // As discord.js's displayName: the server nickname, else the global name, else the username.
      displayName: envelope.member?.nick || who.global_name || who.username,
    },
    access: envelope.guild_id ? memberAccess(envelope.member) : null,
    locale: supportedLocale(envelope.locale) ?? DEFAULT_LOCALE,
    guildLocale: envelope.guild_id ? supportedLocale(envelope.guild_locale) : null,
  };
  const messageId = envelope.message?.id ?? null;

  switch (envelope.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete: {
      const data = parseWith(commandDataSchema, envelope.data, 'interaction data');
      if (data.type !== undefined && data.type !== 1) {
        return { kind: 'unsupported', base, what: `application command of type ${data.type}` };
      }
      const { focused, ...input } = readCommandOptions(data.options);
      if (envelope.type === InteractionType.ApplicationCommand) {
        return { kind: 'command', base, command: data.name, input };
      }
      if (!focused) throw new InteractionPayloadError('autocomplete: no option is focused');
      return {
        kind: 'autocomplete',
        base,
        command: data.name,
        input: { ...input, focused: { name: focused.name, value: String(focused.value ?? '') } },
      };
    }
    case InteractionType.MessageComponent: {
      const data = parseWith(componentDataSchema, envelope.data, 'interaction data');
      // Buttons only, as on the gateway path: the bot sends no select menus.
      if (data.component_type !== 2) {
        return { kind: 'unsupported', base, what: `component of type ${data.component_type}` };
      }
      return { kind: 'component', base, customId: data.custom_id, messageId };
    }
    case InteractionType.ModalSubmit: {
      const data = parseWith(modalDataSchema, envelope.data, 'interaction data');
      return {
        kind: 'modal',
        base,
        customId: data.custom_id,
        fields: modalFields(data.components),
        messageId,
      };
    }
    default:
      return { kind: 'unsupported', base, what: `interaction of type ${envelope.type}` };
  }
}

/** The handlers' context for one interaction. `guildName` comes from REST (see guild-names.ts). */
export function commandContext(
  base: InteractionBase,
  services: Services,
  guildName: string | null,
): CommandContext {
  return {
    interactionId: base.id,
    user: base.user,
    guildId: base.guildId,
    guildName,
    channelId: base.channelId,
    access: base.access,
    locale: base.locale,
    guildLocale: base.guildLocale,
    services,
  };
}
