/**
 * Why the bot cannot post in a channel, as a code with its data: what Outbox.checkCanPost
 * reports, whichever transport looked (discord.js's cache or REST reads), and what the command
 * that chose the channel turns into words in the reader's language (describePostProblem).
 */
import { formatList } from '../i18n/format.js';
import type { Translator } from '../i18n/messages.js';

/** The channel permissions the bot needs to post a message with an embed. */
export type PostPermission = 'viewChannel' | 'sendMessages' | 'embedLinks';

export type PostProblem =
  /** The bot is not in the server, or the server is unavailable. */
  | { readonly code: 'not-in-guild' }
  | { readonly code: 'channel-not-found'; readonly channelId: string }
  /** A voice or category channel, say. */
  | { readonly code: 'not-text'; readonly channelName: string }
  /** The gateway has not told the bot its own membership yet. */
  | { readonly code: 'no-own-member' }
  | {
      readonly code: 'missing-permissions';
      readonly channelName: string;
      /** In the order Discord's channel settings list them. */
      readonly missing: readonly PostPermission[];
    };

/** One sentence (with its full stop) a moderator can act on, in `tr`'s language. */
export function describePostProblem(problem: PostProblem, tr: Translator): string {
  switch (problem.code) {
    case 'not-in-guild':
      return tr('posting.notInGuild');
    case 'channel-not-found':
      return tr('posting.channelNotFound', { channel: problem.channelId });
    case 'not-text':
      return tr('posting.notText', { channel: problem.channelName });
    case 'no-own-member':
      return tr('posting.noOwnMember');
    case 'missing-permissions': {
      const names = problem.missing.map((p) => `**${tr(`posting.permission.${p}`)}**`);
      return tr('posting.missingPermissions', {
        count: names.length,
        permissions: formatList(tr.locale, names),
        channel: problem.channelName,
      });
    }
  }
}
