/**
 * Matching quality in every language the bot speaks besides English, on question sets written
 * in each language by helpers who never read the knowledge base:
 *  - questions.blind17.<locale>.jsonl: 80 a language, written from the one-page scope before the
 *    seventeenth round, measured once before it and after it (totals only), never tuned on or inspected;
 *  - questions.blind16.<locale>.jsonl: 80 a language, written from the one-page scope before the
 *    sixteenth round, measured once before it; its misses were read in the seventeenth;
 *  - questions.blind15.<locale>.jsonl: 80 a language, written from the one-page scope before the
 *    fifteenth round, measured once before it; its misses were read in the sixteenth;
 *  - questions.blind14.<locale>.jsonl: 80 a language, written from the one-page scope before the
 *    fourteenth round, measured once before it; its misses were read in the fifteenth;
 *  - questions.blind13.<locale>.jsonl: 80 a language, written from the one-page scope before the
 *    thirteenth round, measured once before it; its misses were read in the fourteenth;
 *  - questions.blind12.<locale>.jsonl: 80 a language, written from the one-page scope before the
 *    twelfth round, measured once before it; its misses were read in the thirteenth;
 *  - questions.blind11.<locale>.jsonl: 80 a language, written from the one-page scope before the
 *    eleventh round, measured once before it; the German and Spanish misses were read in the twelfth;
 *  - questions.blind10.<locale>.jsonl: 80 a language, written from the one-page scope before the
 *    tenth round, measured once before it and after it (totals only), never tuned on or inspected;
 *  - questions.tune10.<locale>.jsonl (de, es-ES): 80 a language, written from the same scope by
 *    another helper, measured once, then tuned on;
 *  - questions.blind9.<locale>.jsonl: 80 a language, written from a new one-page scope before the
 *    ninth round, measured once before it and after it (totals only), never tuned on or inspected;
 *  - questions.tune9.<locale>.jsonl (de, es-ES, pt-BR): 80 a language, written from the ninth round's
 *    scope by another helper, measured once, then tuned on;
 *  - questions.blind8.<locale>.jsonl: written from the same one-page scope after the seventh
 *    round, measured once then and after the ninth round, never tuned on or inspected;
 *  - questions.blind7.<locale>.jsonl: written the same way a round earlier (blind and tune
 *    sets by different helpers), measured before the seventh round and after it (totals only),
 *    never inspected;
 *  - questions.blind6.<locale>.jsonl: written the same way as blind5 a round later, measured once
 *    before the sixth round and once after it, never inspected (both measurements in the README);
 *  - questions.blind5.<locale>.jsonl: written by helpers who saw only a one-page scope (the topics
 *    and refusal kinds), measured once before the fifth round of tuning and once after it, never
 *    inspected: the honest figure for unseen questions (both measurements are in the README);
 *  - questions.blind4.<locale>.jsonl: written the same way a round earlier, measured before and
 *    after the fourth round, never inspected; the fifth round's Hindi tuner checked its totals;
 *  - questions.blind.<locale>.jsonl: measured once before the translations were tuned and never used
 *    for tuning since, though the third round's tuners checked its totals (never its questions);
 *  - questions.tune.<locale>.jsonl to questions.tune7.<locale>.jsonl: the sets the translations'
 *    examples and word lists were tuned on in seven rounds (kinds of miss, never their lines); each
 *    was written after the round before and measured before its own.
 * Each question is asked with no Discord locale, so the text alone decides the answer's
 * language: the strictest case (a member whose Discord speaks the language only helps).
 * The issue's targets per locale (top-1 90%, top-3 97%, off-topic refused 90%, answered in the
 * question's language 98%) are met on most tuning sets, not on the blind ones; the floors sit at
 * today's figures rounded down to half a percent, so that a regression fails.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/i18n/locales.js';
import { loadLibrary } from '../../src/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { evaluate, type Metrics, parseLabelledQuestions, rate } from '../../src/search/evaluation.js';
import { createMultilingualIndex } from '../../src/search/multilingual-index.js';
import type { QuestionIndex } from '../../src/search/types.js';

interface Floors {
  readonly top1: number;
  readonly top3: number;
  readonly offTopicRefused: number;
  readonly inLanguage: number;
}

/** Floors per set, in the order the sets run (newest first). */
const FLOORS: Record<string, Partial<Record<Exclude<Locale, 'en-US'>, Floors>>> = {
  blind17: {
    'es-ES': { top1: 0.915, top3: 1, offTopicRefused: 1, inLanguage: 0.96 },
    'pt-BR': { top1: 0.885, top3: 0.935, offTopicRefused: 1, inLanguage: 1 },
    fr: { top1: 0.915, top3: 1, offTopicRefused: 1, inLanguage: 1 },
    de: { top1: 0.9, top3: 0.965, offTopicRefused: 1, inLanguage: 1 },
    id: { top1: 0.915, top3: 0.98, offTopicRefused: 1, inLanguage: 1 },
    hi: { top1: 0.885, top3: 0.935, offTopicRefused: 1, inLanguage: 0.985 },
  },
  blind16: {
    'es-ES': { top1: 0.82, top3: 0.95, offTopicRefused: 1, inLanguage: 1 },
    'pt-BR': { top1: 0.835, top3: 0.935, offTopicRefused: 1, inLanguage: 1 },
    fr: { top1: 0.9, top3: 0.98, offTopicRefused: 0.94, inLanguage: 0.985 },
    de: { top1: 0.915, top3: 0.965, offTopicRefused: 1, inLanguage: 1 },
    id: { top1: 0.915, top3: 0.98, offTopicRefused: 0.94, inLanguage: 1 },
    hi: { top1: 0.915, top3: 0.98, offTopicRefused: 0.94, inLanguage: 0.975 },
  },
  blind15: {
    'es-ES': { top1: 0.915, top3: 0.98, offTopicRefused: 1, inLanguage: 1 },
    'pt-BR': { top1: 0.915, top3: 0.965, offTopicRefused: 1, inLanguage: 1 },
    fr: { top1: 0.935, top3: 0.98, offTopicRefused: 0.94, inLanguage: 1 },
    de: { top1: 0.835, top3: 0.95, offTopicRefused: 1, inLanguage: 1 },
    id: { top1: 0.935, top3: 0.98, offTopicRefused: 1, inLanguage: 0.975 },
    hi: { top1: 0.87, top3: 0.915, offTopicRefused: 0.94, inLanguage: 0.975 },
  },
  blind14: {
    'es-ES': { top1: 0.915, top3: 0.98, offTopicRefused: 1, inLanguage: 0.95 },
    'pt-BR': { top1: 0.95, top3: 0.98, offTopicRefused: 1, inLanguage: 0.985 },
    fr: { top1: 0.885, top3: 0.95, offTopicRefused: 1, inLanguage: 1 },
    de: { top1: 0.885, top3: 0.965, offTopicRefused: 1, inLanguage: 0.985 },
    id: { top1: 0.935, top3: 1, offTopicRefused: 0.94, inLanguage: 1 },
    hi: { top1: 0.9, top3: 0.965, offTopicRefused: 0.94, inLanguage: 0.985 },
  },
  blind13: {
    'es-ES': { top1: 0.87, top3: 0.965, offTopicRefused: 1, inLanguage: 1 },
    'pt-BR': { top1: 0.755, top3: 0.9, offTopicRefused: 1, inLanguage: 0.985 },
    fr: { top1: 0.85, top3: 0.915, offTopicRefused: 1, inLanguage: 0.975 },
    de: { top1: 0.87, top3: 0.95, offTopicRefused: 1, inLanguage: 0.975 },
    id: { top1: 0.85, top3: 0.95, offTopicRefused: 1, inLanguage: 0.95 },
    hi: { top1: 0.87, top3: 0.95, offTopicRefused: 1, inLanguage: 0.935 },
  },
  blind12: {
    'es-ES': { top1: 0.805, top3: 0.885, offTopicRefused: 0.94, inLanguage: 0.985 },
    'pt-BR': { top1: 0.9, top3: 0.965, offTopicRefused: 1, inLanguage: 0.985 },
    fr: { top1: 0.87, top3: 0.935, offTopicRefused: 1, inLanguage: 1 },
    de: { top1: 0.885, top3: 0.95, offTopicRefused: 1, inLanguage: 1 },
    id: { top1: 0.9, top3: 0.965, offTopicRefused: 1, inLanguage: 1 },
    hi: { top1: 0.87, top3: 0.935, offTopicRefused: 1, inLanguage: 1 },
  },
  blind11: {
    'es-ES': { top1: 0.86, top3: 0.895, offTopicRefused: 0.905, inLanguage: 1 },
    'pt-BR': { top1: 0.945, top3: 0.98, offTopicRefused: 0.95, inLanguage: 1 },
    fr: { top1: 0.93, top3: 0.98, offTopicRefused: 0.905, inLanguage: 1 },
    de: { top1: 0.86, top3: 0.965, offTopicRefused: 0.95, inLanguage: 0.985 },
    id: { top1: 0.93, top3: 0.98, offTopicRefused: 0.905, inLanguage: 0.975 },
    hi: { top1: 0.875, top3: 0.93, offTopicRefused: 0.86, inLanguage: 1 },
  },
  blind10: {
    'es-ES': { top1: 0.945, top3: 1, offTopicRefused: 0.86, inLanguage: 0.985 },
    'pt-BR': { top1: 0.895, top3: 0.945, offTopicRefused: 0.905, inLanguage: 1 },
    fr: { top1: 0.895, top3: 0.965, offTopicRefused: 0.905, inLanguage: 1 },
    de: { top1: 0.895, top3: 0.965, offTopicRefused: 1, inLanguage: 1 },
    id: { top1: 0.895, top3: 0.965, offTopicRefused: 0.905, inLanguage: 0.985 },
    hi: { top1: 0.895, top3: 0.98, offTopicRefused: 0.905, inLanguage: 1 },
  },
  tune10: {
    de: { top1: 0.84, top3: 0.895, offTopicRefused: 0.86, inLanguage: 1 },
    'es-ES': { top1: 0.86, top3: 0.965, offTopicRefused: 0.86, inLanguage: 1 },
  },
  blind9: {
    'es-ES': { top1: 0.81, top3: 0.945, offTopicRefused: 0.95, inLanguage: 0.985 },
    'pt-BR': { top1: 0.895, top3: 0.945, offTopicRefused: 0.77, inLanguage: 1 },
    fr: { top1: 0.965, top3: 0.98, offTopicRefused: 0.905, inLanguage: 1 },
    de: { top1: 0.86, top3: 0.965, offTopicRefused: 0.815, inLanguage: 1 },
    id: { top1: 0.91, top3: 0.98, offTopicRefused: 0.905, inLanguage: 0.985 },
    hi: { top1: 0.945, top3: 0.98, offTopicRefused: 0.905, inLanguage: 1 },
  },
  tune9: {
    de: { top1: 0.89, top3: 0.945, offTopicRefused: 0.955, inLanguage: 0.985 },
    'es-ES': { top1: 0.925, top3: 0.98, offTopicRefused: 0.955, inLanguage: 1 },
    'pt-BR': { top1: 0.875, top3: 0.96, offTopicRefused: 0.955, inLanguage: 1 },
  },
  blind8: {
    'es-ES': { top1: 0.845, top3: 0.94, offTopicRefused: 0.89, inLanguage: 1 },
    'pt-BR': { top1: 0.875, top3: 0.94, offTopicRefused: 0.89, inLanguage: 1 },
    fr: { top1: 0.83, top3: 0.955, offTopicRefused: 0.925, inLanguage: 1 },
    de: { top1: 0.805, top3: 0.93, offTopicRefused: 0.855, inLanguage: 0.99 },
    id: { top1: 0.79, top3: 0.93, offTopicRefused: 0.96, inLanguage: 1 },
    hi: { top1: 0.83, top3: 0.97, offTopicRefused: 0.96, inLanguage: 0.99 },
  },
  blind7: {
    'es-ES': { top1: 0.885, top3: 0.97, offTopicRefused: 1, inLanguage: 1 },
    'pt-BR': { top1: 0.9, top3: 0.94, offTopicRefused: 0.925, inLanguage: 0.98 },
    fr: { top1: 0.9, top3: 0.97, offTopicRefused: 0.89, inLanguage: 1 },
    de: { top1: 0.875, top3: 0.955, offTopicRefused: 0.925, inLanguage: 1 },
    id: { top1: 0.875, top3: 0.94, offTopicRefused: 1, inLanguage: 1 },
    hi: { top1: 0.9, top3: 0.955, offTopicRefused: 0.96, inLanguage: 0.99 },
  },
  tune7: {
    'es-ES': { top1: 0.985, top3: 1, offTopicRefused: 0.925, inLanguage: 1 },
    'pt-BR': { top1: 0.9, top3: 1, offTopicRefused: 0.925, inLanguage: 0.98 },
    fr: { top1: 0.915, top3: 0.985, offTopicRefused: 0.89, inLanguage: 1 },
    de: { top1: 0.955, top3: 0.97, offTopicRefused: 1, inLanguage: 0.99 },
    id: { top1: 0.9, top3: 0.97, offTopicRefused: 1, inLanguage: 0.99 },
    hi: { top1: 0.915, top3: 0.985, offTopicRefused: 0.96, inLanguage: 1 },
  },
  blind6: {
    'es-ES': { top1: 0.885, top3: 0.97, offTopicRefused: 0.96, inLanguage: 1 },
    'pt-BR': { top1: 0.815, top3: 0.97, offTopicRefused: 0.96, inLanguage: 0.97 },
    fr: { top1: 0.93, top3: 1, offTopicRefused: 0.89, inLanguage: 0.99 },
    de: { top1: 0.845, top3: 0.94, offTopicRefused: 0.925, inLanguage: 1 },
    id: { top1: 0.885, top3: 0.985, offTopicRefused: 0.96, inLanguage: 0.99 },
    hi: { top1: 0.86, top3: 0.97, offTopicRefused: 0.96, inLanguage: 0.96 },
  },
  tune6: {
    'es-ES': { top1: 0.94, top3: 1, offTopicRefused: 1, inLanguage: 0.99 },
    'pt-BR': { top1: 0.94, top3: 1, offTopicRefused: 0.96, inLanguage: 0.97 },
    fr: { top1: 0.97, top3: 0.985, offTopicRefused: 0.96, inLanguage: 0.99 },
    de: { top1: 0.93, top3: 1, offTopicRefused: 0.96, inLanguage: 1 },
    id: { top1: 0.94, top3: 0.97, offTopicRefused: 1, inLanguage: 1 },
    hi: { top1: 1, top3: 1, offTopicRefused: 1, inLanguage: 1 },
  },
  blind5: {
    'es-ES': { top1: 0.845, top3: 0.985, offTopicRefused: 0.925, inLanguage: 0.99 },
    'pt-BR': { top1: 0.97, top3: 0.97, offTopicRefused: 0.925, inLanguage: 0.98 },
    fr: { top1: 0.885, top3: 0.97, offTopicRefused: 1, inLanguage: 0.99 },
    de: { top1: 0.845, top3: 0.9, offTopicRefused: 0.96, inLanguage: 1 },
    id: { top1: 0.845, top3: 0.955, offTopicRefused: 0.925, inLanguage: 0.98 },
    hi: { top1: 0.885, top3: 0.985, offTopicRefused: 0.855, inLanguage: 0.98 },
  },
  tune5: {
    'es-ES': { top1: 0.885, top3: 0.955, offTopicRefused: 0.96, inLanguage: 0.99 },
    'pt-BR': { top1: 0.985, top3: 0.985, offTopicRefused: 1, inLanguage: 0.96 },
    fr: { top1: 0.94, top3: 1, offTopicRefused: 1, inLanguage: 0.98 },
    de: { top1: 0.93, top3: 0.97, offTopicRefused: 1, inLanguage: 0.98 },
    id: { top1: 0.985, top3: 1, offTopicRefused: 0.96, inLanguage: 0.98 },
    hi: { top1: 0.955, top3: 0.985, offTopicRefused: 1, inLanguage: 0.99 },
  },
  blind4: {
    'es-ES': { top1: 0.775, top3: 0.915, offTopicRefused: 0.96, inLanguage: 0.97 },
    'pt-BR': { top1: 0.845, top3: 0.93, offTopicRefused: 0.96, inLanguage: 0.96 },
    fr: { top1: 0.775, top3: 0.885, offTopicRefused: 0.925, inLanguage: 1 },
    de: { top1: 0.845, top3: 0.9, offTopicRefused: 0.96, inLanguage: 0.99 },
    id: { top1: 0.845, top3: 0.955, offTopicRefused: 0.855, inLanguage: 0.99 },
    hi: { top1: 0.775, top3: 0.94, offTopicRefused: 0.855, inLanguage: 0.98 },
  },
  blind: {
    'es-ES': { top1: 0.89, top3: 1, offTopicRefused: 1, inLanguage: 0.99 },
    'pt-BR': { top1: 0.865, top3: 0.945, offTopicRefused: 0.96, inLanguage: 0.97 },
    fr: { top1: 0.88, top3: 0.96, offTopicRefused: 0.96, inLanguage: 0.98 },
    de: { top1: 0.825, top3: 0.945, offTopicRefused: 1, inLanguage: 0.98 },
    id: { top1: 0.88, top3: 0.945, offTopicRefused: 1, inLanguage: 0.98 },
    hi: { top1: 0.85, top3: 0.97, offTopicRefused: 0.96, inLanguage: 0.96 },
  },
  tune: {
    'es-ES': { top1: 0.985, top3: 0.985, offTopicRefused: 1, inLanguage: 1 },
    'pt-BR': { top1: 0.965, top3: 0.985, offTopicRefused: 1, inLanguage: 0.98 },
    fr: { top1: 0.985, top3: 0.985, offTopicRefused: 1, inLanguage: 1 },
    de: { top1: 0.985, top3: 1, offTopicRefused: 1, inLanguage: 1 },
    id: { top1: 0.985, top3: 1, offTopicRefused: 1, inLanguage: 0.98 },
    hi: { top1: 1, top3: 1, offTopicRefused: 1, inLanguage: 0.955 },
  },
  tune2: {
    'es-ES': { top1: 0.97, top3: 0.985, offTopicRefused: 1, inLanguage: 0.97 },
    'pt-BR': { top1: 0.97, top3: 0.985, offTopicRefused: 1, inLanguage: 0.99 },
    fr: { top1: 0.985, top3: 1, offTopicRefused: 1, inLanguage: 0.99 },
    de: { top1: 0.97, top3: 0.985, offTopicRefused: 1, inLanguage: 0.99 },
    id: { top1: 0.985, top3: 1, offTopicRefused: 1, inLanguage: 0.99 },
    hi: { top1: 0.97, top3: 1, offTopicRefused: 1, inLanguage: 0.95 },
  },
  tune3: {
    'es-ES': { top1: 1, top3: 1, offTopicRefused: 1, inLanguage: 0.98 },
    'pt-BR': { top1: 1, top3: 1, offTopicRefused: 1, inLanguage: 1 },
    fr: { top1: 0.985, top3: 1, offTopicRefused: 1, inLanguage: 1 },
    de: { top1: 1, top3: 1, offTopicRefused: 0.96, inLanguage: 1 },
    id: { top1: 1, top3: 1, offTopicRefused: 1, inLanguage: 1 },
    hi: { top1: 0.985, top3: 1, offTopicRefused: 0.96, inLanguage: 0.96 },
  },
  tune4: {
    'es-ES': { top1: 0.97, top3: 1, offTopicRefused: 1, inLanguage: 0.97 },
    'pt-BR': { top1: 0.985, top3: 1, offTopicRefused: 1, inLanguage: 0.99 },
    fr: { top1: 0.955, top3: 0.985, offTopicRefused: 1, inLanguage: 1 },
    de: { top1: 0.97, top3: 1, offTopicRefused: 1, inLanguage: 0.99 },
    id: { top1: 0.955, top3: 1, offTopicRefused: 1, inLanguage: 1 },
    hi: { top1: 0.94, top3: 0.97, offTopicRefused: 1, inLanguage: 0.99 },
  },
};

let index: QuestionIndex;
beforeAll(async () => {
  index = createMultilingualIndex(await loadLibrary(DEFAULT_KNOWLEDGE_DIR));
});

function measure(set: string, locale: Locale): Metrics {
  const path = fileURLToPath(new URL(`../fixtures/questions.${set}.${locale}.jsonl`, import.meta.url));
  const { questions, problems } = parseLabelledQuestions(readFileSync(path, 'utf8'));
  expect(problems).toEqual([]);
  // Every set has at least 80 questions (blind9 to blind17, tune9 and tune10 have 80 a language, the others 100 or more).
  expect(questions.length).toBeGreaterThanOrEqual(80);
  return evaluate(
    questions.map((q) => ({ ...q, locale })),
    (q) => index.search(q),
  ).metrics;
}

for (const [set, byLocale] of Object.entries(FLOORS)) {
  describe.each(Object.entries(byLocale))(`matching quality on the ${set} set in %s`, (locale, floors) => {
    it('answers on-topic questions correctly, refuses off-topic ones, and answers in the question’s language', () => {
      const m = measure(set, locale as Locale);
      expect(rate(m.top1)).toBeGreaterThanOrEqual(floors.top1);
      expect(rate(m.top3)).toBeGreaterThanOrEqual(floors.top3);
      expect(rate(m.offTopicRefused)).toBeGreaterThanOrEqual(floors.offTopicRefused);
      expect(rate(m.inLanguage)).toBeGreaterThanOrEqual(floors.inLanguage);
    });
  });
}

describe("a question about another company's account that names no Meta app", () => {
  it.each([
    'how do i get my banned tiktok account back',
    'comment recuperer mon compte snapchat pirate',
    'wie krieg ich meinen gesperrten tiktok account zurück',
    'como recuperar conta do tiktok que foi banida',
  ])('is refused as another company, not answered with a topic: %s', (question) => {
    expect(index.search(question)).toMatchObject({ answer: null, reason: 'off-topic' });
  });
});

describe('a question that is only app names', () => {
  it.each(['en-US', 'es-ES', 'pt-BR', 'fr', 'de', 'id', 'hi'])(
    'is answered for a member whose Discord speaks %s, not refused by an out-of-scope kind that uses the name',
    (locale) => {
      for (const question of ['ig', 'insta fb']) {
        const result = index.search(question, { locale });
        expect(result.answer, `${question} (${locale})`).not.toBeNull();
        expect(result.locale).toBe(locale);
      }
    },
  );
});

describe('a short English question with words other languages borrow', () => {
  // Chat slang and device names ("random", "ipad", "started") appear in other languages' word
  // lists too; on their own they must not make an English question another language.
  it.each(['ipad insta fb linked?', 'threads started', 'tab fb ig linked', 'bro btw is fb linked to ig'])(
    'is read as English: %s',
    (question) => {
      expect(index.search(question).locale).toBe('en-US');
    },
  );
});
