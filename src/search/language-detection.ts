/**
 * Which of the bot's languages a question is written in. Chat questions are short and mix
 * languages ("como vinculo mi insta con fb"), where trigram statistics alone are unreliable
 * (franc-min reads that one as Italian), so the decision adds up four kinds of evidence:
 * - Devanagari script: Hindi;
 * - the words each language's knowledge base uses (its lexicon): a word known in one language
 *   is a point for it, a word known in two is half a point each, a word English knows is a point
 *   for English only (other languages borrow "story" and "login"), and a word every language
 *   knows (an app's name) tells nothing;
 * - words typical of one language and of no other the bot speaks (its language.yaml markers and
 *   stopwords, English's built-in filler words), one more point each;
 * - franc-min's trigram ranking over the bot's languages, for text long enough to have trigrams;
 * and the asker's Discord locale breaks ties (short or mixed text: "fb ig??" from a Brazilian
 * client is answered in Portuguese). A question with no evidence at all goes to the asker's
 * locale, else English.
 */
import { franc, francAll } from 'franc-min';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.js';
import { LATIN_MARKS } from './normalise.js';

export interface LanguageProfile {
  readonly locale: Locale;
  /** Words typical of the language (markers, stopwords); any case and accents. */
  readonly words: readonly string[];
  /** Texts in the language (its knowledge base): every word in them is known to it. */
  readonly texts?: readonly string[];
}

/** franc's ISO 639-3 code for each locale. */
const FRANC_CODES: Readonly<Record<Locale, string>> = {
  'en-US': 'eng',
  'es-ES': 'spa',
  'pt-BR': 'por',
  fr: 'fra',
  de: 'deu',
  id: 'ind',
  hi: 'hin',
};

/**
 * Languages franc-min confuses with one of ours on chat text, read as ours: everyday Indonesian
 * comes out as Malay, Javanese, Sundanese or Madurese, Brazilian chat as Galician, Hindi as one
 * of the Bihari languages.
 */
const NEIGHBOURS: Readonly<Record<string, string>> = {
  zlm: 'ind',
  zsm: 'ind',
  jav: 'ind',
  sun: 'ind',
  mad: 'ind',
  min: 'ind',
  glg: 'por',
  // Magahi, Bhojpuri and Maithili are written in Devanagari and share much of Hindi's
  // vocabulary: franc-min reads many short Hindi questions as one of them ("कक्षा 10 के गणित में
  // द्विघात समीकरण कैसे हल करें" ranks Magahi first), while Marathi and Nepali it tells apart.
  mag: 'hin',
  bho: 'hin',
  mai: 'hin',
};

/** Below this many characters franc's ranking says little (trigram counts are too small). */
const FRANC_MIN_CHARS = 40;
/** What franc's ranking adds at most: less than two typical words, more than a tie-break. */
const FRANC_WEIGHT = 1;
/** franc ranks the best language 1 and others relative to it; ranks below this add nothing. */
const FRANC_FLOOR = 0.8;
/** The asker's locale: enough to break a tie, never enough to outvote one typical word. */
const ASKER_WEIGHT = 0.5;
/** Text with at most this many words that any one language knows is short... */
const SHORT_TEXT_WORDS = 3;
/**
 * ...and there, unless a word typical of another language is in it, the asker's locale outweighs
 * one English word, though not two.
 */
const SHORT_TEXT_ASKER_WEIGHT = 1.5;
/** Fewer words than this (app names aside) are too few to call a question another language. */
const UNSPOKEN_MIN_WORDS = 3;
/** A question whose words the bot's languages know at least this share of is in one of them. */
const UNSPOKEN_MAX_KNOWN_SHARE = 0.5;
/** franc answers "und" (undetermined) below this many characters. */
const UNSPOKEN_MIN_CHARS = 10;
/** Devanagari letters that make a question Hindi. */
const DEVANAGARI = /\p{Script=Devanagari}/gu;
const DEVANAGARI_MIN_LETTERS = 2;

/** Apostrophes split words too: "d'instagram" is "d" and "instagram". */
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/u;
/** Plain ASCII needs no Unicode normalisation (a cheap test before the costly one). */
const NON_ASCII = /[^\p{ASCII}]/u;

/** A lower-case word without the accents on its Latin letters (Devanagari signs kept). */
function unaccented(word: string): string {
  // Most words are plain ASCII: only the others pay for Unicode normalisation.
  return !NON_ASCII.test(word) ? word : word.normalize('NFKD').replace(LATIN_MARKS, '').normalize('NFC');
}

/** Lower-case words of a text as written (accents kept: "é" is Portuguese, "e" is not). */
function writtenWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(NOT_WORD)
    .filter((w) => w !== '');
}

/** Lower-case words of a text, accents on Latin letters removed (Devanagari signs kept). */
function plainWords(text: string): string[] {
  return writtenWords(text).map(unaccented);
}

/** A word as written and, when it has accents, without them: the forms a lexicon knows it by. */
function forms(word: string): string[] {
  const plain = unaccented(word);
  return plain === word ? [word] : [word, plain];
}

export class LanguageDetector {
  /** Word -> the one language it is typical of (words typical of two languages tell nothing). */
  private readonly typical = new Map<string, Locale>();
  /** Word -> the languages whose texts or word lists use it. */
  private readonly known = new Map<string, Locale[]>();
  /** Word -> the languages whose word lists (stopwords, markers, synonyms) have it. */
  private readonly functionWords: ReadonlyMap<string, ReadonlySet<Locale>>;
  /** Words every language knows (app names): no evidence of any language. */
  private readonly everywhere = new Set<string>();
  private readonly locales: readonly Locale[];

  /** One profile per language the bot speaks, English included. */
  constructor(profiles: readonly LanguageProfile[]) {
    this.locales = profiles.map((p) => p.locale);
    const owners = new Map<string, Set<Locale>>();
    for (const profile of profiles) {
      for (const word of profile.words.flatMap(writtenWords).flatMap(forms)) {
        const set = owners.get(word) ?? new Set<Locale>();
        set.add(profile.locale);
        owners.set(word, set);
      }
    }
    for (const [word, set] of owners) if (set.size === 1) this.typical.set(word, [...set][0]!);
    this.functionWords = owners;
    const lexicon = new Map<string, Set<Locale>>([...owners].map(([word, set]) => [word, new Set(set)]));
    for (const profile of profiles) {
      for (const text of profile.texts ?? []) {
        for (const word of writtenWords(text).flatMap(forms)) {
          const set = lexicon.get(word) ?? new Set<Locale>();
          set.add(profile.locale);
          lexicon.set(word, set);
        }
      }
    }
    for (const [word, set] of lexicon) {
      if (set.size < this.locales.length) this.known.set(word, [...set]);
      else this.everywhere.add(word);
    }
  }

  /**
   * Is the text written in a language the bot does not speak? True when at least
   * UNSPOKEN_MIN_WORDS of its words (app names aside) are mostly unknown to every language's
   * lexicon and franc-min names a language outside the bot's. Pure; never throws.
   */
  isUnspoken(text: string): boolean {
    const words = [...new Set(plainWords(text))].filter((w) => !this.everywhere.has(w) && !/^\d+$/.test(w));
    if (words.length < UNSPOKEN_MIN_WORDS) return false;
    const known = words.filter((w) => this.known.has(w)).length;
    if (known / words.length >= UNSPOKEN_MAX_KNOWN_SHARE) return false;
    const code = franc(text, { minLength: UNSPOKEN_MIN_CHARS });
    const ours = NEIGHBOURS[code] ?? code;
    return code !== 'und' && !this.locales.some((l) => FRANC_CODES[l] === ours);
  }

  /**
   * Question text and the asker's locale (already mapped to one the bot speaks, or null) -> the
   * locale to answer in. Pure; bounded by the question's length (callers pass at most
   * MAX_QUESTION_CHARS); never throws.
   */
  detect(text: string, asker: Locale | null): Locale {
    return this.rank(text, asker)[0]!;
  }

  /**
   * Like detect, but every language the text may be in, best first: those with any evidence
   * (or the asker's), then English when it has none. The answer path tries the next one when
   * the first cannot read the question. Never empty.
   */
  rank(text: string, asker: Locale | null): Locale[] {
    return this.rankScored(text, asker).map(([locale]) => locale);
  }

  /**
   * Like rank, with each language's evidence from the text itself: its words and, for long text,
   * franc-min's trigrams (the asker's locale, which only breaks ties, is left out), so two
   * languages' figures for one text compare ("as much Spanish as English"); figures of different
   * texts do not. Devanagari text is Hindi alone, with evidence 1.
   */
  rankScored(text: string, asker: Locale | null): [Locale, number][] {
    const has = (locale: Locale) => this.locales.includes(locale);
    const askerHere = asker !== null && has(asker) ? asker : null;
    if (has('hi') && (text.match(DEVANAGARI)?.length ?? 0) >= DEVANAGARI_MIN_LETTERS) return [['hi', 1]];
    const score = new Map<Locale, number>(this.locales.map((l) => [l, 0]));
    let telling = 0;
    /** Languages with a word typical of them alone in the text. */
    const typicalOf = new Set<Locale>();
    for (const written of new Set(writtenWords(text))) {
      // As written when a language knows it so ("é", "dueño"), else without its accents.
      const word = this.known.has(written) || this.typical.has(written) ? written : unaccented(written);
      if (this.known.has(word)) telling++;
      // An English word inside another language is code-switching ("story", "login"): evidence
      // for English, and for another language only when it is one of that language's own
      // function words too ("me", "no" are Spanish as much as English).
      const known = this.known.get(word) ?? [];
      const owners = known.includes(DEFAULT_LOCALE)
        ? known.filter((l) => l === DEFAULT_LOCALE || this.functionWords.get(word)?.has(l))
        : known;
      for (const locale of owners) score.set(locale, score.get(locale)! + 1 / owners.length);
      const locale = this.typical.get(word);
      if (locale !== undefined) {
        score.set(locale, score.get(locale)! + 1);
        typicalOf.add(locale);
      }
    }
    const words = [...score.values()].some((s) => s > 0);
    const long = text.trim().length >= FRANC_MIN_CHARS;
    if (!words && !long) return [[askerHere ?? DEFAULT_LOCALE, 0]];
    if (long) {
      const only = this.locales.map((l) => FRANC_CODES[l]);
      for (const [code, rank] of francAll(text, { only })) {
        const locale = this.locales.find((l) => FRANC_CODES[l] === code);
        const lead = Math.max(0, (rank - FRANC_FLOOR) / (1 - FRANC_FLOOR));
        if (locale !== undefined) score.set(locale, score.get(locale)! + FRANC_WEIGHT * lead);
      }
    }
    /** What the text says about each language, before the asker's locale adds its weight. */
    const evidence = new Map(score);
    /** The language that led before the short-text bonus, when the bonus took the lead from it. */
    let overtaken: Locale | undefined;
    if (askerHere !== null) {
      // Short text says little about its language ("insta fb connected?" from a Hindi client):
      // there the asker's locale outweighs a word or two of English, unless a word typical of
      // another language says otherwise.
      const otherTypical = [...typicalOf].some((locale) => locale !== askerHere);
      const short = telling <= SHORT_TEXT_WORDS && !otherTypical;
      const leader = this.locales.reduce((a, b) =>
        score.get(b)! + (b === askerHere ? ASKER_WEIGHT : 0) >
        score.get(a)! + (a === askerHere ? ASKER_WEIGHT : 0)
          ? b
          : a,
      );
      score.set(askerHere, score.get(askerHere)! + (short ? SHORT_TEXT_ASKER_WEIGHT : ASKER_WEIGHT));
      if (short && leader !== askerHere && leader !== DEFAULT_LOCALE) overtaken = leader;
    }
    // Sorted by score; on a tie English first (the source language), then LOCALES order...
    const scored = (order: Locale[]): [Locale, number][] => order.map((l) => [l, evidence.get(l)!]);
    const ranked = this.locales
      .filter((l) => score.get(l)! > 0)
      .sort((a, b) => score.get(b)! - score.get(a)!);
    const [first, second] = ranked;
    if (first === undefined) return [[DEFAULT_LOCALE, 0]];
    // ...except that two other languages tied at the top ("insta e face juntos?" is Spanish and
    // Portuguese alike) go to the one franc-min prefers, however short the text.
    if (second !== undefined && first !== DEFAULT_LOCALE && score.get(first) === score.get(second)) {
      const [best] = francAll(text, { only: [FRANC_CODES[first], FRANC_CODES[second]] });
      if (best?.[0] === FRANC_CODES[second]) return scored([second, first, ...ranked.slice(2)]);
    }
    // The same when the asker's locale won only by the short-text bonus over another of the
    // bot's languages ("¿Facebook es dueño de WhatsApp?" from a Brazilian client is Spanish).
    if (overtaken !== undefined && first === askerHere) {
      const [best] = francAll(text, { only: [FRANC_CODES[first], FRANC_CODES[overtaken]] });
      if (best?.[0] === FRANC_CODES[overtaken]) {
        return scored([overtaken, first, ...ranked.filter((l) => l !== overtaken && l !== first)]);
      }
    }
    return scored(ranked);
  }
}
