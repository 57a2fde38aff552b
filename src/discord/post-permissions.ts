/**
 * What the bot needs to post in a channel (View Channel, Send Messages or in a thread Send
 * Messages in Threads, Embed Links), and which of them are missing, as a PostProblem code.
 * Both Outboxes' checkCanPost use it, whether the permissions come from discord.js's cache
 * (gateway) or from REST reads (`npm run serve`), so the two always report the same thing.
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { PostPermission, PostProblem } from '../replies/post-problem.js';

const NEEDED = [
  ['viewChannel', PermissionFlagsBits.ViewChannel],
  ['sendMessages', PermissionFlagsBits.SendMessages],
  ['embedLinks', PermissionFlagsBits.EmbedLinks],
] as const satisfies readonly (readonly [PostPermission, bigint])[];

/**
 * Null when `has` grants every needed permission in the channel named `channelName` (a thread
 * needs Send Messages in Threads instead of Send Messages); otherwise the missing ones, for the
 * command that chose the channel to name (src/replies/post-problem.ts).
 */
export function missingPostPermissions(
  has: (flag: bigint) => boolean,
  isThread: boolean,
  channelName: string,
): PostProblem | null {
  const sendFlag = isThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  const missing = NEEDED.filter(([name, flag]) => !has(name === 'sendMessages' ? sendFlag : flag)).map(
    ([name]) => name,
  );
  return missing.length === 0 ? null : { code: 'missing-permissions', channelName, missing };
}
