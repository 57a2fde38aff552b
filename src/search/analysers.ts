/**
 * How each language turns text into search terms. English uses the built-in pipeline of
 * normalise.ts (its word lists and stemmer were tuned on English questions); every other locale
 * uses its knowledge folder's language.yaml (stopwords, synonyms) and the Snowball stemmer for
 * that language from @orama/stemmers (Hindi: Snowball's Hindi stemmer for Devanagari words).
 * Index and questions of one language share one analyser, so they meet on the same terms.
 */

import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { stemmer as germanStemmer } from '@orama/stemmers/german';
import { stemmer as hindiStemmer } from '@orama/stemmers/indian';
import { stemmer as indonesianStemmer } from '@orama/stemmers/indonesian';
import { stemmer as portugueseStemmer } from '@orama/stemmers/portuguese';
import { stemmer as spanishStemmer } from '@orama/stemmers/spanish';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.js';
import type { LanguageWords } from '../knowledge/schema.js';
import { isCommonEnglishWord } from './common-english-words.js';
import {
  appNameSynonyms,
  builtInVocabulary,
  canonicalWords,
  DISCORD_MARKUP,
  INVISIBLE,
  isStopword,
  LATIN_MARKS,
  MAX_QUESTION_CHARS,
  stem,
  termsOfWords,
  WEB_SUFFIX,
  words,
} from './normalise.js';

export interface Analyser {
  readonly locale: Locale;
  /** True for English only: its question-shape rules ("what is an api") are English phrases. */
  readonly english: boolean;
  /** Lower-case words of `text` (at most `maxChars` of it read), punctuation removed. */
  words(text: string, maxChars?: number): string[];
  /** Synonyms applied; stopwords kept (the question-shape rules read them). */
  canonicalWords(raw: readonly string[]): string[];
  /** Canonical words without stopwords and small numbers, stemmed: the index's terms. */
  termsOfWords(raw: readonly string[]): string[];
  /**
   * Positions in `raw` of the words that a synonym phrase of two or more words covers ("se
   * parlent", "accounts center"): typo correction leaves them alone, or a corrected word would
   * break the phrase before it is read. Empty for English, whose phrases are built in.
   */
  phraseWords(raw: readonly string[]): ReadonlySet<number>;
  isStopword(word: string): boolean;
  stem(word: string): string;
  /** Words the analyser knows before any content is loaded (for typo correction). */
  builtInVocabulary(): string[];
  /**
   * True for an everyday word of the language, which typo correction never turns into another
   * word ("threat" stays "threat"). Only English has such a list; elsewhere always false.
   */
  isCommonWord(word: string): boolean;
}

const NO_POSITIONS: ReadonlySet<number> = new Set();

export const englishAnalyser: Analyser = {
  locale: DEFAULT_LOCALE,
  english: true,
  words,
  canonicalWords,
  termsOfWords,
  isStopword,
  stem,
  builtInVocabulary,
  phraseWords: () => NO_POSITIONS,
  isCommonWord: isCommonEnglishWord,
};

/**
 * Names that are the same word in every language. They are stemmed the English way everywhere,
 * so "instagram" is one term whatever the question's language, and the rules that ask whether
 * a question names an app work in every index.
 */
const SHARED_NAMES = new Set([
  'facebook',
  'instagram',
  'meta',
  'messenger',
  'whatsapp',
  'threads',
  'accountscenter',
  'marketplace',
  'metaverse',
  'zuckerberg',
]);

const SHARED_SYNONYMS = appNameSynonyms(SHARED_NAMES);

const STEMMERS: Readonly<Record<Exclude<Locale, 'en-US'>, (word: string) => string>> = {
  'es-ES': spanishStemmer,
  'pt-BR': portugueseStemmer,
  fr: frenchStemmer,
  de: germanStemmer,
  id: indonesianStemmer,
  hi: hindiStemmer,
};

/**
 * Accented endings the Snowball stemmers look for, restored on words typed without accents
 * (both sides lose their accents first, so "publicacion" and "publicación" are one word; but the
 * Spanish stemmer only strips "-ción" with its accent). Applied before stemming; the stem then
 * loses its accents again.
 */
const ACCENTED_ENDINGS: Partial<Record<Locale, readonly (readonly [RegExp, string])[]>> = {
  'es-ES': [
    [/cion$/, 'ción'],
    [/sion$/, 'sión'],
  ],
  'pt-BR': [
    [/cao$/, 'ção'],
    [/coes$/, 'ções'],
    [/oes$/, 'ões'],
    [/encia$/, 'ência'],
    [/avel$/, 'ável'],
    [/ivel$/, 'ível'],
  ],
  fr: [
    [/ite$/, 'ité'],
    [/ites$/, 'ités'],
  ],
};

/** Every combining mark: what Latin-script languages lose (a cheaper pattern than LATIN_MARKS). */
const ALL_MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/gu;
const APOSTROPHES = /['’‘`]/g;
const LATIN_WORD = /^[\p{Script=Latin}\p{N}]+$/u;
/** See normalise.ts: one to three digits are rarely the point of a question; years stay. */
const SMALL_NUMBER = /^\d{1,3}$/;
/** Distinct words whose stems an analyser remembers: the knowledge base has a few thousand. */
const STEM_CACHE_LIMIT = 50_000;

/**
 * A locale's analyser from its language.yaml word lists. Synonym keys may be phrases of up to
 * any number of words; the longest match wins. Hindi written in Latin script (Hinglish) is
 * kept unstemmed: Snowball's Hindi stemmer reads Devanagari only.
 */
function createAnalyser(locale: Exclude<Locale, 'en-US'>, lists: LanguageWords): Analyser {
  // Only Hindi has marks that are letters' own (Devanagari vowel signs); elsewhere all go.
  const marks = locale === 'hi' ? LATIN_MARKS : ALL_MARKS;
  const toWords = (text: string, maxChars = MAX_QUESTION_CHARS): string[] => {
    const bounded = text.length > maxChars ? text.slice(0, maxChars) : text;
    const cleaned = bounded
      .replace(INVISIBLE, '')
      .replace(DISCORD_MARKUP, ' ')
      .replace(WEB_SUFFIX, ' ')
      .normalize('NFKD')
      .replace(marks, '')
      .normalize('NFC')
      .toLowerCase()
      .replace(APOSTROPHES, ' ')
      .replace(NOT_WORD, ' ')
      .trim();
    return cleaned === '' ? [] : cleaned.split(' ');
  };
  const stopwords = new Set(lists.stopwords.flatMap((w) => toWords(w)));
  const synonyms = new Map<string, string[]>();
  for (const [from, to] of SHARED_SYNONYMS) synonyms.set(from, to.split(' '));
  for (const [from, to] of Object.entries(lists.synonyms)) {
    const key = toWords(from).join(' ');
    if (key !== '') synonyms.set(key, toWords(to));
  }
  const languageStem = STEMMERS[locale];
  const endings = ACCENTED_ENDINGS[locale] ?? [];
  // Snowball stemmers cost microseconds a word and the knowledge base repeats its words, so
  // each word is stemmed once (bounded: past STEM_CACHE_LIMIT words, stemming runs uncached).
  const stems = new Map<string, string>();
  const stemWord = (word: string): string => {
    const cached = stems.get(word);
    if (cached !== undefined) return cached;
    const result = stemUncached(word);
    if (stems.size < STEM_CACHE_LIMIT) stems.set(word, result);
    return result;
  };
  const stemUncached = (word: string): string => {
    if (SHARED_NAMES.has(word)) return stem(word);
    if (/\d/.test(word) || word.length <= 2) return word;
    if (locale === 'hi' && LATIN_WORD.test(word)) return word;
    const ending = endings.find(([pattern]) => pattern.test(word));
    const accented = ending === undefined ? word : word.replace(ending[0], ending[1]);
    return languageStem(accented).normalize('NFKD').replace(marks, '').normalize('NFC');
  };
  // Phrase keys are looked up only from a word that starts one, so most words cost one lookup.
  const phraseStarts = new Map<string, number>();
  for (const key of synonyms.keys()) {
    const parts = key.split(' ');
    if (parts.length > 1)
      phraseStarts.set(parts[0]!, Math.max(phraseStarts.get(parts[0]!) ?? 0, parts.length));
  }
  /** The longest synonym phrase (two or more words) starting at raw[i], in words; 0 when none. */
  const phraseAt = (raw: readonly string[], i: number): number => {
    const longest = Math.min(phraseStarts.get(raw[i]!) ?? 1, raw.length - i);
    for (let n = longest; n >= 2; n--) if (synonyms.has(raw.slice(i, i + n).join(' '))) return n;
    return 0;
  };
  const canonical = (raw: readonly string[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < raw.length; i++) {
      const n = phraseAt(raw, i);
      if (n > 0) {
        out.push(...synonyms.get(raw.slice(i, i + n).join(' '))!);
        i += n - 1;
        continue;
      }
      const word = raw[i]!;
      out.push(...(synonyms.get(word) ?? [word]));
    }
    return out;
  };
  return {
    locale,
    english: false,
    words: toWords,
    canonicalWords: canonical,
    termsOfWords(raw) {
      const out: string[] = [];
      for (const word of canonical(raw)) {
        if (word.length === 0 || stopwords.has(word) || SMALL_NUMBER.test(word)) continue;
        out.push(stemWord(word));
      }
      return out;
    },
    isStopword: (word) => stopwords.has(word),
    stem: stemWord,
    phraseWords(raw) {
      const covered = new Set<number>();
      for (let i = 0; i < raw.length; i++) {
        const n = phraseAt(raw, i);
        for (let k = 0; k < n; k++) covered.add(i + k);
        if (n > 0) i += n - 1;
      }
      return covered;
    },
    builtInVocabulary: () => [...stopwords, ...synonyms.keys(), ...[...synonyms.values()].flat()],
    isCommonWord: () => false,
  };
}

/**
 * A locale and its language.yaml word lists (null when it has none) -> its analyser: English's
 * built-in pipeline for en-US, the word lists and the language's Snowball stemmer otherwise.
 */
export function analyserFor(locale: Locale, lists: LanguageWords | null): Analyser {
  if (locale === 'en-US') return englishAnalyser;
  return createAnalyser(locale, lists ?? { stopwords: [], synonyms: {}, markers: [] });
}
