/**
 * Tells a suggestion's author what became of it: a direct message, or, when DMs are closed,
 * a note in the review channel. Delivery is best effort: the decision is already stored and
 * a failure here must never undo it or reach the moderator as an error.
 */
import type { Services } from '../services.js';
import type { FaqEntry } from '../storage/faq-store.js';
import { outcomeForAuthor } from './faq-replies.js';

export async function notifyAuthor(services: Services, entry: FaqEntry): Promise<void> {
  const outcome = outcomeForAuthor(entry);
  try {
    if (await services.outbox.sendDirectMessage(entry.authorId, outcome)) return;
    const channelId = services.faq.settings(entry.guildId).reviewChannelId;
    if (channelId === null) return;
    await services.outbox.postToChannel(channelId, {
      content: `<@${entry.authorId}> has direct messages closed, so for the record: ${outcome.content ?? ''}`,
    });
  } catch (error) {
    services.logger.warn(
      { err: error, guildId: entry.guildId, entryId: entry.id },
      'could not tell the author about their FAQ suggestion',
    );
  }
}
