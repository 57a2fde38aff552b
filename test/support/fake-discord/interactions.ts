/**
 * INTERACTION_CREATE payloads shaped like Discord's API v10 ones (discord.js parses them, so
 * every field it reads is present): slash commands, autocomplete, button clicks, modal submits.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionType,
} from 'discord-api-types/v10';
import { channelPayload, type FakeGuild } from './guilds.js';
import { nextInteractionToken, nextSnowflake } from './ids.js';
import { PERMISSIONS, permissionString } from './permissions.js';

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly globalName?: string;
}

/** A typed option value, for option types a plain value cannot express (user, channel, role). */
export interface TypedOption {
  readonly type: ApplicationCommandOptionType;
  readonly value: string | number | boolean;
}

export type OptionInput = string | number | boolean | TypedOption;

/** Who acts, and where. Every field has a default: an ordinary member in the default guild's first channel. */
export interface Actor {
  readonly user?: FakeUser;
  /** Guild id; null for a direct message. Default: the stand-in's default guild. */
  readonly guild?: string | null;
  /** Channel id. Default: the guild's first channel. */
  readonly channel?: string;
  /** The member's permissions in the channel. Default PERMISSIONS.member. */
  readonly permissions?: bigint | string;
  readonly roles?: readonly string[];
  readonly locale?: string;
}

export const DEFAULT_USER: FakeUser = { id: '310000000000000001', username: 'curious.member' };

export function userPayload(user: FakeUser) {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName ?? null,
    discriminator: '0',
    avatar: null,
    bot: false,
    public_flags: 0,
  };
}

export function optionPayloads(options: Readonly<Record<string, OptionInput>>, focused?: string) {
  return Object.entries(options).map(([name, input]) => {
    const typed: TypedOption =
      typeof input === 'object'
        ? input
        : {
            type:
              typeof input === 'boolean'
                ? ApplicationCommandOptionType.Boolean
                : typeof input === 'number'
                  ? Number.isInteger(input)
                    ? ApplicationCommandOptionType.Integer
                    : ApplicationCommandOptionType.Number
                  : ApplicationCommandOptionType.String,
            value: input,
          };
    return { name, type: typed.type, value: typed.value, ...(name === focused && { focused: true }) };
  });
}

export function nestOptions(
  leaves: ReturnType<typeof optionPayloads>,
  subcommand?: string,
  subcommandGroup?: string,
): unknown[] {
  if (subcommand === undefined) return leaves;
  const sub = { name: subcommand, type: ApplicationCommandOptionType.Subcommand, options: leaves };
  if (subcommandGroup === undefined) return [sub];
  return [{ name: subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options: [sub] }];
}

export interface InteractionEnvelope {
  readonly id: string;
  readonly token: string;
  readonly payload: Record<string, unknown>;
}

export function buildInteraction(
  type: InteractionType,
  data: Record<string, unknown>,
  context: {
    readonly applicationId: string;
    readonly actor: Actor;
    readonly guild: FakeGuild | null;
    readonly botPermissions: bigint;
    readonly message?: Record<string, unknown>;
  },
): InteractionEnvelope {
  const id = nextSnowflake();
  const token = nextInteractionToken();
  const { actor, guild } = context;
  const user = userPayload(actor.user ?? DEFAULT_USER);
  const channel = guild?.channels.find((c) => c.id === actor.channel) ?? guild?.channels[0];
  const channelId = actor.channel ?? channel?.id ?? nextSnowflake();
  const locale = actor.locale ?? 'en-US';
  const payload: Record<string, unknown> = {
    id,
    application_id: context.applicationId,
    type,
    token,
    version: 1,
    data,
    locale,
    app_permissions: context.botPermissions.toString(),
    entitlements: [],
    attachment_size_limit: 10_485_760,
    channel_id: channelId,
    ...(context.message && { message: context.message }),
  };
  if (guild) {
    Object.assign(payload, {
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.locale, features: [] },
      guild_locale: guild.locale,
      channel: channel ? channelPayload(guild, channel) : { id: channelId, type: ChannelType.GuildText },
      member: {
        user,
        nick: null,
        avatar: null,
        roles: [...(actor.roles ?? [])],
        joined_at: new Date(0).toISOString(),
        premium_since: null,
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        permissions: permissionString(actor.permissions ?? PERMISSIONS.member),
        communication_disabled_until: null,
      },
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
    });
  } else {
    Object.assign(payload, {
      user,
      channel: { id: channelId, type: ChannelType.DM, recipients: [user] },
      authorizing_integration_owners: { '0': guild },
      context: 1,
    });
  }
  return { id, token, payload };
}

export function commandData(
  commandId: string,
  name: string,
  options: unknown[],
  guildId: string | null,
): Record<string, unknown> {
  return {
    id: commandId,
    name,
    type: ApplicationCommandType.ChatInput,
    options,
    ...(guildId && { guild_id: guildId }),
  };
}

export function buttonData(customId: string): Record<string, unknown> {
  return { custom_id: customId, component_type: ComponentType.Button };
}

export function modalData(
  customId: string,
  fields: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return {
    custom_id: customId,
    components: Object.entries(fields).map(([fieldId, value]) => ({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.TextInput, custom_id: fieldId, value }],
    })),
  };
}

export { InteractionType };
