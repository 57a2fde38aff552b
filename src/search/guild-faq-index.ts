/**
 * One guild's approved FAQ entries as an inverted index: term -> entries (by numeric slot)
 * with the field the term appears in. Ranking touches only the postings of the query's terms
 * and keeps the best few in a small array, so a query over 10,000 entries allocates almost
 * nothing and never sorts the whole guild.
 *
 * An entry's text goes through the same analysis as topics and questions (normalise.ts:
 * synonyms, compounds, stems), so "sign in" in an entry meets "login" in a question.
 */
import { isStopword, termsOfWords, withPairs, words } from './normalise.js';
import type { FaqDocument } from './types.js';

/**
 * A term in an entry's question says as much as a topic title; one in the answer far less,
 * unless no topic uses it: then the entry is all the index knows of it ("modmail"), and it
 * counts as fully as a question term.
 */
export const FAQ_QUESTION_FIELD = 1;
export const FAQ_ANSWER_FIELD = 0.4;
/**
 * A question pair in the other order ("threads login" for "sign in to Threads") makes the entry
 * closer to the question but explains nothing more than its two terms already do.
 */
export const FAQ_REVERSED_PAIR_FIELD = 0;

export interface FaqEntry {
  readonly doc: FaqDocument;
  /**
   * term -> how strongly the entry explains it, for coverage: FAQ_QUESTION_FIELD or
   * FAQ_ANSWER_FIELD, or FAQ_REVERSED_PAIR_FIELD for a question pair met in the other order.
   */
  readonly fields: ReadonlyMap<string, number>;
  /** The question's terms and pairs (in either order): what closeness compares with. */
  readonly questionTerms: ReadonlySet<string>;
  /** Sum of the weights of the question's terms, for the overlap measure. */
  readonly questionWeight: number;
  /** The question as plain lower-case words, for prefix matching in autocomplete. */
  readonly questionText: string;
}

/** The index's term weights, as an entry is built from them. */
export interface FaqTermWeights {
  /** A term's weight from the topics, or undefined when no topic uses it. Never guild-dependent. */
  readonly topicWeight: (term: string) => number | undefined;
  /** The weight of a term only FAQ entries use. */
  readonly faqOnlyWeight: number;
}

/**
 * An approved entry -> what the index stores for it. The answer's terms count in the answer
 * field (in the question field when no topic uses them); the question's terms and each pair of
 * neighbouring terms count in the question field, a pair in either order for closeness. A topic
 * meets many phrasings through its dozens of example questions; an entry has one, so "sign in
 * to Threads" must also be close to "threads login" by itself. The question's size, for the
 * closeness measure, counts each pair once, in the order written.
 */
export function faqEntry(doc: FaqDocument, weights: FaqTermWeights): FaqEntry {
  const weightOf = (term: string) => weights.topicWeight(term) ?? weights.faqOnlyWeight;
  const fields = new Map<string, number>();
  for (const term of termsOfWords(words(doc.answer, Number.POSITIVE_INFINITY))) {
    fields.set(term, weights.topicWeight(term) === undefined ? FAQ_QUESTION_FIELD : FAQ_ANSWER_FIELD);
  }
  const own = new Set(withPairs(termsOfWords(words(doc.question, Number.POSITIVE_INFINITY))));
  const questionTerms = new Set(own);
  let questionWeight = 0;
  for (const term of own) {
    questionWeight += weightOf(term);
    fields.set(term, FAQ_QUESTION_FIELD);
  }
  for (const term of own) {
    const space = term.indexOf(' ');
    if (space < 0) continue;
    const reversed = `${term.slice(space + 1)} ${term.slice(0, space)}`;
    questionTerms.add(reversed);
    if (!fields.has(reversed)) fields.set(reversed, FAQ_REVERSED_PAIR_FIELD);
  }
  return {
    doc,
    fields,
    questionTerms,
    questionWeight,
    questionText: words(doc.question, Number.POSITIVE_INFINITY).join(' '),
  };
}

/**
 * The words of an entry, question and answer, that typo correction may aim at: a misspelt word
 * in a user's question ("pikaxe") can then find a word only this guild's FAQ uses.
 */
export function faqVocabulary(doc: FaqDocument): string[] {
  return words(`${doc.question} ${doc.answer}`, Number.POSITIVE_INFINITY).filter((w) => !isStopword(w));
}

export interface WeightedQuery {
  readonly terms: readonly string[];
  readonly weights: readonly number[];
  readonly total: number;
  readonly totalWithPairs: number;
}

export interface RankedEntry {
  readonly entry: FaqEntry;
  /** Share of the query's weight the entry explains, in [0, 1]. */
  readonly coverage: number;
  /** Weighted overlap between the query and the entry's question, in [0, 1]. */
  readonly closeness: number;
  readonly score: number;
}

export class GuildFaqIndex {
  private readonly slots: (FaqEntry | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  /**
   * term -> parallel arrays: slots, coverage strengths, and 1 where the term is one of the
   * entry's question terms (0 for an answer-only term). Arrays because queries scan them far
   * more often than entries change.
   */
  private readonly postings = new Map<string, { slots: number[]; fields: number[]; question: number[] }>();
  private readonly questionTermCounts = new Map<string, number>();
  // Per-slot scratch for rank(), kept between queries: a query over 10,000 entries touches
  // thousands of them, and fresh arrays each time would keep the garbage collector busy.
  private matched = new Float64Array(64);
  private shared = new Float64Array(64);
  private touched = new Int32Array(64);

  get size(): number {
    return this.slotOf.size;
  }

  hasTerm(term: string): boolean {
    return this.postings.has(term);
  }

  /** Whether some entry's question (not just an answer) uses the term. */
  inQuestion(term: string): boolean {
    return (this.questionTermCounts.get(term) ?? 0) > 0;
  }

  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  *entries(): IterableIterator<FaqEntry> {
    for (const entry of this.slots) if (entry !== undefined) yield entry;
  }

  upsert(entry: FaqEntry): void {
    this.remove(entry.doc.id);
    const slot = this.freeSlots.pop() ?? this.slots.length;
    this.slots[slot] = entry;
    this.slotOf.set(entry.doc.id, slot);
    if (slot >= this.matched.length) {
      const grown = Math.max(slot + 1, this.matched.length * 2);
      this.matched = new Float64Array(grown);
      this.shared = new Float64Array(grown);
      this.touched = new Int32Array(grown);
    }
    for (const [term, field] of entry.fields) {
      let list = this.postings.get(term);
      if (list === undefined) {
        list = { slots: [], fields: [], question: [] };
        this.postings.set(term, list);
      }
      const inQuestion = entry.questionTerms.has(term);
      list.slots.push(slot);
      list.fields.push(field);
      list.question.push(inQuestion ? 1 : 0);
      if (inQuestion) this.questionTermCounts.set(term, (this.questionTermCounts.get(term) ?? 0) + 1);
    }
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const entry = this.slots[slot]!;
    for (const term of entry.fields.keys()) {
      const list = this.postings.get(term);
      if (list !== undefined) {
        const at = list.slots.lastIndexOf(slot);
        const lastAt = list.slots.length - 1;
        if (at >= 0) {
          list.slots[at] = list.slots[lastAt]!;
          list.fields[at] = list.fields[lastAt]!;
          list.question[at] = list.question[lastAt]!;
          list.slots.pop();
          list.fields.pop();
          list.question.pop();
        }
        if (list.slots.length === 0) this.postings.delete(term);
      }
      if (entry.questionTerms.has(term)) {
        const count = (this.questionTermCounts.get(term) ?? 1) - 1;
        if (count <= 0) this.questionTermCounts.delete(term);
        else this.questionTermCounts.set(term, count);
      }
    }
    this.slots[slot] = undefined;
    this.slotOf.delete(id);
    this.freeSlots.push(slot);
  }

  /** The `limit` best entries scoring at least `minScore`, best first. */
  rank(
    query: WeightedQuery,
    blend: (coverage: number, closeness: number) => number,
    minScore: number,
    limit: number,
  ): RankedEntry[] {
    if (query.total <= 0 || limit <= 0) return [];
    const { matched, shared, touched } = this;
    let touchedCount = 0;
    for (let i = 0; i < query.terms.length; i++) {
      const list = this.postings.get(query.terms[i]!);
      const weight = query.weights[i]!;
      // Every posting adds to matched or shared (an answer term has a field, a question term is
      // shared), so with a positive weight a slot is recorded in `touched` exactly once.
      if (list === undefined || !(weight > 0)) continue;
      const { slots, fields, question } = list;
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k]!;
        if (matched[slot] === 0 && shared[slot] === 0) touched[touchedCount++] = slot;
        matched[slot]! += weight * fields[k]!;
        shared[slot]! += weight * question[k]!;
      }
    }
    const best: RankedEntry[] = [];
    for (let t = 0; t < touchedCount; t++) {
      const slot = touched[t]!;
      const entry = this.slots[slot]!;
      const slotMatched = matched[slot]!;
      const slotShared = shared[slot]!;
      matched[slot] = 0;
      shared[slot] = 0;
      const coverage = Math.min(1, slotMatched / query.total);
      const closeness =
        slotShared === 0 ? 0 : slotShared / (query.totalWithPairs + entry.questionWeight - slotShared);
      const score = blend(coverage, closeness);
      if (score < minScore) continue;
      if (best.length === limit && score <= best[best.length - 1]!.score) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < score) at--;
      best.splice(at, 0, { entry, coverage, closeness, score });
      if (best.length > limit) best.pop();
    }
    return best;
  }
}
