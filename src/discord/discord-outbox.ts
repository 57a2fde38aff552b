/**
 * The Outbox (src/replies/outbox.ts) on Discord: channel posts with an enforced nonce so a retried
 * scheduled post is never doubled, direct messages, and a permission check against discord.js's
 * cache (channels, roles, overwrites from GUILD_CREATE) so a moderator learns what to fix before
 * the first post fails. Every message goes through payload.ts like interaction replies do.
 */
import { type Client, PermissionFlagsBits, PermissionsBitField, Routes } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../replies/outbox.js';
import type { Reply } from '../replies/reply.js';
import { messagePayload } from './payload.js';
import { toOutboxError } from './rest-errors.js';

/** Discord accepts nonces of at most 25 characters. */
const NONCE_MAX = 25;

const NEEDED = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
] as const;

export class DiscordOutbox implements Outbox {
  constructor(
    private readonly client: Client,
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
        this.client.rest.post(Routes.channelMessages(channelId), { body, ...(signal && { signal }) }),
      )) as { id: string };
      return { messageId: message.id };
    } catch (error) {
      throw toOutboxError(error, `posting to channel ${channelId}`);
    }
  }

  async editChannelMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    try {
      await this.linked((signal) =>
        this.client.rest.patch(Routes.channelMessage(channelId, messageId), {
          body: messagePayload(reply, 'edit'),
          ...(signal && { signal }),
        }),
      );
    } catch (error) {
      throw toOutboxError(error, `editing message ${messageId} in channel ${channelId}`);
    }
  }

  /**
   * Runs one REST call with its own signal, aborted when the shutdown signal is. discord.js adds
   * an abort listener to the signal of every request and never removes it: handing it the
   * long-lived shutdown signal itself would keep one listener per post for the life of the bot
   * (and Node warns of a leak after ten).
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

  async sendDirectMessage(userId: string, reply: Reply): Promise<boolean> {
    try {
      const channel = (await this.linked((signal) =>
        this.client.rest.post(Routes.userChannels(), {
          body: { recipient_id: userId },
          ...(signal && { signal }),
        }),
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

  async checkCanPost(guildId: string, channelId: string): Promise<string | null> {
    const guild = this.client.guilds.cache.get(guildId);
    if (!guild?.available) return 'I am not in that server, or it is unavailable right now.';
    const channel = guild.channels.cache.get(channelId);
    if (!channel) return `I cannot find channel ${channelId}: it may have been deleted, or I cannot see it.`;
    if (!channel.isTextBased()) return `#${channel.name} does not take text messages; pick a text channel.`;
    const me = guild.members.me;
    if (!me) return 'I cannot see my own membership in that server yet; try again in a minute.';
    const permissions = channel.permissionsFor(me) ?? new PermissionsBitField();
    const sendFlag = channel.isThread()
      ? PermissionFlagsBits.SendMessagesInThreads
      : PermissionFlagsBits.SendMessages;
    const missing = NEEDED.filter(([name, flag]) => {
      const needed = name === 'Send Messages' ? sendFlag : flag;
      return !permissions.has(needed);
    }).map(([name]) => name);
    if (missing.length === 0) return null;
    const list = missing.map((m) => `**${m}**`).join(', ');
    return `I need the ${list} permission${missing.length === 1 ? '' : 's'} in #${channel.name}; a server admin can grant it in the channel's settings.`;
  }
}
