/**
 * Tells a suggestion's author what became of it: a direct message, or, when DMs are closed,
 * a note in the review channel that pings the author (and nobody else). Delivery is best
 * effort and runs after the moderator has their answer: the decision is already stored, and
 * a failure here must never undo it or reach the moderator as an error.
 */
import type { Logger } from '../logger.js';
import type { Outbox } from '../replies/outbox.js';
import { outcomeForAuthor } from './faq-replies.js';
import type { FaqEntry, FaqStore } from './faq-store.js';

export interface AuthorNoticeDeps {
  readonly outbox: Outbox;
  readonly logger: Logger;
  /** Where the guild's review channel is, read when the DM turns out to be closed. */
  readonly store: Pick<FaqStore, 'settings'>;
}

/** Never rejects: failures are logged with the entry they concern. */
export async function notifyAuthor(
  deps: AuthorNoticeDeps,
  entry: FaqEntry,
  guildName?: string | null,
): Promise<void> {
  try {
    const outcome = outcomeForAuthor(entry, guildName);
    if (await deps.outbox.sendDirectMessage(entry.authorId, outcome)) return;
    const channelId = (await deps.store.settings(entry.guildId)).reviewChannelId;
    if (channelId === null) return;
    await deps.outbox.postToChannel(channelId, {
      content: `<@${entry.authorId}> has direct messages closed, so for the record: ${outcome.content ?? ''}`,
      mentionUserId: entry.authorId,
    });
  } catch (error) {
    deps.logger.warn(
      { err: error, guildId: entry.guildId, entryId: entry.id },
      'could not tell the author about their FAQ suggestion',
    );
  }
}
