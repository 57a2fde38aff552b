/**
 * Whether an answer shows the part of its topic that answers the question, on sets whose lines
 * name those parts ("sections": ["topic#section", or a bare "topic" for its lead]). The labels
 * were written by a helper who read the sections' text and never ran the bot:
 *  - questions.blind8.jsonl: never tuned on; its right-section figure was measured before and
 *    after the ninth round (totals only);
 *  - questions.tune7.jsonl: the ninth round tuned section examples on its section misses.
 * The floors sit just under today's figures, so that a change that picks worse sections fails.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeLibrary } from '../../src/knowledge/knowledge-library.js';
import { loadLibrary } from '../../src/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { evaluate, parseLabelledQuestions, rate } from '../../src/search/evaluation.js';
import { createMultilingualIndex } from '../../src/search/multilingual-index.js';
import type { QuestionIndex } from '../../src/search/types.js';

/** Least share of right-topic answers that show a labelled part, per set. */
const RIGHT_SECTION_FLOORS: Record<string, number> = {
  'questions.blind8.jsonl': 0.85,
  'questions.tune7.jsonl': 0.89,
};

let library: KnowledgeLibrary;
let index: QuestionIndex;
beforeAll(async () => {
  library = await loadLibrary(DEFAULT_KNOWLEDGE_DIR);
  index = createMultilingualIndex(library);
});

describe.each(Object.entries(RIGHT_SECTION_FLOORS))('sections shown for the %s set', (file, floor) => {
  const path = fileURLToPath(new URL(`../fixtures/${file}`, import.meta.url));
  const { questions, problems } = parseLabelledQuestions(readFileSync(path, 'utf8'));

  it('labels every on-topic question with parts that exist in its own topics', () => {
    expect(problems).toEqual([]);
    const parts = new Set(
      library.in('en-US').topics.flatMap((t) => [t.id, ...t.sections.map((s) => `${t.id}#${s.id}`)]),
    );
    for (const q of questions.filter((q) => q.topics.length > 0)) {
      expect(q.sections?.length, q.q).toBeGreaterThan(0);
      for (const part of q.sections ?? []) {
        expect(parts.has(part), `${q.q}: ${part}`).toBe(true);
        expect(q.topics, `${q.q}: ${part}`).toContain(part.split('#')[0]);
      }
    }
  });

  it('shows a labelled part for right-topic answers', () => {
    const { metrics } = evaluate(questions, (q) => index.search(q));
    expect(metrics.rightSection.n).toBeGreaterThan(50);
    expect(rate(metrics.rightSection)).toBeGreaterThanOrEqual(floor);
  });
});
