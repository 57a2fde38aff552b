/**
 * One guild's approved FAQ entries as an inverted index: term -> entries (by numeric slot)
 * with the field the term appears in. Ranking touches only the postings of the query's terms
 * and keeps the best few in a small array, so a query over 10,000 entries allocates almost
 * nothing and never sorts the whole guild.
 */
import type { FaqDocument } from './types.js';

/** A term in an entry's question says as much as a topic title; one in the answer far less. */
export const FAQ_QUESTION_FIELD = 1;
export const FAQ_ANSWER_FIELD = 0.4;

export interface FaqEntry {
  readonly doc: FaqDocument;
  /** term -> FAQ_QUESTION_FIELD or FAQ_ANSWER_FIELD */
  readonly fields: ReadonlyMap<string, number>;
  /** Sum of the weights of the question's terms, for the overlap measure. */
  readonly questionWeight: number;
  /** The question as plain lower-case words, for prefix matching in autocomplete. */
  readonly questionText: string;
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
  /** term -> parallel arrays of slots and fields; arrays because queries scan them far more often than entries change. */
  private readonly postings = new Map<string, { slots: number[]; fields: number[] }>();
  private readonly questionTermCounts = new Map<string, number>();
  private matched = new Float64Array(64);
  private shared = new Float64Array(64);

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
    }
    for (const [term, field] of entry.fields) {
      let list = this.postings.get(term);
      if (list === undefined) {
        list = { slots: [], fields: [] };
        this.postings.set(term, list);
      }
      list.slots.push(slot);
      list.fields.push(field);
      if (field === FAQ_QUESTION_FIELD) {
        this.questionTermCounts.set(term, (this.questionTermCounts.get(term) ?? 0) + 1);
      }
    }
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const entry = this.slots[slot]!;
    for (const [term, field] of entry.fields) {
      const list = this.postings.get(term);
      if (list !== undefined) {
        const at = list.slots.lastIndexOf(slot);
        const lastAt = list.slots.length - 1;
        if (at >= 0) {
          list.slots[at] = list.slots[lastAt]!;
          list.fields[at] = list.fields[lastAt]!;
          list.slots.pop();
          list.fields.pop();
        }
        if (list.slots.length === 0) this.postings.delete(term);
      }
      if (field === FAQ_QUESTION_FIELD) {
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
    const touched: number[] = [];
    query.terms.forEach((term, i) => {
      const list = this.postings.get(term);
      if (list === undefined) return;
      const weight = query.weights[i]!;
      const { slots, fields } = list;
      const matched = this.matched;
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k]!;
        const field = fields[k]!;
        if (matched[slot] === 0) touched.push(slot);
        matched[slot]! += weight * field;
        if (field === FAQ_QUESTION_FIELD) this.shared[slot]! += weight;
      }
    });
    const best: RankedEntry[] = [];
    for (const slot of touched) {
      const entry = this.slots[slot]!;
      const matched = this.matched[slot]!;
      const shared = this.shared[slot]!;
      this.matched[slot] = 0;
      this.shared[slot] = 0;
      const coverage = Math.min(1, matched / query.total);
      const closeness = shared === 0 ? 0 : shared / (query.totalWithPairs + entry.questionWeight - shared);
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
