/**
 * The stand-in's servers: channels, roles and the bot's own member, sent in GUILD_CREATE so
 * discord.js can compute the bot's permissions in each channel exactly as it would on Discord.
 */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { nextSnowflake } from './ids.js';
import { PERMISSIONS } from './permissions.js';

export interface ChannelSetup {
  readonly id?: string;
  readonly name?: string;
  /** False: a channel overwrite denies the bot Send Messages here. Default true. */
  readonly botCanPost?: boolean;
  /** False: a channel overwrite denies the bot View Channel here. Default true. */
  readonly botCanView?: boolean;
}

export interface RoleSetup {
  readonly id?: string;
  readonly name: string;
  /** Guild-wide permissions the role grants. Default none. */
  readonly permissions?: bigint;
}

export interface FakeRole {
  readonly id: string;
  readonly name: string;
  readonly permissions: bigint;
}

export interface GuildSetup {
  readonly id?: string;
  readonly name?: string;
  /** Roles members can have (interaction `roles` should name these). Default: one "Moderators" role. */
  readonly roles?: readonly RoleSetup[];
  /** Default: one text channel named "general" where the bot may post. */
  readonly channels?: readonly ChannelSetup[];
  /** The bot role's permissions. Default PERMISSIONS.bot. */
  readonly botPermissions?: bigint;
  /** The server's language (`preferred_locale`, sent as interactions' `guild_locale`). Default en-US. */
  readonly locale?: string;
}

export interface FakeChannel {
  readonly id: string;
  readonly name: string;
  readonly botCanPost: boolean;
  readonly botCanView: boolean;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly botRoleId: string;
  readonly botPermissions: bigint;
  readonly channels: readonly FakeChannel[];
  readonly roles: readonly FakeRole[];
  /** Discord's `preferred_locale` for the guild. */
  readonly locale: string;
}

/**
 * The shard Discord sends a guild's events to: `(guild_id >> 22) % shard_count` (Discord's
 * "Sharding formula"). Written here on its own, not imported from the bot, so that a wrong
 * formula in the bot shows up as a test failure rather than agreeing with itself.
 */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * A guild id (snowflake-shaped, unique in this process) that lands on `shard` of `shardCount`,
 * for tests that need guilds on particular shards.
 */
export function guildIdOnShard(shard: number, shardCount: number): string {
  const id = BigInt(nextSnowflake());
  const count = BigInt(shardCount);
  const top = id >> 22n;
  // Move the bits above 22 up to the next value on that shard; the low bits keep it unique.
  const onShard = top + ((BigInt(shard) - (top % count) + count) % count);
  return String((onShard << 22n) | (id & 0x3f_ff_ffn));
}

export function createGuild(setup: GuildSetup): FakeGuild {
  const channels = (setup.channels ?? [{ name: 'general' }]).map((c, i) => ({
    id: c.id ?? nextSnowflake(),
    name: c.name ?? `channel-${i + 1}`,
    botCanPost: c.botCanPost ?? true,
    botCanView: c.botCanView ?? true,
  }));
  return {
    id: setup.id ?? nextSnowflake(),
    name: setup.name ?? 'Test server',
    ownerId: nextSnowflake(),
    botRoleId: nextSnowflake(),
    botPermissions: setup.botPermissions ?? PERMISSIONS.bot,
    locale: setup.locale ?? 'en-US',
    channels,
    roles: (setup.roles ?? [{ name: 'Moderators', permissions: PermissionFlagsBits.ManageMessages }]).map(
      (r) => ({
        id: r.id ?? nextSnowflake(),
        name: r.name,
        permissions: r.permissions ?? 0n,
      }),
    ),
  };
}

function role(id: string, name: string, permissions: bigint, position: number) {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: position === 1,
    mentionable: false,
    flags: 0,
  };
}

export function channelPayload(guild: FakeGuild, channel: FakeChannel, position = 0) {
  let deny = 0n;
  if (!channel.botCanPost) deny |= PermissionFlagsBits.SendMessages;
  if (!channel.botCanView) deny |= PermissionFlagsBits.ViewChannel;
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: guild.id,
    name: channel.name,
    position,
    topic: null,
    nsfw: false,
    parent_id: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    permission_overwrites:
      deny === 0n ? [] : [{ id: guild.botRoleId, type: 0, allow: '0', deny: deny.toString() }],
  };
}

export function guildCreatePayload(guild: FakeGuild, botUser: object) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.locale,
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    unavailable: false,
    large: false,
    member_count: 2,
    joined_at: new Date(0).toISOString(),
    roles: [
      // @everyone has the guild's id and no permissions, so only the bot role grants any.
      role(guild.id, '@everyone', 0n, 0),
      role(guild.botRoleId, 'Meta Connected', guild.botPermissions, 1),
      ...guild.roles.map((r, i) => role(r.id, r.name, r.permissions, i + 2)),
    ],
    emojis: [],
    stickers: [],
    channels: guild.channels.map((c, i) => channelPayload(guild, c, i)),
    threads: [],
    members: [
      {
        user: botUser,
        nick: null,
        avatar: null,
        roles: [guild.botRoleId],
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
      },
    ],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
