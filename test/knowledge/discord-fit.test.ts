import { describe, expect, it } from 'vitest';
import { discordFitProblems } from '../../src/knowledge/discord-fit.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';

/** Only the parts discordFitProblems reads: one topic with this body, and no tips. */
function withTopicBody(body: string): KnowledgeBase {
  const topic = { id: 'overview', title: 'Are they connected?', body, sources: [], sections: [] };
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

  it('names a section whose id, with its topic id and the longest locale mark, makes a button id Discord refuses', () => {
    const section = (id: string) => ({ id, heading: 'H', text: 'T', keywords: [], examples: [] });
    // Ids the schema allows (40 characters each) fit with every locale today (100 exactly);
    // longer ones stand in for a longer locale code or prefix.
    const topic = {
      id: 't'.repeat(45),
      title: 'T',
      body: 'B',
      sources: [],
      sections: [section('s'.repeat(30)), section('u'.repeat(45))],
    };
    const knowledge = { topics: [topic], tips: [], locale: 'en-US' } as unknown as KnowledgeBase;
    expect(discordFitProblems(knowledge)).toEqual([
      expect.objectContaining({ file: `topics/${'t'.repeat(45)}.md`, field: 'sections.1.id' }),
    ]);
  });
});
