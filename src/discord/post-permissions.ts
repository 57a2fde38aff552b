/**
 * What the bot needs to post in a channel (View Channel, Send Messages or in a thread Send
 * Messages in Threads, Embed Links) and the words a moderator reads when something is missing.
 * Both Outboxes' checkCanPost use it, whether the permissions come from discord.js's cache
 * (gateway) or from REST reads (`npm run serve`), so the two always say the same thing.
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';

const NEEDED = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
] as const;

/** Why the bot cannot post, for the cases before permissions are looked at. */
export const CANNOT_POST = {
  notInGuild: 'I am not in that server, or it is unavailable right now.',
  channelNotFound: (channelId: string) =>
    `I cannot find channel ${channelId}: it may have been deleted, or I cannot see it.`,
  notText: (channelName: string) => `#${channelName} does not take text messages; pick a text channel.`,
} as const;

/**
 * Null when `has` grants every needed permission in the channel named `channelName` (a thread
 * needs Send Messages in Threads instead of Send Messages); otherwise the sentence naming the
 * missing ones in bold, for a moderator to fix in the channel's settings.
 */
export function missingPostPermissions(
  has: (flag: bigint) => boolean,
  isThread: boolean,
  channelName: string,
): string | null {
  const sendFlag = isThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  const missing = NEEDED.filter(([label, flag]) => !has(label === 'Send Messages' ? sendFlag : flag)).map(
    ([label]) => label,
  );
  if (missing.length === 0) return null;
  const list = missing.map((m) => `**${m}**`).join(', ');
  return `I need the ${list} permission${missing.length === 1 ? '' : 's'} in #${channelName}; a server admin can grant it in the channel's settings.`;
}
