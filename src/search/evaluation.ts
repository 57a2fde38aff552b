/**
 * Labelled question sets and the quality metrics `npm run eval` prints: top-1 and top-3
 * accuracy, off-topic refusal and wrong refusal. Kept apart from the script so tests can
 * check the arithmetic on a tiny set.
 */
import { z } from 'zod';
import type { SearchResult } from './types.js';

export interface LabelledQuestion {
  readonly q: string;
  /** Acceptable topic ids; empty means the question is off-topic and must be refused. */
  readonly topics: readonly string[];
  readonly line: number;
}

export interface ParseProblem {
  readonly line: number;
  readonly message: string;
}

const lineSchema = z.object({
  q: z.string().min(1, 'q must be a non-empty string'),
  topics: z.array(z.string()),
});

export function parseLabelledQuestions(text: string): {
  questions: LabelledQuestion[];
  problems: ParseProblem[];
} {
  const questions: LabelledQuestion[] = [];
  const problems: ParseProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push({ line, message: 'is not valid JSON' });
      return;
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      problems.push({
        line,
        message: `expected {"q": string, "topics": [id, ...]} (${where}${issue.message})`,
      });
      return;
    }
    questions.push({ ...parsed.data, line });
  });
  return { questions, problems };
}

export interface Rate {
  readonly hits: number;
  readonly n: number;
}

export interface Metrics {
  readonly top1: Rate;
  readonly top3: Rate;
  readonly offTopicRefused: Rate;
  readonly wrongRefusal: Rate;
}

export interface Miss {
  readonly question: LabelledQuestion;
  readonly result: SearchResult;
}

export function rate(r: Rate): number {
  return r.n === 0 ? Number.NaN : r.hits / r.n;
}

/** The ids a user is offered, best first: the answer (if any) then the alternatives, three at most. */
function offered(result: SearchResult): string[] {
  return [...(result.answer === null ? [] : [result.answer]), ...result.alternatives]
    .slice(0, 3)
    .map((h) => h.id);
}

export function evaluate(
  questions: readonly LabelledQuestion[],
  search: (question: string) => SearchResult,
): { metrics: Metrics; misses: Miss[] } {
  let onTopic = 0;
  let top1 = 0;
  let top3 = 0;
  let wronglyRefused = 0;
  let offTopic = 0;
  let refused = 0;
  const misses: Miss[] = [];
  for (const question of questions) {
    const result = search(question.q);
    if (question.topics.length === 0) {
      offTopic++;
      if (result.answer === null) refused++;
      else misses.push({ question, result });
      continue;
    }
    onTopic++;
    const correct = result.answer !== null && question.topics.includes(result.answer.id);
    if (correct) top1++;
    else misses.push({ question, result });
    if (offered(result).some((id) => question.topics.includes(id))) top3++;
    if (result.answer === null) wronglyRefused++;
  }
  return {
    metrics: {
      top1: { hits: top1, n: onTopic },
      top3: { hits: top3, n: onTopic },
      offTopicRefused: { hits: refused, n: offTopic },
      wrongRefusal: { hits: wronglyRefused, n: onTopic },
    },
    misses,
  };
}

/** The issue's targets, checked on the outside dev set and (where stated) the holdout set. */
export const TARGETS = {
  top1: 0.95,
  top3: 0.99,
  offTopicRefused: 0.9,
  wrongRefusalMax: 0.03,
} as const;
