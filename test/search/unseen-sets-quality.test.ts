/**
 * Matching quality on question sets written apart from the knowledge base, in real users' voices
 * (lowercase, typos, slang, stories, two questions in one, near-misses, other languages):
 *  - questions.blind17.jsonl: written by a helper who saw only the one-page scope, before the
 *    seventeenth round, measured once before it (88.7% top-1) and after it (totals only), never
 *    tuned on or inspected;
 *  - questions.blind16.jsonl: written by a helper who saw only the one-page scope, before the
 *    sixteenth round, measured once before it (93.7% top-1); its misses were read in the seventeenth;
 *  - questions.blind15.jsonl: written by a helper who saw only the one-page scope, before the
 *    fifteenth round, measured once before it (90.1% top-1); its misses were read in the sixteenth;
 *  - questions.blind14.jsonl: written by a helper who saw only the one-page scope, before the
 *    fourteenth round, measured once before it (91.5% top-1); its misses were read in the fifteenth;
 *  - questions.blind13.jsonl: written by a helper who saw only the one-page scope, before the
 *    thirteenth round, measured once before it (85.2% top-1); its misses were read in the fourteenth;
 *  - questions.blind12.jsonl: written by a helper who saw only the one-page scope, before the
 *    twelfth round, measured once before it (81.0% top-1); its misses were read in the thirteenth;
 *  - questions.blind11.jsonl: written by a helper who saw only the one-page scope, before the
 *    eleventh round, measured once before it (83.1% top-1); its misses were read in the twelfth;
 *  - questions.blind10.jsonl: written by a helper who saw only the one-page scope, before the
 *    tenth round, measured once before it (89.4% top-1) and after it (totals only), never tuned
 *    on or inspected;
 *  - questions.blind9.jsonl: written by a helper who saw only a new one-page scope, before the
 *    ninth round, measured once before it (84.5% top-1) and after it (85.2%; totals only), never
 *    tuned on or inspected;
 *  - questions.blind8.jsonl: written the same way after the seventh round, measured once then
 *    (79.6% top-1) and after the ninth round (81.7%; totals only), never tuned on or inspected;
 *  - questions.blind7.jsonl: written the same way a round earlier, measured before the seventh
 *    round of tuning (78.9% top-1) and after it (79.6%; totals only), never inspected;
 *  - questions.blind6.jsonl: written the same way a round earlier, measured once before the sixth
 *    round (83.6% top-1) and once after it (85.7%, and again after the seventh), never inspected;
 *  - questions.blind5.jsonl: written by two helpers who saw only a one-page scope (the topics and
 *    refusal kinds), measured once before the fifth round of tuning (75.7% top-1) and once after it
 *    (79.3%), never inspected (a few of its lines were seen by accident in the sixth round);
 *  - questions.blind4.jsonl: written the same way a round earlier, measured before the fourth round
 *    (80.0% top-1) and after it (83.6%), never inspected;
 *  - questions.blind3.jsonl: written the same way a round earlier, measured before the third round
 *    (80.0% top-1) and after it, never inspected;
 *  - questions.blind2.jsonl: written the same way a round earlier (83.0% top-1 before its round);
 *    never inspected, though the third round's tuner checked its totals;
 *  - questions.fresh.jsonl: written the same way a session earlier; its misses have been read;
 *  - questions.dev.jsonl and questions.handed.jsonl: the shared development set and the questions
 *    that failed when tried as a new user would (copies of ../shared/eval, so a fresh clone has them).
 * The issue's targets (top-1 95%, top-3 98%, off-topic refused 93%, wrongly refused and
 * confident-wrong at most 3%) are not all met here; the floors sit just under today's figures so
 * that a regression fails, and rise as matching improves.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { evaluate, parseLabelledQuestions, rate } from '../../src/search/evaluation.js';
import { createMultilingualIndex } from '../../src/search/multilingual-index.js';
import type { QuestionIndex } from '../../src/search/types.js';

interface Floors {
  readonly top1: number;
  readonly top3: number;
  readonly offTopicRefused: number;
  readonly wrongRefusalMax: number;
  readonly confidentWrongMax: number;
}

const SETS: Record<string, { file: string; floors: Floors }> = {
  blind17: {
    file: 'questions.blind17.jsonl',
    floors: {
      top1: 0.89,
      top3: 0.96,
      offTopicRefused: 0.98,
      wrongRefusalMax: 0.04,
      confidentWrongMax: 0.075,
    },
  },
  blind16: {
    file: 'questions.blind16.jsonl',
    floors: {
      top1: 0.955,
      top3: 0.99,
      offTopicRefused: 0.945,
      wrongRefusalMax: 0,
      confidentWrongMax: 0.045,
    },
  },
  blind15: {
    file: 'questions.blind15.jsonl',
    floors: {
      top1: 0.905,
      top3: 0.985,
      offTopicRefused: 0.965,
      wrongRefusalMax: 0.025,
      confidentWrongMax: 0.075,
    },
  },
  blind14: {
    file: 'questions.blind14.jsonl',
    floors: {
      top1: 0.95,
      top3: 0.975,
      offTopicRefused: 0.945,
      wrongRefusalMax: 0.025,
      confidentWrongMax: 0.03,
    },
  },
  blind13: {
    file: 'questions.blind13.jsonl',
    floors: {
      top1: 0.885,
      top3: 0.96,
      offTopicRefused: 0.86,
      wrongRefusalMax: 0.04,
      confidentWrongMax: 0.08,
    },
  },
  blind12: {
    file: 'questions.blind12.jsonl',
    floors: {
      top1: 0.88,
      top3: 0.925,
      offTopicRefused: 0.93,
      wrongRefusalMax: 0.05,
      confidentWrongMax: 0.075,
    },
  },
  blind11: {
    file: 'questions.blind11.jsonl',
    floors: {
      top1: 0.855,
      top3: 0.955,
      offTopicRefused: 0.91,
      wrongRefusalMax: 0.05,
      confidentWrongMax: 0.095,
    },
  },
  blind10: {
    file: 'questions.blind10.jsonl',
    floors: {
      top1: 0.915,
      top3: 0.97,
      offTopicRefused: 0.93,
      wrongRefusalMax: 0.025,
      confidentWrongMax: 0.065,
    },
  },
  blind9: {
    file: 'questions.blind9.jsonl',
    floors: {
      top1: 0.905,
      top3: 1,
      offTopicRefused: 0.93,
      wrongRefusalMax: 0.025,
      confidentWrongMax: 0.075,
    },
  },
  blind8: {
    file: 'questions.blind8.jsonl',
    floors: {
      top1: 0.855,
      top3: 0.94,
      offTopicRefused: 0.965,
      wrongRefusalMax: 0.065,
      confidentWrongMax: 0.08,
    },
  },
  blind7: {
    file: 'questions.blind7.jsonl',
    floors: {
      top1: 0.83,
      top3: 0.975,
      offTopicRefused: 0.945,
      wrongRefusalMax: 0.045,
      confidentWrongMax: 0.13,
    },
  },
  blind6: {
    file: 'questions.blind6.jsonl',
    floors: {
      top1: 0.885,
      top3: 0.97,
      offTopicRefused: 0.9,
      wrongRefusalMax: 0.04,
      confidentWrongMax: 0.08,
    },
  },
  blind5: {
    file: 'questions.blind5.jsonl',
    floors: {
      top1: 0.825,
      top3: 0.95,
      offTopicRefused: 0.88,
      wrongRefusalMax: 0.05,
      confidentWrongMax: 0.125,
    },
  },
  blind4: {
    file: 'questions.blind4.jsonl',
    floors: {
      top1: 0.875,
      top3: 0.95,
      offTopicRefused: 0.915,
      wrongRefusalMax: 0.025,
      confidentWrongMax: 0.1,
    },
  },
  blind3: {
    file: 'questions.blind3.jsonl',
    floors: {
      top1: 0.87,
      top3: 0.955,
      offTopicRefused: 0.9,
      wrongRefusalMax: 0.045,
      confidentWrongMax: 0.09,
    },
  },
  blind2: {
    file: 'questions.blind2.jsonl',
    floors: {
      top1: 0.905,
      top3: 0.98,
      offTopicRefused: 0.95,
      wrongRefusalMax: 0.01,
      confidentWrongMax: 0.085,
    },
  },
  fresh: {
    file: 'questions.fresh.jsonl',
    floors: {
      top1: 0.905,
      top3: 0.975,
      offTopicRefused: 0.97,
      wrongRefusalMax: 0.025,
      confidentWrongMax: 0.07,
    },
  },
  dev: {
    file: 'questions.dev.jsonl',
    floors: {
      top1: 0.98,
      top3: 1,
      offTopicRefused: 1,
      wrongRefusalMax: 0,
      confidentWrongMax: 0.02,
    },
  },
  handed: {
    file: 'questions.handed.jsonl',
    floors: {
      top1: 1,
      top3: 1,
      offTopicRefused: 1,
      wrongRefusalMax: 0,
      confidentWrongMax: 0,
    },
  },
};

let index: QuestionIndex;
beforeAll(async () => {
  index = createMultilingualIndex(await loadLibrary(DEFAULT_KNOWLEDGE_DIR));
});

describe.each(Object.entries(SETS))('matching quality on the %s set', (_name, { file, floors }) => {
  const path = fileURLToPath(new URL(`../fixtures/${file}`, import.meta.url));
  const { questions, problems } = parseLabelledQuestions(readFileSync(path, 'utf8'));

  it('reads every labelled question', () => {
    expect(problems).toEqual([]);
    expect(questions.filter((q) => q.topics.length > 0).length).toBeGreaterThanOrEqual(15);
    expect(questions.filter((q) => q.topics.length === 0).length).toBeGreaterThanOrEqual(8);
  });

  it('answers on-topic questions correctly, and rarely with a wrong topic', () => {
    const { metrics } = evaluate(questions, (q) => index.search(q));
    expect(rate(metrics.top1)).toBeGreaterThanOrEqual(floors.top1);
    expect(rate(metrics.top3)).toBeGreaterThanOrEqual(floors.top3);
    expect(rate(metrics.confidentWrong)).toBeLessThanOrEqual(floors.confidentWrongMax);
  });

  it('refuses off-topic questions and rarely an on-topic one', () => {
    const { metrics } = evaluate(questions, (q) => index.search(q));
    expect(rate(metrics.offTopicRefused)).toBeGreaterThanOrEqual(floors.offTopicRefused);
    expect(rate(metrics.wrongRefusal)).toBeLessThanOrEqual(floors.wrongRefusalMax);
  });
});

describe('the handed cases, by kind of failure', () => {
  const path = fileURLToPath(new URL('../fixtures/questions.handed.jsonl', import.meta.url));
  const { questions } = parseLabelledQuestions(readFileSync(path, 'utf8'));

  it('answers every hacked, locked or impersonated account question, never refusing one', () => {
    const urgent = questions.filter((q) => q.topics.includes('account-security'));
    expect(urgent.length).toBeGreaterThan(0);
    for (const q of urgent) expect(index.search(q.q).answer?.id, q.q).toBe('account-security');
  });

  it('refuses questions about another company and instructions aimed at the bot', () => {
    const kinds = new Set(['other-company', 'injection']);
    const refused = questions.filter((q) => q.topics.length === 0 && kinds.has(q.kind ?? ''));
    expect(refused.length).toBeGreaterThan(0);
    for (const q of refused) expect(index.search(q.q).answer, q.q).toBeNull();
  });
});
