/**
 * The Outbox (src/replies/outbox.ts) for `npm run serve`, which has no gateway connection and so
 * no discord.js cache: channel posts (with an enforced nonce, so a retried scheduled post is never
 * doubled), edits and direct messages over REST, like the gateway's DiscordOutbox, and the check
 * that the bot can post in a channel computed from REST reads of the guild, the bot's member and
 * the channel. Every message goes through payload.ts, the one outgoing choke point.
 */
import type { REST } from 'discord.js';
import {
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  ChannelType,
  PermissionFlagsBits,
  Routes,
} from 'discord-api-types/v10';
import { messagePayload } from '../../discord/payload.js';
import { toOutboxError } from '../../discord/rest-errors.js';
import type { Logger } from '../../logger.js';
import type { Outbox } from '../../replies/outbox.js';
import type { Reply } from '../../replies/reply.js';
import { channelPermissions } from './channel-permissions.js';

/** Discord accepts nonces of at most 25 characters. */
const NONCE_MAX = 25;

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

const NEEDED = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
] as const;

type GuildChannel = APIChannel & {
  guild_id?: string;
  name?: string | null;
  parent_id?: string | null;
  permission_overwrites?: { id: string; type: number; allow: string; deny: string }[];
};

export class RestOutbox implements Outbox {
  constructor(
    private readonly rest: REST,
    /** The bot's own user id (GET /users/@me at start-up): whose permissions checkCanPost computes. */
    private readonly botUserId: string,
    private readonly logger: Logger,
    /** Aborted at shutdown: posts in progress (retries, a 429's wait included) give up at once. */
    private readonly signal?: AbortSignal,
  ) {}

  async postToChannel(
    channelId: string,
    reply: Reply,
    options: { readonly nonce?: string } = {},
  ): Promise<{ messageId: string }> {
    const body = {
      ...messagePayload(reply, 'create'),
      ...(options.nonce !== undefined && { nonce: options.nonce.slice(0, NONCE_MAX), enforce_nonce: true }),
    };
    // Ephemeral only exists for interaction replies.
    delete body.flags;
    try {
      const message = (await this.linked((signal) =>
        this.rest.post(Routes.channelMessages(channelId), { body, ...(signal && { signal }) }),
      )) as { id: string };
      return { messageId: message.id };
    } catch (error) {
      throw toOutboxError(error, `posting to channel ${channelId}`);
    }
  }

  async editChannelMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    try {
      await this.linked((signal) =>
        this.rest.patch(Routes.channelMessage(channelId, messageId), {
          body: messagePayload(reply, 'edit'),
          ...(signal && { signal }),
        }),
      );
    } catch (error) {
      throw toOutboxError(error, `editing message ${messageId} in channel ${channelId}`);
    }
  }

  async sendDirectMessage(userId: string, reply: Reply): Promise<boolean> {
    try {
      const channel = (await this.linked((signal) =>
        this.rest.post(Routes.userChannels(), { body: { recipient_id: userId }, ...(signal && { signal }) }),
      )) as { id: string };
      await this.postToChannel(channel.id, { ...reply, ephemeral: false });
      return true;
    } catch (error) {
      this.logger.info(
        { userId, reason: toOutboxError(error, 'direct message').message },
        'direct message not delivered',
      );
      return false;
    }
  }

  /**
   * Null when the bot has View Channel, Send Messages (in threads: Send Messages in Threads) and
   * Embed Links in the channel; otherwise what a moderator should fix, in the same words as the
   * gateway's check. Three REST reads, made together; used when a channel is chosen, not per post.
   */
  async checkCanPost(guildId: string, channelId: string): Promise<string | null> {
    const [guild, member, channel] = await Promise.allSettled([
      this.read<APIGuild>(Routes.guild(guildId)),
      this.read<APIGuildMember>(Routes.guildMember(guildId, this.botUserId)),
      this.read<GuildChannel>(Routes.channel(channelId)),
    ]);
    if (guild.status === 'rejected' || member.status === 'rejected') {
      return 'I am not in that server, or it is unavailable right now.';
    }
    if (channel.status === 'rejected' || channel.value.guild_id !== guildId) {
      return `I cannot find channel ${channelId}: it may have been deleted, or I cannot see it.`;
    }
    const found = channel.value;
    const name = found.name ?? channelId;
    if (!TEXT_BASED.has(found.type)) return `#${name} does not take text messages; pick a text channel.`;
    const isThread = THREADS.has(found.type);
    // A thread has no overwrites of its own: its parent's apply.
    let overwrites = found.permission_overwrites ?? [];
    if (isThread && found.parent_id) {
      try {
        overwrites =
          (await this.read<GuildChannel>(Routes.channel(found.parent_id))).permission_overwrites ?? [];
      } catch {
        return `I cannot find channel ${channelId}: it may have been deleted, or I cannot see it.`;
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
    const sendFlag = isThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
    const missing = NEEDED.filter(([label, flag]) => {
      const needed = label === 'Send Messages' ? sendFlag : flag;
      return (bits & needed) !== needed;
    }).map(([label]) => label);
    if (missing.length === 0) return null;
    const list = missing.map((m) => `**${m}**`).join(', ');
    return `I need the ${list} permission${missing.length === 1 ? '' : 's'} in #${name}; a server admin can grant it in the channel's settings.`;
  }

  private read<T>(route: `/${string}`): Promise<T> {
    return this.linked((signal) => this.rest.get(route, signal ? { signal } : {})) as Promise<T>;
  }

  /**
   * Runs one REST call with its own signal, aborted when the shutdown signal is (discord.js keeps
   * an abort listener on every request's signal, so the long-lived one is never handed over).
   */
  private async linked<T>(call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const shutdown = this.signal;
    if (!shutdown) return call(undefined);
    const controller = new AbortController();
    const abort = () => controller.abort(shutdown.reason);
    if (shutdown.aborted) abort();
    else shutdown.addEventListener('abort', abort, { once: true });
    try {
      return await call(controller.signal);
    } finally {
      shutdown.removeEventListener('abort', abort);
    }
  }
}
