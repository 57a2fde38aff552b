import { beforeEach, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { createQuestionIndex } from '../../src/search/question-index.js';
import type { QuestionIndex } from '../../src/search/types.js';
import { SMALL_KNOWLEDGE_DIR } from '../knowledge/knowledge-dir.js';

let knowledge: KnowledgeBase;
let index: QuestionIndex;
beforeEach(async () => {
  knowledge ??= await loadKnowledge(SMALL_KNOWLEDGE_DIR);
  index = createQuestionIndex(knowledge);
});

const EVENT = {
  guildId: 'guild-a',
  id: '17',
  question: 'When is the weekly Minecraft server event?',
  answer: 'Every Saturday at 18:00 UTC in the #events channel; bring your own pickaxe.',
};

describe('community FAQ entries in search', () => {
  it('answer in their own guild only', () => {
    index.upsertFaq(EVENT);
    expect(index.search('when is the minecraft event', { guildId: 'guild-a' }).answer).toMatchObject({
      kind: 'faq',
      id: '17',
      title: EVENT.question,
    });
    for (const guildId of ['guild-b', null, undefined]) {
      const result = index.search('when is the minecraft event', { guildId });
      expect([result.answer, ...result.alternatives].filter((h) => h?.kind === 'faq')).toEqual([]);
    }
  });

  it('win over a topic when they match the question better', () => {
    const question = 'did facebook buy instagram to stop it competing';
    expect(index.search(question, { guildId: 'guild-a' }).answer?.id).toBe('ownership');
    index.upsertFaq({
      guildId: 'guild-a',
      id: '3',
      question: 'Did Facebook buy Instagram to stop it competing?',
      answer: 'Regulators later asked exactly that; here is what the public record says.',
    });
    const inA = index.search(question, { guildId: 'guild-a' });
    expect(inA.answer).toMatchObject({ kind: 'faq', id: '3' });
    expect(inA.alternatives.map((a) => a.id)).toContain('ownership');
    expect(index.search(question, { guildId: 'guild-b' }).answer?.id).toBe('ownership');
  });

  it('lose to a topic that matches better', () => {
    index.upsertFaq(EVENT);
    expect(index.search('are facebook and instagram connected', { guildId: 'guild-a' }).answer?.id).toBe(
      'overview',
    );
  });

  it('stop answering as soon as they are removed, leaving the question to the best remaining entry', () => {
    const question = 'when is the minecraft event';
    const remaining = {
      guildId: 'guild-a',
      id: '21',
      question: 'Who hosts our Minecraft server?',
      answer: 'Two volunteers from the server team keep it running on a rented machine.',
    };
    index.upsertFaq(remaining);
    index.upsertFaq(EVENT);
    expect(index.search(question, { guildId: 'guild-a' }).answer?.id).toBe('17');

    index.removeFaq('guild-a', '17');
    const result = index.search(question, { guildId: 'guild-a' });
    const faqHits = [result.answer, ...result.alternatives].filter((hit) => hit?.kind === 'faq');
    expect(faqHits.map((hit) => hit?.id)).toEqual(['21']);
    expect(index.completeFaq('guild-a', 'minecraft', 5).map((hit) => hit.id)).toEqual(['21']);
  });

  it('answer with their new text as soon as they are updated', () => {
    index.upsertFaq(EVENT);
    index.upsertFaq({
      ...EVENT,
      question: 'Where do I post fan art?',
      answer: 'In #fan-art, with credit to the artist.',
    });
    expect(index.search('when is the minecraft event', { guildId: 'guild-a' }).answer).toBeNull();
    expect(index.search('where can i post my fan art', { guildId: 'guild-a' }).answer).toMatchObject({
      kind: 'faq',
      id: '17',
      title: 'Where do I post fan art?',
    });
  });

  it('removing an entry of one guild leaves the same id in another guild alone', () => {
    index.upsertFaq(EVENT);
    index.upsertFaq({ ...EVENT, guildId: 'guild-b' });
    index.removeFaq('guild-a', '17');
    expect(index.search('when is the minecraft event', { guildId: 'guild-b' }).answer?.id).toBe('17');
  });
});

describe('completeFaq', () => {
  beforeEach(() => {
    index.upsertFaq(EVENT);
    index.upsertFaq({
      guildId: 'guild-a',
      id: '18',
      question: 'Where do I post fan art?',
      answer: 'In #fan-art.',
    });
    index.upsertFaq({
      guildId: 'guild-b',
      id: '19',
      question: 'Minecraft server address?',
      answer: 'play.example.org',
    });
  });

  it("offers the guild's entries by question text, with half-typed and misspelt words", () => {
    expect(index.completeFaq('guild-a', 'minec', 5).map((h) => h.id)).toEqual(['17']);
    expect(index.completeFaq('guild-a', 'minecarft event', 5).map((h) => h.id)).toEqual(['17']);
    expect(index.completeFaq('guild-a', 'fan a', 5)[0]?.id).toBe('18');
  });

  it('never offers entries of another guild', () => {
    expect(index.completeFaq('guild-c', 'minecraft', 5)).toEqual([]);
    expect(index.completeFaq('guild-b', 'minecraft', 5).map((h) => h.id)).toEqual(['19']);
  });

  it('lists entries for an empty query, at most `limit`', () => {
    expect(index.completeFaq('guild-a', '', 1)).toHaveLength(1);
    expect(
      index
        .completeFaq('guild-a', '', 25)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['17', '18']);
  });
});

describe('completeTopics', () => {
  it('shows pinned topics first for an empty query', () => {
    const choices = index.completeTopics('', 25);
    expect(choices[0]?.id).toBe('overview');
    expect(choices).toHaveLength(knowledge.topics.length);
  });

  it('never returns more than the limit', () => {
    for (const partial of ['', 'a', 'facebook', 'share']) {
      expect(index.completeTopics(partial, 3).length).toBeLessThanOrEqual(3);
    }
    expect(index.completeTopics('a', 0)).toEqual([]);
  });

  it('ranks an exact id or title prefix first', () => {
    expect(index.completeTopics('own', 5)[0]?.id).toBe('ownership');
    expect(index.completeTopics('cross-posting', 5)[0]?.id).toBe('cross-posting');
    expect(index.completeTopics('Sharing posts', 5)[0]?.id).toBe('cross-posting');
  });

  it('finds a topic by alias or keyword, then by content', () => {
    expect(index.completeTopics('ad targ', 5)[0]?.id).toBe('advertising');
    expect(index.completeTopics('instagration', 5)[0]?.id).toBe('infrastructure');
    expect(index.completeTopics('billion dollars', 5).map((h) => h.id)).toContain('ownership');
  });

  it('puts prefix matches ahead of content matches', () => {
    const ids = index.completeTopics('priv', 25).map((h) => h.id);
    expect(ids[0]).toBe('privacy');
  });
});
