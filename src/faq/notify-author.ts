/**
 * Tells a suggestion's author what became of it: a direct message, or, when DMs are closed,
 * a note in the review channel that pings the author (and nobody else), written in the server's
 * language (src/i18n/server-language.ts). Delivery is best effort and runs after the moderator
 * has their answer: the decision is already stored, and a failure here must never undo it or
 * reach the moderator as an error.
 */
import { translator } from '../i18n/messages.js';
import type { ServerLanguage } from '../i18n/server-language.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../replies/outbox.js';
import { outcomeForAuthor } from './faq-replies.js';
import type { FaqEntry, FaqStore } from './faq-store.js';

export interface AuthorNoticeDeps {
  readonly outbox: Outbox;
  readonly logger: Logger;
  /** Where the guild's review channel is, read when the DM turns out to be closed. */
  readonly store: Pick<FaqStore, 'settings'>;
  /** The server's language: the notice is about that server's FAQ, and may land in its review channel. */
  readonly language: ServerLanguage;
}

/** Never rejects: failures are logged with the entry they concern. */
export async function notifyAuthor(
  deps: AuthorNoticeDeps,
  entry: FaqEntry,
  guildName?: string | null,
): Promise<void> {
  try {
    const tr = translator(await deps.language.of(entry.guildId));
    const outcome = outcomeForAuthor(entry, tr, guildName);
    if (await deps.outbox.sendDirectMessage(entry.authorId, outcome)) return;
    const channelId = (await deps.store.settings(entry.guildId)).reviewChannelId;
    if (channelId === null) return;
    await deps.outbox.postToChannel(channelId, {
      content: tr('faq.author.dmClosed', { author: `<@${entry.authorId}>`, outcome: outcome.content ?? '' }),
      mentionUserId: entry.authorId,
    });
  } catch (error) {
    deps.logger.warn(
      { err: error, guildId: entry.guildId, entryId: entry.id },
      'could not tell the author about their FAQ suggestion',
    );
  }
}
