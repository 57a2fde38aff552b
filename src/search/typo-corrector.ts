/**
 * Corrects misspelt question words ("instgram", "privasy") against the words the index
 * knows. fuse.js proposes candidates over the vocabulary (short strings, where it is strong);
 * an edit-distance bound then keeps only plausible slips, so "topping" never becomes "shopping",
 * and short words must keep their first letter ("cook" never becomes "book").
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
const FUSE_OPTIONS = { includeScore: true, threshold: 0.4, ignoreLocation: true, minMatchCharLength: 2 };

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

/**
 * Known words are kept in small fuse.js collections by first letter and length, so a lookup
 * searches only the few dozen words a slip could have come from instead of the whole
 * vocabulary (which grows with every FAQ entry). In longer words, a slip that adds a first
 * letter or swaps the first two is found through the second letter.
 */
export class TypoCorrector {
  private readonly known = new Set<string>();
  private readonly buckets = new Map<string, Fuse<string>>();
  private readonly cache = new Map<string, readonly string[]>();

  addWords(words: Iterable<string>): void {
    let added = false;
    for (const word of words) {
      if (word.length < MIN_WORD - 1 || word.length > MAX_WORD || this.known.has(word)) continue;
      this.known.add(word);
      const key = bucketKey(word[0]!, word.length);
      let bucket = this.buckets.get(key);
      if (bucket === undefined) {
        bucket = new Fuse<string>([], FUSE_OPTIONS);
        this.buckets.set(key, bucket);
      }
      bucket.add(word);
      added = true;
    }
    if (added) this.cache.clear();
  }

  /** Known words within the allowed edit distance of `word`, closest first (empty if none). */
  candidates(word: string): readonly string[] {
    if (word.length < MIN_WORD || word.length > MAX_WORD || /\d/.test(word)) return [];
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const max = allowedEdits(word.length);
    const found = new Map<string, number>();
    const searchFrom = (letter: string) => {
      for (let length = word.length - max; length <= word.length + max; length++) {
        const bucket = this.buckets.get(bucketKey(letter, length));
        if (bucket === undefined) continue;
        for (const { item } of bucket.search(word, { limit: CANDIDATES })) {
          const distance = editDistance(word, item, max);
          if (distance <= max) found.set(item, distance);
        }
      }
    };
    searchFrom(word[0]!);
    if (found.size === 0 && word.length > SHORT_WORD && word[1] !== word[0]) searchFrom(word[1]!);
    const best = [...found]
      .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
      .slice(0, CANDIDATES)
      .map(([candidate]) => candidate);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, best);
    return best;
  }
}

function bucketKey(letter: string, length: number): string {
  return `${letter}${length}`;
}
