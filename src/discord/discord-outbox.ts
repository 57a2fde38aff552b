/**
 * The Outbox (src/replies/outbox.ts) on Discord: channel posts, edits and direct messages over
 * REST (rest-channel-messages.ts, shared with `npm run serve`), and a permission check against
 * discord.js's cache (channels, roles, overwrites from GUILD_CREATE) so a moderator learns what
 * to fix before the first post fails. Every message goes through payload.ts like interaction
 * replies do.
 */
import { type Client, PermissionsBitField } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../replies/outbox.js';
import type { PostProblem } from '../replies/post-problem.js';
import { missingPostPermissions } from './post-permissions.js';
import { RestChannelMessages } from './rest-channel-messages.js';

export class DiscordOutbox extends RestChannelMessages implements Outbox {
  constructor(
    private readonly client: Client,
    logger: Logger,
    /** Aborted at shutdown: posts in progress (retries, a 429's wait included) give up at once. */
    signal?: AbortSignal,
  ) {
    super(client.rest, logger, signal);
  }

  /** From discord.js's cache of the guild (GUILD_CREATE and GUILD_UPDATE keep it current). */
  async guildLocale(guildId: string): Promise<string | null> {
    return this.client.guilds.cache.get(guildId)?.preferredLocale ?? null;
  }

  /** Null when the bot may post in the channel; otherwise what a moderator should fix (post-permissions.ts). */
  async checkCanPost(guildId: string, channelId: string): Promise<PostProblem | null> {
    const guild = this.client.guilds.cache.get(guildId);
    if (!guild?.available) return { code: 'not-in-guild' };
    const channel = guild.channels.cache.get(channelId);
    if (!channel) return { code: 'channel-not-found', channelId };
    if (!channel.isTextBased()) return { code: 'not-text', channelName: channel.name };
    const me = guild.members.me;
    if (!me) return { code: 'no-own-member' };
    const permissions = channel.permissionsFor(me) ?? new PermissionsBitField();
    return missingPostPermissions((flag) => permissions.has(flag), channel.isThread(), channel.name);
  }
}
