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
  /** Optional label of the kind of question ("slang", "near-miss"), for per-kind figures. */
  readonly kind?: string;
  /** The language the answer must be in (the language the question is written in), if labelled. */
  readonly locale?: string;
  /**
   * Optional: the parts of the labelled topics whose text answers the question, each
   * "topic#section" or a bare "topic" for the topic's lead (its opening, shown when no one
   * section stands out). Only read for the right-section figure.
   */
  readonly sections?: readonly string[];
  readonly line: number;
}

export interface ParseProblem {
  readonly line: number;
  readonly message: string;
}

const lineSchema = z.object({
  q: z.string().min(1, 'q must be a non-empty string'),
  topics: z.array(z.string()),
  kind: z.string().min(1).optional(),
  locale: z.string().min(2).optional(),
  sections: z.array(z.string().min(1)).min(1).optional(),
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
  /** On-topic questions answered, confidently, with a topic that is not one of their labels. */
  readonly confidentWrong: Rate;
  /** Questions labelled with a locale whose reply (answer or refusal) is in that language. */
  readonly inLanguage: Rate;
  /**
   * Of the questions answered with a right topic and labelled with sections, those shown a
   * labelled part of it (a section, or the lead when the label names the bare topic).
   */
  readonly rightSection: Rate;
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

function tally(): {
  onTopic: number;
  top1: number;
  top3: number;
  wronglyRefused: number;
  confidentWrong: number;
  offTopic: number;
  refused: number;
  labelledLocale: number;
  inLanguage: number;
  sectionLabelled: number;
  rightSection: number;
} {
  return {
    onTopic: 0,
    top1: 0,
    top3: 0,
    wronglyRefused: 0,
    confidentWrong: 0,
    offTopic: 0,
    refused: 0,
    labelledLocale: 0,
    inLanguage: 0,
    sectionLabelled: 0,
    rightSection: 0,
  };
}

function metricsOf(t: ReturnType<typeof tally>): Metrics {
  return {
    top1: { hits: t.top1, n: t.onTopic },
    top3: { hits: t.top3, n: t.onTopic },
    offTopicRefused: { hits: t.refused, n: t.offTopic },
    wrongRefusal: { hits: t.wronglyRefused, n: t.onTopic },
    confidentWrong: { hits: t.confidentWrong, n: t.onTopic },
    inLanguage: { hits: t.inLanguage, n: t.labelledLocale },
    rightSection: { hits: t.rightSection, n: t.sectionLabelled },
  };
}

/**
 * Runs every question through `search` and counts the figures overall and per labelled kind
 * (`byKind` is empty when no question has a kind). `misses` are questions refused or answered
 * with a wrong topic (or off-topic ones answered); `sectionMisses` right topics shown a part the
 * label does not name. Pure apart from calling `search`.
 */
export function evaluate(
  questions: readonly LabelledQuestion[],
  search: (question: string) => SearchResult,
): { metrics: Metrics; byKind: Map<string, Metrics>; misses: Miss[]; sectionMisses: Miss[] } {
  const all = tally();
  const kinds = new Map<string, ReturnType<typeof tally>>();
  const misses: Miss[] = [];
  /** Right topic, but not a part of it the label names. */
  const sectionMisses: Miss[] = [];
  for (const question of questions) {
    const result = search(question.q);
    const counts = [all];
    if (question.kind !== undefined) {
      if (!kinds.has(question.kind)) kinds.set(question.kind, tally());
      counts.push(kinds.get(question.kind)!);
    }
    const add = (field: keyof ReturnType<typeof tally>) => {
      for (const t of counts) t[field]++;
    };
    if (question.locale !== undefined) {
      add('labelledLocale');
      if (result.locale === question.locale) add('inLanguage');
    }
    if (question.topics.length === 0) {
      add('offTopic');
      if (result.answer === null) add('refused');
      else misses.push({ question, result });
      continue;
    }
    add('onTopic');
    const correct = result.answer !== null && question.topics.includes(result.answer.id);
    if (correct) add('top1');
    else misses.push({ question, result });
    if (correct && question.sections !== undefined) {
      add('sectionLabelled');
      const shown = result.answer!.section
        ? `${result.answer!.id}#${result.answer!.section}`
        : result.answer!.id;
      if (question.sections.includes(shown)) add('rightSection');
      else sectionMisses.push({ question, result });
    }
    if (offered(result).some((id) => question.topics.includes(id))) add('top3');
    if (result.answer === null) add('wronglyRefused');
    else if (!correct) add('confidentWrong');
  }
  const byKind = new Map(
    [...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, metricsOf(t)]),
  );
  return { metrics: metricsOf(all), byKind, misses, sectionMisses };
}

/** The quality targets for every English set (issue #10), as shares in [0, 1]. */
export const TARGETS = {
  top1: 0.95,
  top3: 0.98,
  offTopicRefused: 0.93,
  wrongRefusalMax: 0.03,
  confidentWrongMax: 0.03,
} as const;
