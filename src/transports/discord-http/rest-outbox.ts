/**
 * The Outbox (src/replies/outbox.ts) for `npm run serve`, which has no gateway connection and so
 * no discord.js cache: channel posts, edits and direct messages over REST, shared with the
 * gateway's DiscordOutbox (src/discord/rest-channel-messages.ts), and the check that the bot can
 * post in a channel computed from REST reads of the guild, the bot's member and the channel. Every
 * message goes through payload.ts, the one outgoing choke point.
 */
import type { REST } from 'discord.js';
import {
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  ChannelType,
  Routes,
} from 'discord-api-types/v10';
import { missingPostPermissions } from '../../discord/post-permissions.js';
import { RestChannelMessages } from '../../discord/rest-channel-messages.js';
import type { Logger } from '../../logger.js';
import type { Outbox } from '../../replies/outbox.js';
import type { PostProblem } from '../../replies/post-problem.js';
import { channelPermissions } from './channel-permissions.js';

const THREADS = new Set<number>([
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);
/** Channels that take messages, as discord.js's isTextBased (direct messages aside). */
const TEXT_BASED = new Set<number>([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ...THREADS,
]);

type GuildChannel = APIChannel & {
  guild_id?: string;
  name?: string | null;
  parent_id?: string | null;
  permission_overwrites?: { id: string; type: number; allow: string; deny: string }[];
};

/** A server's language is read again after this long, so a change in its settings shows within the hour. */
const GUILD_LOCALE_KEEP_MS = 60 * 60_000;
const GUILD_LOCALE_CAPACITY = 10_000;

export class RestOutbox extends RestChannelMessages implements Outbox {
  private readonly guildLocales = new Map<string, { locale: string | null; until: number }>();

  constructor(
    rest: REST,
    /** The bot's own user id (GET /users/@me at start-up): whose permissions checkCanPost computes. */
    private readonly botUserId: string,
    logger: Logger,
    /** Aborted at shutdown: posts in progress (retries, a 429's wait included) give up at once. */
    signal?: AbortSignal,
  ) {
    super(rest, logger, signal);
  }

  /**
   * The server's `preferred_locale` from GET /guilds/{id} (there is no gateway cache here), kept
   * for an hour per server and bounded in number; null when the read fails. Used for posts of
   * the bot's own, not per interaction. Never rejects.
   */
  async guildLocale(guildId: string): Promise<string | null> {
    const now = Date.now();
    const kept = this.guildLocales.get(guildId);
    if (kept && kept.until > now) return kept.locale;
    let locale: string | null = null;
    try {
      locale = (await this.read<APIGuild>(Routes.guild(guildId))).preferred_locale ?? null;
    } catch {
      // Unknown for now: the caller falls back to English, and the next post asks again.
      return null;
    }
    if (this.guildLocales.size >= GUILD_LOCALE_CAPACITY) {
      const oldest = this.guildLocales.keys().next().value;
      if (oldest !== undefined) this.guildLocales.delete(oldest);
    }
    this.guildLocales.set(guildId, { locale, until: now + GUILD_LOCALE_KEEP_MS });
    return locale;
  }

  /**
   * Null when the bot has View Channel, Send Messages (in threads: Send Messages in Threads) and
   * Embed Links in the channel; otherwise what a moderator should fix, as the gateway's check
   * reports it (post-permissions.ts). Three REST reads, made together; used when a channel is
   * chosen, not per post.
   */
  async checkCanPost(guildId: string, channelId: string): Promise<PostProblem | null> {
    const [guild, member, channel] = await Promise.allSettled([
      this.read<APIGuild>(Routes.guild(guildId)),
      this.read<APIGuildMember>(Routes.guildMember(guildId, this.botUserId)),
      this.read<GuildChannel>(Routes.channel(channelId)),
    ]);
    if (guild.status === 'rejected' || member.status === 'rejected') return { code: 'not-in-guild' };
    if (channel.status === 'rejected' || channel.value.guild_id !== guildId) {
      return { code: 'channel-not-found', channelId };
    }
    const found = channel.value;
    const name = found.name ?? channelId;
    if (!TEXT_BASED.has(found.type)) return { code: 'not-text', channelName: name };
    const isThread = THREADS.has(found.type);
    // A thread has no overwrites of its own: its parent's apply.
    let overwrites = found.permission_overwrites ?? [];
    if (isThread && found.parent_id) {
      try {
        overwrites =
          (await this.read<GuildChannel>(Routes.channel(found.parent_id))).permission_overwrites ?? [];
      } catch {
        return { code: 'channel-not-found', channelId };
      }
    }
    const bits = channelPermissions({
      guildId,
      ownerId: guild.value.owner_id,
      roles: guild.value.roles,
      memberId: this.botUserId,
      memberRoleIds: member.value.roles,
      overwrites,
    });
    return missingPostPermissions((flag) => (bits & flag) === flag, isThread, name);
  }
}
