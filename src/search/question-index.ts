/**
 * The question index: ranks knowledge topics and one guild's community FAQ entries for a
 * free-text question and decides whether the best one is a confident answer.
 *
 * Questions and documents are reduced to the same normalised terms (see normalise.ts), plus
 * pairs of neighbouring terms. A document's score in [0, 1] blends two views of a question:
 *  - coverage: the share of the question's weight (rare, curated terms weigh more) that the
 *    document explains, each term counted by how strongly the document uses it (a topic's
 *    title, aliases, keywords and examples add up; its long body counts little);
 *  - closeness: weighted overlap with the document's closest example questions (for an FAQ
 *    entry, its question).
 * Term weights come from the topics alone, so topic and FAQ scores stay comparable in every
 * guild. A query touches only the postings of its own (at most MAX_QUERY_TERMS) terms, so its
 * cost does not grow with the amount of FAQ text. Typos are corrected against the vocabulary by
 * a bounded edit distance (typo-corrector.ts). Only normalised words (letters and digits) are
 * ever compared, so operator characters typed by users are inert.
 *
 * The decision: an answer needs a minimum score that depends on what the question names (one of
 * Meta's apps or products; nothing of ours; a word we cannot place; another company's app) and a
 * lead over the runner-up that shrinks to nothing as the score rises. A short "what is an api"
 * that names nothing of Meta's is a dictionary question and is never answered.
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { OutOfScopeKind, Section, Topic } from '../knowledge/schema.js';
import { type Analyser, englishAnalyser } from './analysers.js';
import { type FaqEntry, faqEntry, faqVocabulary, GuildFaqIndex } from './guild-faq-index.js';
import { isForeignLanguage } from './language.js';
import { MAX_QUERY_TERMS, MAX_QUESTION_CHARS, stem, termsOfWords, withPairs, words } from './normalise.js';
import type { FaqDocument, QuestionIndex, Refusal, SearchHit, SearchOptions, SearchResult } from './types.js';

/** What the answer decision settles; search() adds the language it answers in. */
type Decision = Omit<SearchResult, 'locale'>;

import { editDistance, TypoCorrector } from './typo-corrector.js';

/** How much a term found in each field says about the document. */
const FIELD_WEIGHT = {
  title: 1,
  alias: 1,
  keyword: 0.9,
  sectionKeyword: 0.8,
  example: 0.8,
  summary: 0.6,
  body: 0.35,
} as const;

/** Weight of a term no topic uses but a guild's FAQ does: as telling as a rare topic term. */
const FAQ_ONLY_TERM_WEIGHT = 2;
/** Weight of a term nothing in the index knows: it is part of the question we cannot explain. */
const UNKNOWN_TERM_WEIGHT = 1.5;
/**
 * Coverage is measured against the question's core: its strongest known terms and a couple of
 * unknown ones. A long, rambling question then is not refused for all the words it adds, while
 * a short one with a word we do not know ("who bought tiktok") still is.
 */
const CORE_KNOWN_TERMS = 6;
const CORE_UNKNOWN_TERMS = 2;
/** App names as people spell them: a fixed handful, so checking a word costs the same in any guild. */
const APP_NAMES = ['facebook', 'instagram', 'messenger', 'whatsapp', 'threads', 'thread'] as const;
/** The shortest word read as a misspelt app name (see misspeltAppName). */
const MISSPELT_APP_MIN_LENGTH = 5;
/** The fewest words a part of a two-part question has ("and will they merge"). */
const MIN_PART_WORDS = 3;
const MIN_TERM_WEIGHT = 0.12;
/** The least weight of an app's name that is also a topic's name ("whatsapp", "threads"). */
const NAME_TERM_WEIGHT = 2.5;
const CONTEXT_TERM_FACTOR = 0.5;
/** A topic about one app, for a question that does not name that app (see rankTopics). */
const UNNAMED_APP_TOPIC_FACTOR = 0.75;
const EVIDENCE_SCALE = 1;
/** A topic's closeness is the mean of its two closest examples: several agreeing beat one. */
const CLOSEST_EXAMPLES = 2;
/** An out-of-scope kind's examples are deliberately diverse: one close example is enough. */
const CLOSEST_REFUSAL_EXAMPLES = 1;
/** Share of coverage in the blended score; the rest is closeness to an example question. */
const COVERAGE_SHARE = 0.7;

/**
 * A confident answer needs this score (more when the question names none of Meta's apps, so
 * "what time is it" cannot ride on one shared word) and a lead over the runner-up. The lead
 * needed shrinks as the score rises: when two topics both explain a question well, the better
 * one is a useful answer (the other is offered beside it), while refusing helps nobody.
 */
export const ANSWER_MIN_SCORE = { namesApp: 0.3, otherwise: 0.5, unexplained: 0.58 } as const;
export const ANSWER_MIN_LEAD = 0.015;
/**
 * A question this long is a story around its question ("so my grandma finally got on instagram
 * last week and she keeps asking..."): its context words fit no topic, so it scores lower than a
 * short question on the same subject. When one topic alone fits it at all (the only candidate
 * above the suggestion floor, once every kind of refusal has had its say), that topic is what it
 * asks about, and it needs only the bar of a question that names an app. Measured on the
 * project's sets before the rule: of such questions with 12 words or more, 58 were on the right
 * topic, 23 on a wrong one and 8 off-topic; with fewer words, off-topic questions outnumber them.
 */
const STORY_MIN_WORDS = 12;
/**
 * The same holds for such a question that one topic fits this much better than any other: a
 * lead of 0.1 gained 7 questions top-1 for 1 more confident-wrong on the project's sets; 0.07
 * gained 5 more for 4 more wrong.
 */
const STORY_MIN_LEAD = 0.1;
/** The lead needed starts shrinking at this score and is gone at the second. */
const LEAD_RELAXES = { from: 0.65, to: 0.75 } as const;
/** Topics this close are a tie that a subject the question names settles (preferNamedSubject). */
const NAMED_TIE = 0.01;
/**
 * Subject names too common to name a subject by themselves: "my own login", "contact support",
 * "messages" (the ownership, contacts and messaging topics' ids, as terms).
 */
const EVERYDAY_SUBJECT_NAMES = new Set(['own', 'contact', 'messag']);
/** A section answers instead of the topic's lead only when it scores at least this much. */
const SECTION_MIN_SCORE = 0.2;
const BROAD_SECTION_MIN_SCORE = 0.6;
/**
 * An out-of-scope kind refuses a question when it scores at least this much and no less than
 * REFUSAL_MARGIN below the best topic: "how do i get more followers on insta" shares "insta"
 * with every topic, but its closest examples are app how-to questions.
 */
const REFUSAL_MIN_SCORE = 0.3;
const REFUSAL_MARGIN = 0;
/**
 * The kind of question about using one app by itself ("how do i unsend a message on messenger").
 * Every topic is about how the apps connect, so a question that names exactly one app and fits
 * this kind about as well as a topic asks about that app, not about its links: the kind wins
 * within ONE_APP_REFUSAL_MARGIN. A question naming two apps asks how they relate and gets none.
 */
const ONE_APP_KIND = 'app-how-to';
const ONE_APP_REFUSAL_MARGIN = 0.05;
/**
 * A question naming WhatsApp alone whose best topic is WhatsApp's is app how-to when, without the
 * app's name, the rest of it fits the one-app kind at least this much better than that topic and
 * any of its sections (asksAboutTheAppAlone). Measured over the project's sets when the rule also
 * covered Threads (without sections): 11 app how-to questions refused, 1 question of the topic
 * lost; at a lead of 0 it refused 15 and lost 4.
 */
const APP_ALONE_LEAD = 0.1;
/**
 * The one app that rule is for. WhatsApp is its own app on a phone number, so a question about
 * WhatsApp alone is about using it; a Threads profile is made from an Instagram account, so "why
 * can't i change my threads username" or "what happens if i delete threads" asks about that tie
 * even when it reads as how-to (a review found the rule refusing those).
 */
const WHATSAPP_TERM = stem('whatsapp');
/**
 * A question naming two apps asks how they relate, so the one-app kind does not refuse it for
 * fitting better than a topic; but when it fitted at least as well as the best topic, the topic
 * answers outright only from this score, and below it the topics are offered (or, when the kind
 * fitted clearly, CLEAR_REFUSAL_SCORE, or no topic clears the suggestion floor, it refuses). Measured on the project's sets against
 * refusing: offering alone, top-3 +54 with top-1 unchanged; answering from 0.65, top-1 +6 and
 * confident-wrong +4; from 0.5 (the bar for a question naming no app), +16 and +14.
 */
const OVERRULED_MIN_SCORE = 0.65;
/**
 * The kind of question about a person's life ("what is kevin systrom doing now"). A question that
 * names none of Meta's apps, whose only words the best topic knows are people's names (a founder
 * named in ownership), and that fits this kind about as well as that topic asks about the person:
 * the kind wins within PERSON_REFUSAL_MARGIN. A word of the topic's own ("is mark zuckerberg the
 * owner") or an app's name ("did zuck buy instagram") keeps the usual rule.
 */
const PERSON_KIND = 'people';
const PERSON_REFUSAL_MARGIN = 0.1;
/**
 * How strongly a topic must know a word for it to be one of the topic's own words in that rule: a
 * word its text uses in passing ("day" in ownership: "what is kevin systrom doing these days")
 * ties no question to it. A word the topic's title or aliases name, or that several of its fields
 * use, clears it; one keyword alone (about 0.59) does not.
 */
const OWN_WORD_STRENGTH = 0.6;
/** Names of the people the knowledge base mentions, as terms (first names too: "kevin systrom"). */
const PERSON_NAMES = new Set(
  [
    'mark',
    'zuckerberg',
    'zuck',
    'kevin',
    'systrom',
    'mike',
    'krieger',
    'adam',
    'mosseri',
    'sheryl',
    'sandberg',
    'jan',
    'koum',
    'brian',
    'acton',
  ].map(stem),
);
/** How strongly a word of an out-of-scope example speaks for its kind (a topic keyword: 0.9). */
const REFUSAL_EXAMPLE_STRENGTH = 0.9;
/**
 * A question that names what an out-of-scope kind is about (another company's app, Meta's stock)
 * is answered only when a topic explains it this well ("can i share my tiktok to instagram").
 */
const MARKED_MIN_SCORE = 0.75;
/**
 * The same, when the question names no Meta app or product at all ("how do i get my banned tiktok
 * back", "comment supprimer mon compte snapchat"): its only tie to the subject is words any app
 * shares (account, hacked, delete), so a topic must explain it almost entirely.
 */
const MARKED_WITHOUT_APP_MIN_SCORE = 0.9;
/**
 * The same, when the question names two of Meta's apps (so it asks how they relate, our
 * subject) and no kind of refusal fits it (its examples score under CLEAR_REFUSAL_SCORE): the
 * other company is an aside ("someone on reddit said whatsapp shares my data with facebook",
 * "will threads replace twitter and join instagram"). Then the question is judged like any other
 * that names Meta's apps (ANSWER_MIN_SCORE.namesApp, above this floor, and the usual lead decide:
 * "everyone on twitter was panicking when whatsapp, insta and fb went down" is an outage question),
 * with one difference: when no answer is confident, the kind refuses it rather than offering
 * topics. One app beside another company ("como conecto meu tiktok no insta") keeps
 * MARKED_MIN_SCORE. Another company's content sent to two apps ("post my tiktoks to ig and fb")
 * is no aside: the other-company examples say so, and fit it above CLEAR_REFUSAL_SCORE.
 */
const MARKED_ASIDE_MIN_SCORE = 0.5;
/** A kind's examples that fit this well say more than a company name in the question. */
const CLEAR_REFUSAL_SCORE = 0.5;
/**
 * A question naming another company that fits that kind's own examples this well is about that
 * company, however well a topic's words cover the rest ("is snapchat part of facebook now",
 * "how do i recover my kwai account"); on the project's sets, questions about Meta's apps that
 * name another company in passing fit those examples at 0.58 at most.
 */
const MARKED_REFUSAL_SCORE = 0.7;

/** "Did you mean" offers need at least this score, so off-topic questions get none. */
export const SUGGEST_MIN_SCORE = { namesApp: 0.2, otherwise: 0.35, unexplained: 0.35 } as const;

/**
 * Terms that name Meta, one of its apps or one of its own products and people. A question
 * without any of them ("what is an api", "how do servers work") is about the subject only if
 * its words say so strongly; a generic "what is X" question is a dictionary question, not ours.
 */
const BRAND_TERMS = new Set(
  [
    'marketplace',
    'metaverse',
    'instagration',
    'zuckerberg',
    'systrom',
    'krieger',
    'people you may know',
    'commerce manager',
    'graph api',
    'reality labs',
    'audience network',
    'ads manager',
    'privacy checkup',
  ].map((phrase) => withPairs(termsOfWords(words(phrase))).at(-1)!),
);

/** Opening words of a request for a general definition: "what is an api", "how do servers work". */
const DEFINITION_OPENINGS = [
  ['what', 'is'],
  ['what', 'are'],
  ['whats', 'a'],
  ['whats', 'an'],
  ['what', 'does'],
  ['define'],
  ['meaning', 'of'],
] as const;
/** "how do(es) X work", the other common shape of a definition question. */
const HOW_WORKS = { opening: ['how', 'do', 'does'], ending: ['work', 'works'] } as const;
/** A definition question is short: a longer one usually carries its own context. */
const DEFINITION_MAX_WORDS = 6;

/** Terms (after normalisation, stems included: "whatsapp" is "whatsap") that name Meta or one of its apps. */
const APP_TERMS = new Set(
  ['facebook', 'instagram', 'meta', 'messenger', 'whatsapp', 'threads', 'accountscenter'].map(stem),
);
/**
 * Instagram's own kinds of post, in English: "my reels keep posting on facebook too" names two
 * apps, Instagram by what it posts, moving to Facebook. Read so only beside Facebook, without
 * Instagram's name, with a word of moving (MOVING_WORDS) and one saying the post is also elsewhere
 * (ELSEWHERE_WORDS), and never as "facebook story/reel": Facebook has reels and stories too ("who
 * viewed my story on fb" is about Facebook alone).
 */
const INSTAGRAM_POSTS = new Set(['reel', 'reels', 'story', 'stories', 'grid'].map(stem));
const MOVING_WORDS = new Set(
  ['post', 'posting', 'share', 'sharing', 'appear', 'go', 'goes', 'going', 'crosspost', 'show', 'shows'].map(
    stem,
  ),
);
/**
 * Words that say the post is also somewhere else ("too", "automatically"). ("keep", "both" and
 * "same" are left out: "i keep my stories on facebook private" is about Facebook alone.)
 */
const ELSEWHERE_WORDS = new Set(['too', 'also', 'auto', 'automatically', 'straight']);
/** Facebook as people type it before what they posted there ("fb story", "facebook reels"). */
const FACEBOOK_WORDS = new Set(['facebook', 'facebooks', 'fb', 'fbs']);
const FACEBOOK_TERM = stem('facebook');
const INSTAGRAM_TERM = stem('instagram');

/** How many of Meta's apps a question's single terms name (see INSTAGRAM_POSTS). */
function appsNamedIn(single: readonly string[], raw: readonly string[], english: boolean): number {
  const named = new Set(single.filter((t) => APP_TERMS.has(t)));
  // Cheapest tests first: most questions stop at the first two.
  if (
    english &&
    named.has(FACEBOOK_TERM) &&
    !named.has(INSTAGRAM_TERM) &&
    single.some((t) => INSTAGRAM_POSTS.has(t)) &&
    single.some((t) => MOVING_WORDS.has(t)) &&
    raw.some((w) => ELSEWHERE_WORDS.has(w)) &&
    !raw.some((w, i) => FACEBOOK_WORDS.has(w) && INSTAGRAM_POSTS.has(stem(raw[i + 1] ?? '')))
  )
    named.add(INSTAGRAM_TERM);
  return named.size;
}

/**
 * Laughter typed beside a question ("who made you lol", "t'es réel mdr"): no part of what is asked,
 * so exact matches between a question and an out-of-scope example leave it out on both sides. The
 * spellings of the seven locales, stretched as people type them: lol/lmao/rofl/xd, haha, jaja and
 * jeje (es), kkkk and rsrs (pt), mdr (fr), wkwk (id).
 */
const LAUGHTER =
  /^(?:l+o+l+|lmf?a+o+|rofl|x+d+|(?:ha){2,}h?|(?:ja){2,}|(?:je){2,}|k{3,}|(?:rs){2,}|md+r+|(?:wk){2,})$/;

/** Words without laughter, joined: the text an exact match compares; laughter alone stays itself. */
function literalOf(words: readonly string[]): string {
  const kept = words.filter((w) => !LAUGHTER.test(w));
  return (kept.length > 0 ? kept : words).join(' ');
}
const MAX_ALTERNATIVES = 3;
const MAX_CORRECTIONS = 8;
const FAQ_PREFIX_EXPANSIONS = 12;
const FAQ_LITERAL_SCAN = 5_000;
const AUTOCOMPLETE_MIN_SCORE = 0.15;

interface Query {
  readonly terms: readonly string[];
  readonly weights: readonly number[];
  /** Weight of the single terms: what coverage is measured against. */
  readonly total: number;
  /** Weight of terms and pairs: what closeness to an example is measured against. */
  readonly totalWithPairs: number;
  /** Names one of Meta's apps or products: the question is about our subject, even if loosely put. */
  readonly namesApp: boolean;
  /** Uses a word of the curated vocabulary (titles, aliases, keywords, FAQ questions). */
  readonly onSubject: boolean;
  /** Names another company's app or service ("tiktok", "reddit"): an out-of-scope kind's term. */
  readonly marked: Refusal | undefined;
  /** Has a word nothing in the index knows ("recommend a book"): one shared word is not enough. */
  readonly unexplained: boolean;
  /** Asks what a general word means, naming no app or Meta product ("what is an api"). */
  readonly generalDefinition: boolean;
  /** The question's plain words, for exact matches with out-of-scope examples ("hello"). */
  readonly literal: string;
  /** Every term names one of Meta's apps, and nothing else is asked. */
  readonly onlyApps: boolean;
  /** Written in another language than English (see language.ts). */
  readonly foreign: boolean;
  /** How many of Meta's apps (Meta itself included) the question names. */
  readonly appsNamed: number;
  /** Asks two things ("same data centres? and will they merge"): two topics may both fit. */
  readonly twoQuestions: boolean;
  /** How many words the question has, as written (see STORY_MIN_WORDS). */
  readonly words: number;
}

interface Example {
  readonly terms: ReadonlySet<string>;
  readonly weight: number;
}

/** Something the question can be scored against: a topic, one of its sections, a kind of refusal. */
interface ScoredEntry {
  readonly fields: ReadonlyMap<string, number>;
  readonly examples: readonly Example[];
}

interface SectionEntry extends ScoredEntry {
  readonly section: Section;
}

interface TopicEntry extends ScoredEntry {
  readonly topic: Topic;
  readonly sections: readonly SectionEntry[];
}

interface RefusalEntry extends ScoredEntry {
  readonly kind: OutOfScopeKind;
  /** The kind's examples as plain word strings: an exact match ("hello") needs no terms. */
  readonly literal: ReadonlySet<string>;
}

/** Options of the index: where a fault inside search is reported (it is never thrown). */
export interface QuestionIndexOptions {
  readonly onError?: (error: unknown, question: string) => void;
  /** How the knowledge base's language becomes terms; default the English pipeline. */
  readonly analyser?: Analyser;
}

/** Keeps the strongest field a term appears in (FAQ entries: question or answer). */
function addField(
  a: Analyser,
  fields: Map<string, number>,
  text: string,
  weight: number,
  pairs: boolean,
): void {
  const list = a.termsOfWords(a.words(text, Number.POSITIVE_INFINITY));
  for (const term of pairs ? withPairs(list) : list) {
    if ((fields.get(term) ?? 0) < weight) fields.set(term, weight);
  }
}

/**
 * Adds up a topic's evidence for each term: every title, alias, keyword and example that uses
 * it counts, so the topic that is really about "linked" outranks one that mentions it once.
 */
function addEvidence(
  a: Analyser,
  evidence: Map<string, number>,
  text: string,
  weight: number,
  pairs = true,
): void {
  const list = a.termsOfWords(a.words(text, Number.POSITIVE_INFINITY));
  for (const term of new Set(pairs ? withPairs(list) : list)) {
    evidence.set(term, (evidence.get(term) ?? 0) + weight);
  }
}

/** Evidence -> match strength in [0, 1): one title mention is about 0.6, several near 1. */
function strength(evidence: number): number {
  return 1 - Math.exp(-evidence / EVIDENCE_SCALE);
}

/** Terms and neighbouring pairs of a short text (a title, an example question). */
function uniqueTerms(a: Analyser, text: string): Set<string> {
  return new Set(withPairs(a.termsOfWords(a.words(text, Number.POSITIVE_INFINITY))));
}

/**
 * The lead over the runner-up a score needs: ANSWER_MIN_LEAD for a middling score ("meta apps"
 * fits four topics loosely), none for a high one, where the question clearly is about the best
 * topic even if a neighbouring topic explains it nearly as well.
 */
function requiredLead(score: number): number {
  const relaxed = (score - LEAD_RELAXES.from) / (LEAD_RELAXES.to - LEAD_RELAXES.from);
  return ANSWER_MIN_LEAD * Math.min(1, Math.max(0, 1 - relaxed));
}

function isDefinitionOpening(raw: readonly string[]): boolean {
  if (DEFINITION_OPENINGS.some((opening) => opening.every((word, i) => raw[i] === word))) return true;
  const [first, second] = raw;
  const last = raw.at(-1) ?? '';
  return (
    first === HOW_WORKS.opening[0] &&
    (second === HOW_WORKS.opening[1] || second === HOW_WORKS.opening[2]) &&
    (HOW_WORKS.ending as readonly string[]).includes(last)
  );
}

/** An example whose weight the constructor fills in once every topic's terms are known. */
function unweighted(a: Analyser, text: string): Example {
  return { terms: uniqueTerms(a, text), weight: 0 };
}

/** A section scored on its own: heading, keywords, examples and text. */
function sectionEntry(a: Analyser, section: Section): SectionEntry {
  const fields = new Map<string, number>();
  addField(a, fields, section.text, FIELD_WEIGHT.body, false);
  for (const example of section.examples) addField(a, fields, example, FIELD_WEIGHT.example, true);
  for (const keyword of section.keywords) addField(a, fields, keyword, FIELD_WEIGHT.keyword, true);
  addField(a, fields, section.heading, FIELD_WEIGHT.title, true);
  return {
    section,
    fields,
    examples: [section.heading, ...section.examples].map((text) => unweighted(a, text)),
  };
}

/**
 * A kind of question the bot refuses, scored like a topic on its terms and examples. A word of
 * any example counts as strongly as a topic keyword: the kinds have few examples each, and one
 * "followers" must weigh as much against the topics as their many examples weigh for them, and a
 * phrase of an example ("instagram profile") as much as a topic's phrase. For closeness, examples
 * are compared word by word, without pairs, which topic term weights do not know.
 */
function refusalEntry(a: Analyser, kind: OutOfScopeKind): RefusalEntry {
  const fields = new Map<string, number>();
  for (const example of kind.examples) addField(a, fields, example, REFUSAL_EXAMPLE_STRENGTH, true);
  for (const term of kind.terms) addField(a, fields, term, 1, true);
  return {
    kind,
    fields,
    examples: kind.examples.map((text) => ({ terms: new Set(a.termsOfWords(a.words(text))), weight: 0 })),
    literal: new Set(kind.examples.map((e) => literalOf(a.words(e)))),
  };
}

/** The texts that name a topic's subject: its curated vocabulary. */
function curatedTexts(topic: Topic): string[] {
  return [
    topic.title,
    topic.label,
    topic.id.replace(/-/g, ' '),
    ...topic.aliases,
    ...topic.keywords,
    ...(topic.broad ? [] : topic.sections.flatMap((s) => [s.heading, ...s.keywords])),
  ];
}

function byScore(a: SearchHit, b: SearchHit): number {
  return b.score - a.score || a.title.localeCompare(b.title);
}

/** The two-app rule's case: the how-to kind fits a question that names two apps (see OVERRULED_MIN_SCORE). */
function asksHowAppsRelate(query: Query, refusal: Refusal): boolean {
  return query.appsNamed >= 2 && refusal.kind === ONE_APP_KIND;
}

/** A score difference in whole thousandths (scores are rounded to them): 0.1 is 100, not 0.09999…. */
function thousandths(score: number): number {
  return Math.round(score * 1000);
}

function round(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}

class KnowledgeQuestionIndex implements LanguageQuestionIndex {
  private topics: TopicEntry[];
  private refusals: RefusalEntry[];
  private readonly topicTermWeight = new Map<string, number>();
  private readonly curated = new Set<string>();
  /** Terms of the topics' own names (id and label): what "what is X" may ask about. */
  private readonly subjectNames = new Set<string>();
  /** The topic each subject name names ("advert": advertising), for preferNamedSubject. */
  private readonly namedBy = new Map<string, string>();
  /** Every term topics and out-of-scope examples use (bodies too): English words the knowledge base speaks. */
  private readonly vocabulary = new Set<string>();
  /** Term -> the out-of-scope kind and the spelling its file gives ("tiktok" -> TikTok). */
  private readonly markedTerms = new Map<string, Refusal>();
  private readonly guilds = new Map<string, GuildFaqIndex>();
  /** Topic id -> the app it is about, for topics named after one app ("whatsapp" -> "whatsapp"). */
  private readonly appNameOf = new Map<string, string>();
  private readonly typos: TypoCorrector;
  /** The language's analysis: index and questions go through the same one. */
  private readonly a: Analyser;

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly options: QuestionIndexOptions = {},
  ) {
    this.a = options.analyser ?? englishAnalyser;
    this.typos = new TypoCorrector(this.a.english ? 2 : 1);
    for (const kind of knowledge.outOfScope) {
      for (const term of kind.terms) {
        const key = withPairs(this.a.termsOfWords(this.a.words(term))).at(-1);
        if (key !== undefined) this.markedTerms.set(key, { kind: kind.id, term });
      }
    }
    this.topics = knowledge.topics.map((topic) => this.indexTopic(topic));
    // Soft document frequency: a term in every body is less telling than one in a single title.
    const df = new Map<string, number>();
    for (const entry of this.topics) {
      for (const [term, weight] of entry.fields) {
        df.set(term, (df.get(term) ?? 0) + weight);
        this.vocabulary.add(term);
      }
    }
    // Titles, aliases, keywords and section headings are the curated vocabulary of the subject;
    // a word met only in example questions or prose ("work", "across") is context and counts less.
    const curated = this.curated;
    for (const { topic } of this.topics) {
      for (const text of curatedTexts(topic)) {
        for (const term of uniqueTerms(this.a, text)) curated.add(term);
      }
    }
    for (const { topic } of this.topics) {
      for (const text of [topic.id.replace(/-/g, ' '), topic.label]) {
        const names = this.a.termsOfWords(this.a.words(text));
        // Only a name of one word ("crosspost") or a phrase as a whole ("cross post") names it.
        const name = names.length === 1 ? names[0]! : withPairs(names).at(-1)!;
        this.subjectNames.add(name);
        // Names that settle ties: the topic ids' and English's labels. Translated labels carry
        // everyday words ("compartilhar com o facebook" for cross-posting, Spanish "public" for ads
        // and posts, Indonesian "pesan" in "memesan"); an app names its app's topic in every
        // question about how it connects ("threads and instagram"), so apps never settle a tie.
        const settles =
          (text !== topic.label || this.a.english) &&
          !APP_TERMS.has(name) &&
          !EVERYDAY_SUBJECT_NAMES.has(name);
        if (settles) this.namedBy.set(name, topic.id);
      }
    }
    const n = Math.max(1, this.topics.length);
    for (const [term, freq] of df) {
      const idf = Math.max(MIN_TERM_WEIGHT, Math.log((n + 1) / (freq + 0.5)));
      const weight = curated.has(term) ? idf : idf * CONTEXT_TERM_FACTOR;
      // An app that names its own topic (WhatsApp, Threads) says what the question is about,
      // however often other topics mention it in passing.
      const appTopic = this.subjectNames.has(term) && APP_TERMS.has(term);
      this.topicTermWeight.set(term, appTopic ? Math.max(weight, NAME_TERM_WEIGHT) : weight);
    }
    for (const { topic } of this.topics) {
      const names = this.a.termsOfWords(this.a.words(topic.id.replace(/-/g, ' ')));
      if (names.length === 1 && APP_TERMS.has(names[0]!)) this.appNameOf.set(topic.id, names[0]!);
    }
    const weigh = <T extends ScoredEntry>(entry: T): T => ({
      ...entry,
      examples: entry.examples.map((e) => ({ terms: e.terms, weight: this.setWeight(e.terms) })),
    });
    this.topics = this.topics.map((entry) => ({ ...weigh(entry), sections: entry.sections.map(weigh) }));
    this.refusals = knowledge.outOfScope.map((kind) => weigh(refusalEntry(this.a, kind)));
    // The out-of-scope examples are English the knowledge base speaks too: "ignore previous
    // instructions" is an English question to refuse, not a question in another language.
    for (const entry of this.refusals) for (const term of entry.fields.keys()) this.vocabulary.add(term);
    // Corrections only ever aim at curated words, so only those need to be offered.
    this.typos.addWords(this.a.builtInVocabulary());
    for (const topic of knowledge.topics)
      this.typos.addWords(this.vocabularyOf(curatedTexts(topic).join(' ')));
  }

  private indexTopic(topic: Topic): TopicEntry {
    const evidence = new Map<string, number>();
    // The body is long and repeats itself: one mention or twenty, it counts once.
    addEvidence(this.a, evidence, topic.body, FIELD_WEIGHT.body, false);
    addEvidence(this.a, evidence, topic.summary, FIELD_WEIGHT.summary);
    addEvidence(this.a, evidence, topic.lead, FIELD_WEIGHT.summary);
    for (const example of topic.examples) addEvidence(this.a, evidence, example, FIELD_WEIGHT.example);
    for (const keyword of topic.keywords) addEvidence(this.a, evidence, keyword, FIELD_WEIGHT.keyword);
    for (const alias of topic.aliases) addEvidence(this.a, evidence, alias, FIELD_WEIGHT.alias);
    // A section's words say what the topic covers, a little less than the topic's own names;
    // a broad topic's sections summarise other topics, so they say nothing about it.
    for (const section of topic.broad ? [] : topic.sections) {
      addEvidence(this.a, evidence, section.heading, FIELD_WEIGHT.keyword);
      for (const keyword of section.keywords)
        addEvidence(this.a, evidence, keyword, FIELD_WEIGHT.sectionKeyword);
      for (const example of section.examples) addEvidence(this.a, evidence, example, FIELD_WEIGHT.example);
    }
    addEvidence(this.a, evidence, topic.title, FIELD_WEIGHT.title);
    addEvidence(this.a, evidence, topic.label, FIELD_WEIGHT.title);
    addEvidence(this.a, evidence, topic.id.replace(/-/g, ' '), FIELD_WEIGHT.title);
    const fields = new Map<string, number>();
    for (const [term, sum] of evidence) {
      // Another company named in passing ("Threads and X") is no evidence for a question about it.
      if (!this.marksOtherCompany(term)) fields.set(term, strength(sum));
    }
    // Example weights need every topic's terms first; the constructor fills them in.
    const examples = [
      topic.title,
      ...topic.aliases,
      ...topic.keywords,
      ...topic.examples,
      ...(topic.broad ? [] : topic.sections.flatMap((s) => s.examples)),
    ].map((text) => unweighted(this.a, text));
    return {
      topic,
      fields,
      examples,
      sections: topic.sections.map((section) => sectionEntry(this.a, section)),
    };
  }

  private marksOtherCompany(term: string): boolean {
    return term.split(' ').some((t) => this.markedTerms.has(t)) || this.markedTerms.has(term);
  }

  private vocabularyOf(text: string): string[] {
    return this.a.words(text, Number.POSITIVE_INFINITY).filter((w) => !this.a.isStopword(w));
  }

  private termWeight(term: string, guild: GuildFaqIndex | undefined): number {
    const weight = this.topicTermWeight.get(term);
    if (weight !== undefined) return weight;
    if (guild?.hasTerm(term)) return FAQ_ONLY_TERM_WEIGHT;
    return UNKNOWN_TERM_WEIGHT;
  }

  /** Weight of a document's own term set, for the overlap measure; independent of any guild. */
  private setWeight(terms: ReadonlySet<string>): number {
    let sum = 0;
    for (const term of terms) sum += this.topicTermWeight.get(term) ?? FAQ_ONLY_TERM_WEIGHT;
    return sum;
  }

  private isKnownTerm(term: string, guild: GuildFaqIndex | undefined): boolean {
    return this.topicTermWeight.has(term) || (guild?.hasTerm(term) ?? false);
  }

  /** Corrections only aim at words that carry the subject, never at incidental prose words. */
  private isSalientTerm(term: string, guild: GuildFaqIndex | undefined): boolean {
    return this.curated.has(term) || APP_TERMS.has(term) || this.inFaqSubject(term, guild);
  }

  private termsOfWord(word: string): string[] {
    return this.a
      .canonicalWords([word])
      .filter((w) => !this.a.isStopword(w))
      .map((w) => this.a.stem(w));
  }

  /** Question -> weighted, de-duplicated terms, with misspelt words corrected where that is safe. */
  private analyse(question: string, guild: GuildFaqIndex | undefined, mixed = false): Query {
    const raw = this.a.words(question);
    let corrections = 0;
    const inPhrase = this.a.phraseWords(raw);
    const corrected = raw.map((word, i) => {
      if (corrections >= MAX_CORRECTIONS || this.a.isStopword(word) || inPhrase.has(i)) return word;
      const own = this.termsOfWord(word);
      if (own.length === 0) return word;
      if (own.every((t) => this.isKnownTerm(t, guild))) return this.misspeltAppName(word, own) ?? word;
      // A name an out-of-scope kind lists is that name, not a slip ("pinterest" is not "interest").
      if (own.some((t) => this.markedTerms.has(t))) return word;
      // An everyday word is what it says ("threat", "shoes"), not a slip for a topic word.
      if (this.a.isCommonWord(word)) return word;
      corrections++;
      for (const candidate of this.typos.candidates(word)) {
        const candidateTerms = this.termsOfWord(candidate);
        if (candidateTerms.length > 0 && candidateTerms.every((t) => this.isSalientTerm(t, guild))) {
          return candidate;
        }
      }
      return word;
    });
    const single = this.a.termsOfWords(corrected).slice(0, MAX_QUERY_TERMS * 2);
    // Pairs only ever add evidence: an unknown pair is no part of the question we failed to explain.
    const allPairs = withPairs(single).slice(single.length);
    const pairs = allPairs.filter((pair) => this.isKnownTerm(pair, guild));
    const terms = [...new Set([...single.slice(0, MAX_QUERY_TERMS), ...pairs.slice(0, MAX_QUERY_TERMS)])];
    const weights = terms.map((t) => this.termWeight(t, guild));
    const namesApp = terms.some((t) => APP_TERMS.has(t) || BRAND_TERMS.has(t));
    const marked = [...single, ...allPairs].map((t) => this.markedTerms.get(t)).find((m) => m !== undefined);
    return {
      terms,
      weights,
      total: this.coreWeight(terms, weights, guild),
      totalWithPairs: weights.reduce((a, b) => a + b, 0),
      namesApp,
      marked,
      unexplained: single.slice(0, MAX_QUERY_TERMS).some((t) => !this.isKnownTerm(t, guild)),
      // "what is cross posting" asks for one of our own subjects by name: that is no dictionary question.
      generalDefinition:
        this.a.english &&
        raw.length <= DEFINITION_MAX_WORDS &&
        isDefinitionOpening(raw) &&
        !namesApp &&
        ![...single, ...allPairs].some((t) => this.subjectNames.has(t)),
      onSubject: terms.some((t) => this.curated.has(t) || APP_TERMS.has(t) || this.inFaqSubject(t, guild)),
      literal: literalOf(raw),
      onlyApps: single.length > 0 && single.every((t) => APP_TERMS.has(t)),
      appsNamed: appsNamedIn(single, raw, this.a.english),
      twoQuestions: this.askedParts(question) >= 2,
      words: raw.length,
      // Other indexes are only asked questions already read as their language (language-detection.ts).
      foreign:
        !mixed &&
        this.a.english &&
        isForeignLanguage(question, {
          words: corrected.filter((w) => {
            const own = this.termsOfWord(w);
            return !own.some((t) => APP_TERMS.has(t) || BRAND_TERMS.has(t) || this.markedTerms.has(t));
          }),
          isEnglish: (w) =>
            this.a.isStopword(w) ||
            this.termsOfWord(w).some((t) => this.vocabulary.has(t) || guild?.hasTerm(t)),
        }),
    };
  }

  /**
   * An app's name misspelt the way a keyword or an example spells it ("thred", "facebok"): the
   * typo is a known word, yet it names the app, so the app's own topic counts as named and the
   * slip is not a rare word of its own. Only words of five letters or more, one edit from an
   * app's name, are read so ("met" stays "met"); and only in English, where such a word is a
   * slip, while another language has words of its own that close to an app's name.
   */
  private misspeltAppName(word: string, own: readonly string[]): string | undefined {
    if (
      !this.a.english ||
      word.length < MISSPELT_APP_MIN_LENGTH ||
      own.some((t) => APP_TERMS.has(t)) ||
      this.a.isCommonWord(word)
    )
      return undefined;
    return APP_NAMES.find((name) => name[0] === word[0] && editDistance(word, name, 1) <= 1);
  }

  /** Question marks that end a part with words of its own: "x? and y?" asks two things. */
  private askedParts(question: string): number {
    return question
      .slice(0, MAX_QUESTION_CHARS)
      .split('?')
      .filter((part) => this.a.words(part).length >= MIN_PART_WORDS).length;
  }

  private coreWeight(
    terms: readonly string[],
    weights: readonly number[],
    guild: GuildFaqIndex | undefined,
  ): number {
    const known: number[] = [];
    let unknown = 0;
    terms.forEach((term, i) => {
      if (term.includes(' ')) return;
      if (this.isKnownTerm(term, guild)) known.push(weights[i]!);
      else unknown++;
    });
    known.sort((a, b) => b - a);
    const strongest = known.slice(0, CORE_KNOWN_TERMS).reduce((a, b) => a + b, 0);
    return strongest + UNKNOWN_TERM_WEIGHT * Math.min(unknown, CORE_UNKNOWN_TERMS);
  }

  /**
   * Whether the guild's FAQ makes a term part of its subject: an entry's question uses it, or
   * no topic does and an entry's answer does ("modmail"). A word only the FAQ knows counts for
   * the FAQ, as a topic's curated words count for the topic.
   */
  private inFaqSubject(term: string, guild: GuildFaqIndex | undefined): boolean {
    if (guild === undefined) return false;
    return guild.inQuestion(term) || (!this.topicTermWeight.has(term) && guild.hasTerm(term));
  }

  private blend(coverage: number, closeness: number): number {
    return COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * closeness;
  }

  /**
   * How well an entry explains the query, in [0, 1]: coverage of the query's weight by the
   * entry's fields, blended with closeness to its two closest examples. 0 when nothing is shared.
   */
  private score(entry: ScoredEntry, query: Query, closest: 1 | 2 = CLOSEST_EXAMPLES): number {
    const { terms, weights } = query;
    let matched = 0;
    for (let i = 0; i < terms.length; i++) matched += weights[i]! * (entry.fields.get(terms[i]!) ?? 0);
    // Mean of the two closest examples, kept in two variables: this loop runs for every query.
    let first = 0;
    let second = 0;
    for (const example of entry.examples) {
      let shared = 0;
      for (let i = 0; i < terms.length; i++) if (example.terms.has(terms[i]!)) shared += weights[i]!;
      if (shared === 0) continue;
      const overlap = shared / (query.totalWithPairs + example.weight - shared);
      if (overlap > first) {
        second = first;
        first = overlap;
      } else if (overlap > second) {
        second = overlap;
      }
    }
    const closeness = closest === 1 ? first : (first + second) / 2;
    if (matched === 0 && closeness === 0) return 0;
    return this.blend(Math.min(1, matched / query.total), closeness);
  }

  /** Whether every term of the query that `hit`'s topic knows as its own (OWN_WORD_STRENGTH) is a person's name. */
  private sharesOnlyNames(query: Query, hit: SearchHit): boolean {
    const entry = hit.kind === 'topic' ? this.topics.find((e) => e.topic.id === hit.id) : undefined;
    if (entry === undefined) return false;
    const own = query.terms.filter((term) => (entry.fields.get(term) ?? 0) >= OWN_WORD_STRENGTH);
    // No own word at all is no name either: the rule is for a question the topic knows by a name.
    return own.length > 0 && own.every((term) => term.split(' ').every((word) => PERSON_NAMES.has(word)));
  }

  /**
   * Two topics within NAMED_TIE of each other are a coin toss that the question settles when it
   * names exactly one of them by its subject ("instagram ads from facebook activity": advertising,
   * 0.792 against privacy's 0.795). The named one goes first, in place, and the tie no longer counts
   * against answering; every other topic must still trail it by the usual lead (requiredLead).
   * Returns whether it settled a tie.
   */
  private preferNamedSubject(query: Query, ranked: SearchHit[]): boolean {
    const [best, second, third] = ranked;
    if (best === undefined || second === undefined || best.kind !== 'topic' || second.kind !== 'topic')
      return false;
    if (thousandths(best.score - second.score) > thousandths(NAMED_TIE)) return false;
    const named = new Set(query.terms.map((t) => this.namedBy.get(t)));
    const bestNamed = named.has(best.id);
    const secondNamed = named.has(second.id);
    if (bestNamed === secondNamed) return false;
    const first = secondNamed ? second : best;
    // A third topic close behind is no two-way tie a name can settle.
    if (third !== undefined && first.score - third.score < requiredLead(first.score)) return false;
    if (secondNamed) {
      ranked[0] = second;
      ranked[1] = best;
    }
    return true;
  }

  /**
   * Whether a question naming WhatsApp alone, answered by WhatsApp's topic, asks about using the
   * app (WHATSAPP_TERM): without the app's name, which gives that topic much
   * of its score (NAME_TERM_WEIGHT), the rest of the question fits the one-app kind clearly better
   * than the topic or any of its sections (APP_ALONE_LEAD). "can you schedule a whatsapp message
   * for tomorrow" is app how-to; "is whatsapp data handled differently in europe" is still
   * WhatsApp's. Meta and Accounts Center count as apps here (APP_TERMS), so "does whatsapp send my
   * contacts to meta" names two and never reaches this.
   */
  private asksAboutTheAppAlone(
    query: Query,
    best: SearchHit | undefined,
    guild: GuildFaqIndex | undefined,
  ): boolean {
    if (query.appsNamed !== 1 || best === undefined || best.kind !== 'topic') return false;
    const app = this.appNameOf.get(best.id);
    if (app !== WHATSAPP_TERM || !query.terms.includes(app)) return false;
    const howTo = this.refusals.find((entry) => entry.kind.id === ONE_APP_KIND);
    const topic = this.topics.find((entry) => entry.topic.id === best.id);
    if (howTo === undefined || topic === undefined) return false;
    const kept = query.terms
      .map((term, i) => [term, query.weights[i]!] as const)
      .filter(([term]) => !term.split(' ').includes(app));
    if (kept.length === 0) return false;
    const terms = kept.map(([term]) => term);
    const weights = kept.map(([, weight]) => weight);
    const rest: Query = {
      ...query,
      terms,
      weights,
      total: this.coreWeight(terms, weights, guild),
      totalWithPairs: weights.reduce((a, b) => a + b, 0),
    };
    if (rest.total === 0) return false;
    const howToScore = this.score(howTo, rest, CLOSEST_REFUSAL_EXAMPLES);
    if (howToScore < REFUSAL_MIN_SCORE) return false;
    // A section of the topic that the rest fits ("add to accounts center", "europe") keeps it.
    const topicScore = Math.max(
      this.score(topic, rest),
      ...topic.sections.map((section) => this.score(section, rest)),
    );
    return howToScore >= topicScore + APP_ALONE_LEAD;
  }

  /** How far below the best topic a kind of refusal may score and still refuse (see ONE_APP_KIND, PERSON_KIND). */
  private refusalMargin(query: Query, refusal: Refusal, best: SearchHit): number {
    if (query.appsNamed === 1 && refusal.kind === ONE_APP_KIND) return ONE_APP_REFUSAL_MARGIN;
    // Two apps named: the question asks how they relate, whatever how-to wording it borrows
    // ("does cross posting from ig to fb hurt my reach"); the kind never refuses it (see OVERRULED_MIN_SCORE).
    if (asksHowAppsRelate(query, refusal)) return Number.NEGATIVE_INFINITY;
    if (query.appsNamed === 0 && refusal.kind === PERSON_KIND && this.sharesOnlyNames(query, best))
      return PERSON_REFUSAL_MARGIN;
    return REFUSAL_MARGIN;
  }

  private rankTopics(query: Query): SearchHit[] {
    const hits: SearchHit[] = [];
    if (query.total === 0) return hits;
    for (const entry of this.topics) {
      const appName = this.appNameOf.get(entry.topic.id);
      // A topic about one app (WhatsApp, Threads) answers a question that names that app; one
      // that names only other apps shares words with it ("from Meta") but asks about those.
      const unnamed = appName !== undefined && !query.terms.includes(appName);
      const score = this.score(entry, query) * (unnamed ? UNNAMED_APP_TOPIC_FACTOR : 1);
      if (score > 0)
        hits.push({ kind: 'topic', id: entry.topic.id, title: entry.topic.title, score: round(score) });
    }
    return hits;
  }

  /**
   * The section of a topic that answers the query: the best-scoring one, or null when none
   * stands out (the question is about the topic as a whole, and its lead answers it).
   */
  private bestSection(topicId: string, query: Query, topicScore: number): string | null {
    const entry = this.topics.find((e) => e.topic.id === topicId);
    if (entry === undefined || query.total === 0) return null;
    let best: string | null = null;
    // A broad topic's sections echo other topics: only a clear fit beats its lead, and a section
    // that fits less well than the topic as a whole ("are fb and ig connected") leaves the lead.
    let bestScore = entry.topic.broad ? Math.max(BROAD_SECTION_MIN_SCORE, topicScore) : SECTION_MIN_SCORE;
    for (const section of entry.sections) {
      const score = this.score(section, query);
      if (score > bestScore) {
        best = section.section.id;
        bestScore = score;
      }
    }
    return best;
  }

  /** The out-of-scope kind the question fits best, with its score; none below REFUSAL_MIN_SCORE. */
  private bestRefusal(query: Query): { refusal: Refusal; score: number } | null {
    let best: { refusal: Refusal; score: number } | null = null;
    for (const entry of this.refusals) {
      const score = entry.literal.has(query.literal)
        ? 1
        : query.total === 0
          ? 0
          : this.score(entry, query, CLOSEST_REFUSAL_EXAMPLES);
      if (score >= REFUSAL_MIN_SCORE && (best === null || score > best.score)) {
        best = { refusal: { kind: entry.kind.id }, score };
      }
    }
    return best;
  }

  private rankFaq(
    query: Query,
    guild: GuildFaqIndex | undefined,
    minScore: number,
    limit: number,
  ): SearchHit[] {
    if (guild === undefined) return [];
    return guild
      .rank(query, (coverage, closeness) => this.blend(coverage, closeness), minScore, limit)
      .map(({ entry, score }) => ({
        kind: 'faq',
        id: entry.doc.id,
        title: entry.doc.question,
        score: round(score),
      }));
  }

  search(question: string, options?: LanguageIndexSearchOptions): SearchResult {
    const text = typeof question === 'string' ? question : '';
    const locale = this.knowledge.locale;
    try {
      const guildId = options?.guildId ?? null;
      const guild = guildId === null ? undefined : this.guilds.get(guildId);
      return { locale, ...this.decide(this.analyse(text, guild, options?.mixedLanguage === true), guild) };
    } catch (error) {
      // A question must never take the bot down, but a fault must not pass for "no answer" either.
      this.options.onError?.(error, text);
      return { locale, answer: null, alternatives: [], reason: 'not-confident' };
    }
  }

  /**
   * The answer decision. In order: another language gets the language notice; a question that
   * names another company's app, or that one of the out-of-scope kinds explains at least as well
   * as any topic, is refused as that kind; otherwise the best topic or FAQ entry answers when its
   * score clears the bar for what the question names and leads the runner-up enough.
   */
  private decide(query: Query, guild: GuildFaqIndex | undefined): Decision {
    if (query.foreign) return { answer: null, alternatives: [], reason: 'language' };
    const refused = (refusal?: Refusal): Decision => ({
      answer: null,
      alternatives: [],
      reason: 'off-topic',
      ...(refusal !== undefined && { refusal }),
    });
    // A question that is nothing but app names ("ig", "fb insta") asks about the apps themselves:
    // no kind of refusal explains it better than the topics, whatever words its examples share.
    const refusal = query.onlyApps ? null : this.bestRefusal(query);
    // A named company marks the kind, unless a kind's own examples fit the question clearly
    // better ("does this discord have an insta page" is about the server, not about Discord).
    const marked =
      query.marked !== undefined && refusal !== null && refusal.score >= CLEAR_REFUSAL_SCORE
        ? refusal.refusal
        : query.marked;
    // A kind's own reply fits only when its examples fit clearly; otherwise the plain refusal.
    const kind =
      marked ?? (refusal !== null && refusal.score >= CLEAR_REFUSAL_SCORE ? refusal.refusal : undefined);
    if (!query.onSubject) return refused(kind);
    // Naming no app, with a word we cannot place, a question must match well to be ours; so
    // must one that names another company's app ("is tiktok owned by facebook").
    const level = query.marked
      ? 'unexplained'
      : query.namesApp
        ? 'namesApp'
        : query.unexplained
          ? 'unexplained'
          : 'otherwise';
    const minScore = SUGGEST_MIN_SCORE[level];
    const ranked = [...this.rankTopics(query), ...this.rankFaq(query, guild, minScore, MAX_ALTERNATIVES + 1)]
      .filter((hit) => hit.score >= minScore)
      .sort(byScore);
    const settled = this.preferNamedSubject(query, ranked);
    const [best, second] = ranked;
    const aside =
      marked !== undefined &&
      query.appsNamed >= 2 &&
      (refusal === null || refusal.score < CLEAR_REFUSAL_SCORE);
    const markedMin = !query.namesApp
      ? MARKED_WITHOUT_APP_MIN_SCORE
      : aside
        ? MARKED_ASIDE_MIN_SCORE
        : MARKED_MIN_SCORE;
    if (marked && (best === undefined || best.score < markedMin)) return refused(marked);
    // A server's own FAQ entry that fits at least as well as the kind of refusal answers: its
    // moderators approved the question as theirs ("how do I download my Threads posts" may read as
    // app how-to, but a server that wrote the entry wants it answered).
    const faqOutranksRefusal = best?.kind === 'faq' && refusal !== null && best.score >= refusal.score;
    if (
      query.marked !== undefined &&
      refusal !== null &&
      refusal.refusal.kind === query.marked.kind &&
      refusal.score >= MARKED_REFUSAL_SCORE &&
      !faqOutranksRefusal
    )
      return refused(marked);
    if (
      refusal !== null &&
      !faqOutranksRefusal &&
      (best === undefined || refusal.score >= best.score - this.refusalMargin(query, refusal.refusal, best))
    )
      return refused(kind);
    if (!faqOutranksRefusal && this.asksAboutTheAppAlone(query, best, guild))
      return refused({ kind: ONE_APP_KIND });
    const story =
      best !== undefined &&
      query.words >= STORY_MIN_WORDS &&
      (second === undefined || thousandths(best.score - second.score) >= thousandths(STORY_MIN_LEAD));
    // The two-app rule let through a question the how-to kind fitted at least as well as any topic.
    const overruled =
      refusal !== null &&
      best !== undefined &&
      !faqOutranksRefusal &&
      asksHowAppsRelate(query, refusal.refusal) &&
      refusal.score >= best.score;
    const confident =
      best !== undefined &&
      !query.generalDefinition &&
      best.score >=
        (overruled
          ? OVERRULED_MIN_SCORE
          : aside || story
            ? ANSWER_MIN_SCORE.namesApp
            : ANSWER_MIN_SCORE[level]) &&
      (second === undefined ||
        // A tie a name settled is no tie, unless the how-to kind fitted a two-app question better.
        (settled && !overruled) ||
        query.twoQuestions ||
        best.score - second.score >= requiredLead(best.score));
    if (confident) {
      const answer =
        best.kind === 'topic' ? { ...best, section: this.bestSection(best.id, query, best.score) } : best;
      return { answer, alternatives: ranked.slice(1, 1 + MAX_ALTERNATIVES) };
    }
    // Not answered: a kind that fitted clearly says what it is ("dark mode on ig and fb" is app
    // how-to) rather than offering topics it fitted better than.
    if (aside || (overruled && refusal.score >= CLEAR_REFUSAL_SCORE)) return refused(aside ? marked : kind);
    const alternatives = ranked.slice(0, MAX_ALTERNATIVES);
    return alternatives.length > 0 ? { answer: null, alternatives, reason: 'not-confident' } : refused(kind);
  }

  completeTopics(partial: string, limit: number, _locale?: string | null): SearchHit[] {
    const max = Math.max(0, Math.floor(limit));
    if (max === 0) return [];
    const typed = this.a.words(typeof partial === 'string' ? partial : '').join(' ');
    const hit = (topic: Topic, score: number): SearchHit => ({
      kind: 'topic',
      id: topic.id,
      title: topic.title,
      score,
    });
    if (typed === '') {
      const pinned = this.topics.filter((e) => e.topic.pinned);
      const rest = this.topics.filter((e) => !e.topic.pinned);
      return [...pinned, ...rest].slice(0, max).map((e) => hit(e.topic, e.topic.pinned ? 1 : 0.5));
    }
    const scored = new Map<string, SearchHit>();
    const offer = (topic: Topic, score: number) => {
      const previous = scored.get(topic.id);
      if (previous === undefined || previous.score < score) scored.set(topic.id, hit(topic, round(score)));
    };
    for (const { topic } of this.topics) {
      const id = topic.id.replace(/-/g, ' ');
      const title = this.a.words(topic.title).join(' ');
      if (id === typed || title === typed) offer(topic, 1);
      else if (id.startsWith(typed) || title.startsWith(typed)) offer(topic, 0.95);
      else if (title.split(' ').some((w) => w.startsWith(typed))) offer(topic, 0.9);
      const names = [...topic.aliases, ...topic.keywords].map((n) => this.a.words(n).join(' '));
      if (names.some((n) => n.startsWith(typed))) offer(topic, 0.85);
      else if (names.some((n) => n.includes(typed))) offer(topic, 0.8);
    }
    // Content matches rank after every name match; autocomplete may be looser than an answer.
    for (const found of this.rankTopics(this.analyse(partial, undefined))) {
      const entry = this.topics.find((e) => e.topic.id === found.id);
      if (entry !== undefined && found.score >= AUTOCOMPLETE_MIN_SCORE) offer(entry.topic, 0.7 * found.score);
    }
    return [...scored.values()].sort(byScore).slice(0, max);
  }

  completeFaq(guildId: string, partial: string, limit: number): SearchHit[] {
    const max = Math.max(0, Math.floor(limit));
    const guild = this.guilds.get(guildId);
    if (max === 0 || guild === undefined) return [];
    const typed = this.a.words(typeof partial === 'string' ? partial : '').join(' ');
    const hit = (entry: FaqEntry, score: number): SearchHit => ({
      kind: 'faq',
      id: entry.doc.id,
      title: entry.doc.question,
      score: round(score),
    });
    if (typed === '') {
      return [...guild.entries()]
        .sort((a, b) => a.questionText.localeCompare(b.questionText))
        .slice(0, max)
        .map((e) => hit(e, 0.5));
    }
    const scored = new Map<string, SearchHit>();
    const offer = (entry: FaqEntry, score: number) => {
      const previous = scored.get(entry.doc.id);
      if (previous === undefined || previous.score < score) scored.set(entry.doc.id, hit(entry, score));
    };
    // Literal prefix and substring matches first; bounded, so a huge guild cannot slow typing down.
    let scanned = 0;
    for (const entry of guild.entries()) {
      if (++scanned > FAQ_LITERAL_SCAN) break;
      if (entry.questionText.startsWith(typed)) offer(entry, 1);
      else if (entry.questionText.includes(typed)) offer(entry, 0.9);
    }
    const query = this.analyse(partial, guild);
    // The last word is usually half typed: let it stand for the known terms it begins.
    const last = this.a.words(partial).at(-1);
    const lastTerm = last === undefined ? undefined : this.a.stem(last);
    const expansions: string[] = [];
    if (lastTerm !== undefined && lastTerm.length >= 2 && !guild.hasTerm(lastTerm)) {
      for (const term of guild.terms()) {
        if (term.startsWith(lastTerm) && !term.includes(' ')) expansions.push(term);
        if (expansions.length >= FAQ_PREFIX_EXPANSIONS) break;
      }
    }
    const terms = [...query.terms, ...expansions];
    const expansionWeight = expansions.length > 0 ? this.termWeight(expansions[0]!, guild) : 0;
    const expanded: Query = {
      ...query,
      terms,
      weights: terms.map((t) => this.termWeight(t, guild)),
      total: query.total + expansionWeight,
      totalWithPairs: query.totalWithPairs + expansionWeight,
    };
    for (const found of guild.rank(expanded, (c, q) => this.blend(c, q), SUGGEST_MIN_SCORE.namesApp, max)) {
      offer(found.entry, 0.8 * found.score);
    }
    return [...scored.values()].sort(byScore).slice(0, max);
  }

  upsertFaq(doc: FaqDocument): void {
    let guild = this.guilds.get(doc.guildId);
    if (guild === undefined) {
      guild = new GuildFaqIndex();
      this.guilds.set(doc.guildId, guild);
    }
    guild.upsert(
      faqEntry(doc, {
        topicWeight: (term) => this.topicTermWeight.get(term),
        faqOnlyWeight: FAQ_ONLY_TERM_WEIGHT,
      }),
    );
    this.typos.addWords(faqVocabulary(doc));
  }

  removeFaq(guildId: string, id: string): void {
    const guild = this.guilds.get(guildId);
    if (guild === undefined) return;
    guild.remove(id);
    if (guild.size === 0) this.guilds.delete(guildId);
  }
}

/** Search options one language's index takes from the multilingual index (not from handlers). */
export interface LanguageIndexSearchOptions extends SearchOptions {
  /**
   * The question is in another language with English words in it ("sind fb und insta same
   * company?"): the English index reads the words it knows and does not call it foreign. The
   * multilingual index asks this when the question's own language found no answer.
   */
  readonly mixedLanguage?: boolean;
}

/** One language's index: the QuestionIndex contract, plus the option the multilingual index uses. */
export interface LanguageQuestionIndex extends QuestionIndex {
  search(question: string, options?: LanguageIndexSearchOptions): SearchResult;
}

/**
 * The question index over a knowledge base. `options.onError` hears about any fault inside a
 * search (the search itself then answers "not-confident" rather than throwing).
 */
export function createQuestionIndex(
  knowledge: KnowledgeBase,
  options: QuestionIndexOptions = {},
): LanguageQuestionIndex {
  return new KnowledgeQuestionIndex(knowledge, options);
}
