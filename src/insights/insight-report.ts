/**
 * The insights report, shared by `/faq insights` and `npm run insights`: a server's kept
 * questions grouped by the matcher's own normalisation (the sorted set of index terms of the
 * question in its language, src/search/analysers.ts), so "who sees my likes?" and "Who can see my
 * likes" count as one, most frequent first, with the outcomes and the best guesses.
 */
import type { Locale } from '../i18n/locales.js';
import type { KnowledgeLibrary } from '../knowledge/knowledge-library.js';
import { analyserFor } from '../search/analysers.js';
import { INSIGHT_OUTCOMES, type Insight, type InsightGuess, type InsightOutcome } from './insight-store.js';

/** How many groups a report shows: two rows of buttons, and a message that stays readable. */
export const MAX_REPORT_GROUPS = 10;
/** How many best guesses a group shows. */
export const MAX_GROUP_GUESSES = 3;

export interface InsightGroup {
  /** The most recent wording of the group's question (already cleaned, mentions inert). */
  readonly question: string;
  /** The record the question comes from: what the report's suggestion button carries. */
  readonly insightId: number;
  readonly locale: Locale;
  readonly count: number;
  readonly outcomes: Readonly<Record<InsightOutcome, number>>;
  /** The best score seen per guess, highest first. */
  readonly guesses: readonly InsightGuess[];
  /** When it was last asked, in milliseconds since the epoch. */
  readonly lastAt: number;
}

/** The matcher's terms of `question` in `locale`: what two wordings of one question share. */
export type TermsOf = (question: string, locale: Locale) => readonly string[];

/** TermsOf with each locale's own analyser and word lists, from the loaded knowledge. */
export function matcherTerms(library: KnowledgeLibrary): TermsOf {
  return (question, locale) => {
    const analyser = analyserFor(locale, library.in(locale).words);
    return analyser.termsOfWords(analyser.words(question));
  };
}

/**
 * Groups `records` by locale and the sorted set of their terms (a question with no terms, only
 * stopwords, stands alone by its lower-cased text), most frequent first, then most recent.
 */
export function groupInsights(records: readonly Insight[], termsOf: TermsOf): InsightGroup[] {
  const groups = new Map<string, Insight[]>();
  for (const record of records) {
    const terms = [...new Set(termsOf(record.question, record.locale))].sort();
    const key = `${record.locale}\u0000${terms.length > 0 ? terms.join(' ') : `=${record.question.toLowerCase()}`}`;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return [...groups.values()]
    .map((members) => {
      const latest = members.reduce((a, b) => (b.at > a.at || (b.at === a.at && b.id > a.id) ? b : a));
      const outcomes = Object.fromEntries(INSIGHT_OUTCOMES.map((o) => [o, 0])) as Record<
        InsightOutcome,
        number
      >;
      const best = new Map<string, number>();
      for (const m of members) {
        outcomes[m.outcome]++;
        for (const g of m.guesses) best.set(g.topicId, Math.max(best.get(g.topicId) ?? 0, g.score));
      }
      return {
        question: latest.question,
        insightId: latest.id,
        locale: latest.locale,
        count: members.length,
        outcomes,
        guesses: [...best.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, MAX_GROUP_GUESSES)
          .map(([topicId, score]) => ({ topicId, score })),
        lastAt: latest.at,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}
