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
import { CANNOT_POST, missingPostPermissions } from './post-permissions.js';
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

  /** Null when the bot may post in the channel; otherwise what a moderator should fix (post-permissions.ts). */
  async checkCanPost(guildId: string, channelId: string): Promise<string | null> {
    const guild = this.client.guilds.cache.get(guildId);
    if (!guild?.available) return CANNOT_POST.notInGuild;
    const channel = guild.channels.cache.get(channelId);
    if (!channel) return CANNOT_POST.channelNotFound(channelId);
    if (!channel.isTextBased()) return CANNOT_POST.notText(channel.name);
    const me = guild.members.me;
    if (!me) return 'I cannot see my own membership in that server yet; try again in a minute.';
    const permissions = channel.permissionsFor(me) ?? new PermissionsBitField();
    return missingPostPermissions((flag) => permissions.has(flag), channel.isThread(), channel.name);
  }
}
