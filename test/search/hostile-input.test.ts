import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { createQuestionIndex } from '../../src/search/question-index.js';
import type { QuestionIndex } from '../../src/search/types.js';
import { SMALL_KNOWLEDGE_DIR } from '../knowledge/knowledge-dir.js';

let index: QuestionIndex;
/**
 * Faults search caught and turned into "no answer" (it never throws): each test asserts there
 * were none, since a search that fails on every input would otherwise "survive" all of it.
 */
const faults: { error: unknown; question: string }[] = [];
beforeAll(async () => {
  index = createQuestionIndex(await loadKnowledge(SMALL_KNOWLEDGE_DIR), {
    onError: (error, question) => faults.push({ error, question }),
  });
  index.upsertFaq({
    guildId: 'g1',
    id: '1',
    question: 'Where is the server rules channel?',
    answer: 'Read #rules first.',
  });
});

const HOSTILE: readonly [string, string][] = [
  ['empty', ''],
  ['whitespace', ' \t\n  \u00a0 '],
  ['4,000 letters', 'a'.repeat(4_000)],
  ['4,000 characters of words', 'facebook instagram privacy '.repeat(150)],
  ['emoji', '🤔🔥👍🏽 📸➡️📘 👨‍👩‍👧'],
  ['right-to-left text', 'هل فيسبوك وانستغرام مرتبطان؟ ‏האם הם מחוברים'],
  ['control characters', '\u0000\u0007face\u0008book\u001b[31m\u007f\r\n'],
  ['fuse.js operators', "!^=' $| 'facebook | !instagram ^meta$ =privacy"],
  ['lone surrogate halves', '\ud800abc\udfff'],
  ['regex metacharacters', '.*+?()[]{}\\/'],
  ['object property names', 'constructor __proto__ toString hasOwnProperty valueOf'],
];

describe('hostile input', () => {
  beforeEach(() => {
    faults.length = 0;
  });
  afterEach(() => {
    expect(faults, 'faults search caught instead of answering').toEqual([]);
  });

  it.each(HOSTILE)('search answers %s without a fault, with a bounded result', (_name, question) => {
    for (const guildId of [undefined, null, 'g1', 'unknown-guild']) {
      const result = index.search(question, { guildId });
      expect(result.alternatives.length).toBeLessThanOrEqual(3);
      if (result.answer !== null) expect(result.answer.score).toBeLessThanOrEqual(1);
    }
  });

  it.each(HOSTILE)('autocomplete survives %s and respects the limit', (_name, partial) => {
    expect(index.completeTopics(partial, 5).length).toBeLessThanOrEqual(5);
    expect(index.completeFaq('g1', partial, 5).length).toBeLessThanOrEqual(5);
  });

  it('treats fuse.js operator characters as plain punctuation', () => {
    expect(index.search("!privacy$ ^privacy 'privacy =privacy |privacy").answer?.id).toBe('privacy');
  });

  it('answers a question padded to 4,000 characters by its beginning', () => {
    expect(index.search(`did fb buy insta ${'zzz '.repeat(1_000)}`).answer?.id).toBe('ownership');
  });

  it('indexes FAQ text made of object property names like any other words', () => {
    const question = 'Is constructor or __proto__ a valueOf toString?';
    index.upsertFaq({ guildId: 'g2', id: 'p', question, answer: 'hasOwnProperty constructor prototype' });
    expect(index.search('constructor __proto__ valueOf', { guildId: 'g2' }).answer?.id).toBe('p');
  });

  it('refuses questions with no words at all', () => {
    for (const question of ['', '   ', '🤔🤔🤔', '???', '\u0000\u0001']) {
      expect(index.search(question)).toEqual({
        locale: 'en-US',
        answer: null,
        alternatives: [],
        reason: 'off-topic',
      });
    }
  });
});
