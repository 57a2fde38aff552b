/**
 * Corrects misspelt question words ("instgram", "privasy") against the words the index
 * knows. Every known word that could be the intended one (same first letter, nearly the same
 * length) is checked with a bounded edit distance, which keeps only plausible slips, so
 * "topping" never becomes "shopping", and short words must keep their first letter ("cook"
 * never becomes "book"). Checking those few dozen words directly takes about 10 µs a word; a
 * fuzzy search (fuse.js) over them took 40-300 µs and set the search bench's p99.
 */

/** Shorter words are too often other real words one letter away ("cook", "book"). */
const MIN_WORD = 5;
/** Up to this length a slip must keep the first letter, which people rarely get wrong. */
const SHORT_WORD = 6;
/** Longer "words" are noise (pasted links, keyboard mashing), never a slip worth correcting. */
const MAX_WORD = 24;
const CANDIDATES = 8;
const CACHE_LIMIT = 2_000;

/** Rows of the distance table, reused across calls (lookups never overlap); grown for a longer word. */
let rows = [new Int32Array(MAX_WORD + 1), new Int32Array(MAX_WORD + 1), new Int32Array(MAX_WORD + 1)];

/** Optimal string alignment distance (Levenshtein plus swapped neighbours), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rows[0]!.length) rows = rows.map(() => new Int32Array(b.length + 1));
  let [prevPrev, prev, row] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return prev[b.length]!;
}

/** Edits allowed for a word of this length: one slip, two in long words. */
function allowedEdits(length: number): number {
  return length >= 9 ? 2 : 1;
}

/**
 * Known words are kept in small lists by first letter and length, so a lookup checks only the
 * few dozen words a slip could have come from instead of the whole vocabulary (which grows with
 * every FAQ entry). In longer words, a slip that adds a first letter or swaps the first two is
 * found through the second letter.
 */
export class TypoCorrector {
  /**
   * `maxEdits` caps the edits a correction may make (default: 1, or 2 for words of 9 letters or
   * more). Languages whose everyday words the index barely knows (the translations: their index
   * holds the knowledge base's words, not the language's) use 1, so a real word such as
   * "pendapatan" (income) is not "corrected" into a topic word two letters away.
   */
  constructor(private readonly maxEdits = 2) {}

  private readonly known = new Set<string>();
  private readonly buckets = new Map<string, string[]>();
  private readonly cache = new Map<string, readonly string[]>();

  addWords(words: Iterable<string>): void {
    let added = false;
    for (const word of words) {
      if (word.length < MIN_WORD - 1 || word.length > MAX_WORD || this.known.has(word)) continue;
      this.known.add(word);
      const key = bucketKey(word[0]!, word.length);
      let bucket = this.buckets.get(key);
      if (bucket === undefined) {
        bucket = [];
        this.buckets.set(key, bucket);
      }
      bucket.push(word);
      added = true;
    }
    if (added) this.cache.clear();
  }

  /** Known words within the allowed edit distance of `word`, closest first (empty if none). */
  candidates(word: string): readonly string[] {
    if (word.length < MIN_WORD || word.length > MAX_WORD || /\d/.test(word)) return [];
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const max = Math.min(this.maxEdits, allowedEdits(word.length));
    const found = new Map<string, number>();
    const searchFrom = (letter: string) => {
      for (let length = word.length - max; length <= word.length + max; length++) {
        const bucket = this.buckets.get(bucketKey(letter, length));
        if (bucket === undefined) continue;
        for (const item of bucket) {
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
