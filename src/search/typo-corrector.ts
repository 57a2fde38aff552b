/**
 * Corrects misspelt question words ("instgram", "privasy") against the words the index
 * knows. fuse.js proposes candidates over the vocabulary (short strings, where it is strong);
 * an edit-distance bound then keeps only plausible slips, so "topping" never becomes "shopping".
 */
import Fuse from 'fuse.js';

/** Shorter words are too often other real words one letter away ("cook", "book"). */
const MIN_WORD = 5;
/** Up to this length a slip must keep the first letter, which people rarely get wrong. */
const SHORT_WORD = 6;
/** fuse.js's bitap works on patterns of up to 32 characters; longer "words" are noise anyway. */
const MAX_WORD = 24;
const CANDIDATES = 8;
const CACHE_LIMIT = 2_000;

/** Optimal string alignment distance (Levenshtein plus swapped neighbours), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** Edits allowed for a word of this length: one slip, two in long words. */
function allowedEdits(length: number): number {
  return length >= 9 ? 2 : 1;
}

export class TypoCorrector {
  private readonly known = new Set<string>();
  private readonly fuse = new Fuse<string>([], {
    includeScore: true,
    threshold: 0.4,
    ignoreLocation: true,
    minMatchCharLength: 2,
    shouldSort: true,
  });
  private readonly cache = new Map<string, readonly string[]>();

  addWords(words: Iterable<string>): void {
    let added = false;
    for (const word of words) {
      if (word.length < MIN_WORD - 1 || word.length > MAX_WORD || this.known.has(word)) continue;
      this.known.add(word);
      this.fuse.add(word);
      added = true;
    }
    if (added) this.cache.clear();
  }

  has(word: string): boolean {
    return this.known.has(word);
  }

  /** Known words within the allowed edit distance of `word`, closest first (empty if none). */
  candidates(word: string): readonly string[] {
    if (word.length < MIN_WORD || word.length > MAX_WORD || /\d/.test(word)) return [];
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const max = allowedEdits(word.length);
    const found = this.fuse
      .search(word, { limit: CANDIDATES * 4 })
      .map((r) => ({ word: r.item, distance: editDistance(word, r.item, max) }))
      .filter((c) => c.distance <= max && (word.length > SHORT_WORD || c.word[0] === word[0]))
      .sort((x, y) => x.distance - y.distance)
      .slice(0, CANDIDATES)
      .map((c) => c.word);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, found);
    return found;
  }
}
