import { describe, expect, it } from 'vitest';
import { editModal, entryReply, listPage, resolvedCard, reviewCard } from '../../src/faq/faq-replies.js';
import { FAQ_LIMITS, parseFaqContent } from '../../src/faq/validation.js';
import { fitReply } from '../../src/replies/fit.js';
import type { FaqEntry } from '../../src/storage/faq-store.js';

/** The largest entry validation lets through: maximum lengths, every character a mention to neutralise. */
function largestEntry(): FaqEntry {
  const content = parseFaqContent({
    question: '@here'.repeat(FAQ_LIMITS.questionMax / 5),
    answer: '@everyone '.repeat(FAQ_LIMITS.answerMax / 10).trim(),
    source: `https://example.com/${'p'.repeat(FAQ_LIMITS.sourceMax - 20)}`,
  });
  return {
    id: 123456,
    guildId: '100000000000000001',
    status: 'rejected',
    authorId: '300000000000000001',
    ...content,
    createdAt: 0,
    updatedAt: 0,
    resolvedBy: '300000000000000002',
    resolvedAt: 0,
    reason: 'r'.repeat(FAQ_LIMITS.reasonMax),
  };
}

describe('FAQ replies for the largest valid entry', () => {
  const entry = largestEntry();

  it.each([
    ['the review card', reviewCard({ ...entry, status: 'pending' }, 99)],
    ['the resolved card', resolvedCard(entry, '3 more suggestions are waiting')],
    ['the answer with a mention', entryReply({ ...entry, status: 'approved' }, '300000000000000042')],
    [
      'a full list page',
      listPage(
        Array.from({ length: 10 }, () => entry),
        4,
        1000,
      ),
    ],
  ])('%s fits Discord limits without cutting anything', (_name, reply) => {
    expect(fitReply(reply)).toEqual(reply);
  });

  it('shows moderators the whole answer on the review card', () => {
    const card = reviewCard({ ...entry, status: 'pending' });
    expect(card.embeds?.[0]?.description).toContain(entry.answer);
  });

  it("pre-fills an edit form whose values stay within the form's own maximum lengths", () => {
    for (const field of editModal({ ...entry, status: 'approved' }).fields) {
      expect(field.value?.length ?? 0).toBeLessThanOrEqual(field.maxLength ?? Number.POSITIVE_INFINITY);
    }
  });
});
