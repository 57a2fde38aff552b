/**
 * Is a question the English index was given written in a language other than English? The
 * multilingual index sends a question here when its words looked English; one that is not gets
 * the next language with evidence, or "I read these languages" rather than "that's off-topic".
 *
 * franc-min (trigram language identification) names the language, but on short chat text it
 * is often wrong ("fb ig connected??" reads as French), so it only confirms what the words say:
 * a question counts as foreign when most of its words that are not app names (after typo
 * correction) are neither English filler words nor words the knowledge base uses, and franc
 * does not read it as English.
 */
import { franc } from 'franc-min';

/** Fewer non-name words than this is too little to judge: "threads?" is simply short. */
const MIN_WORDS = 2;
/** Share of English words below which a question is read as another language. */
const MAX_ENGLISH_SHARE = 0.5;
/** franc needs some text to say anything; below this it answers "und" (undetermined). */
const FRANC_MIN_LENGTH = 8;

/**
 * Letters of the scripts the bot's languages are written in (Latin for English, Spanish,
 * Portuguese, French, German and Indonesian; Devanagari for Hindi). Scripts are Unicode's
 * (UAX #24); a question whose letters are mostly in another (Japanese, Cyrillic, Arabic…) is in
 * a language the bot does not read however few "words" it splits into: Japanese has no spaces.
 */
const READ_SCRIPT = /[\p{Script=Latin}\p{Script=Devanagari}]/u;
const LETTER = /\p{L}/gu;
/** Letters needed before a script says anything ("ok 👍" has too few to judge). */
const MIN_SCRIPT_LETTERS = 3;

/** Whether most of a text's letters are in scripts none of the bot's languages use. */
function inUnreadScript(text: string): boolean {
  let letters = 0;
  let read = 0;
  for (const [letter] of text.matchAll(LETTER)) {
    letters++;
    if (READ_SCRIPT.test(letter)) read++;
  }
  return letters >= MIN_SCRIPT_LETTERS && read * 2 < letters;
}

export interface LanguageEvidence {
  /** Words of the question that are not app or company names, after typo correction. */
  readonly words: readonly string[];
  /** Whether a word is English: a filler word or one the knowledge base uses. */
  readonly isEnglish: (word: string) => boolean;
}

/**
 * Question text and its word evidence -> true when it is written in another language.
 * Pure; never throws.
 */
export function isForeignLanguage(text: string, evidence: LanguageEvidence): boolean {
  if (inUnreadScript(text)) return true;
  // Each word counts once: repeating a word ("zzz zzz zzz") is no evidence of a language.
  const words = [...new Set(evidence.words)];
  const { isEnglish } = evidence;
  if (words.length < MIN_WORDS) return false;
  const english = words.filter(isEnglish).length;
  if (english / words.length >= MAX_ENGLISH_SHARE) return false;
  return franc(text, { minLength: FRANC_MIN_LENGTH }) !== 'eng';
}
