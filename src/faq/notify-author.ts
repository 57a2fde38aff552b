/**
 * Tells a suggestion's author what became of it: a direct message, or, when DMs are closed,
 * a note in the review channel that pings the author (and nobody else). Delivery is best
 * effort and runs after the moderator has their answer: the decision is already stored, and
 * a failure here must never undo it or reach the moderator as an error.
 */
import type { Services } from '../services.js';
import type { FaqEntry } from '../storage/faq-store.js';
import { outcomeForAuthor } from './faq-replies.js';

/** Never rejects: failures are logged with the entry they concern. */
export async function notifyAuthor(
  services: Services,
  entry: FaqEntry,
  guildName?: string | null,
): Promise<void> {
  try {
    const outcome = outcomeForAuthor(entry, guildName);
    if (await services.outbox.sendDirectMessage(entry.authorId, outcome)) return;
    const channelId = services.faq.settings(entry.guildId).reviewChannelId;
    if (channelId === null) return;
    await services.outbox.postToChannel(channelId, {
      content: `<@${entry.authorId}> has direct messages closed, so for the record: ${outcome.content ?? ''}`,
      mentionUserId: entry.authorId,
    });
  } catch (error) {
    services.logger.warn(
      { err: error, guildId: entry.guildId, entryId: entry.id },
      'could not tell the author about their FAQ suggestion',
    );
  }
}
