import { describe, expect, it } from 'vitest';
import { discordFitProblems } from '../../src/knowledge/discord-fit.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';

/** Only the parts discordFitProblems reads: one topic with this body, and no tips. */
function withTopicBody(body: string): KnowledgeBase {
  const topic = { id: 'overview', title: 'Are they connected?', body, sources: [] };
  return { topics: [topic], tips: [], locale: 'en-US' } as unknown as KnowledgeBase;
}

describe('discordFitProblems', () => {
  it('measures a body in characters as Discord counts them, an emoji as one', () => {
    expect(discordFitProblems(withTopicBody('😀'.repeat(4_000)))).toEqual([]);
    expect(discordFitProblems(withTopicBody('😀'.repeat(4_100)))).toEqual([
      {
        file: 'topics/overview.md',
        field: 'body',
        message: 'is 4100 characters; an embed description holds 4096',
      },
    ]);
  });
});
