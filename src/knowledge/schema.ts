/**
 * The shape of knowledge files (front matter + Markdown body), checked with zod when they
 * are loaded and by `npm run kb:check`. Topics live in knowledge/topics/, tips in
 * knowledge/privacy-tips/; one file each, named `<id>.md`.
 */
import { z } from 'zod';
import { DISCORD_LIMITS } from '../replies/limits.js';
import { discordLength } from '../replies/text-length.js';

/** Topic ids that other tools and users address; each must exist. */
export const REQUIRED_TOPIC_IDS = [
  'overview',
  'ownership',
  'cross-posting',
  'shared-login',
  'messaging',
  'contacts',
  'shopping',
  'infrastructure',
  'advertising',
  'privacy',
  'future',
  'whatsapp',
  'threads',
  'account-security',
  'account-deletion',
] as const;

/**
 * Sizes of the parts of a topic, in characters (code points, as Discord counts). A section is
 * what `/ask` shows as its answer, so section + heading must stay inside the answer budget
 * (ANSWER_DESCRIPTION_MAX, 1,200); the lead is `/connected aspect:X`'s short answer.
 */
export const TOPIC_LEAD_MAX = 700;
export const TOPIC_SECTION_MAX = 1_100;
export const TOPIC_MIN_SECTIONS = 2;

export const TIP_BODY_MAX = 1_000;

const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, like "cross-posting"')
  .max(40, 'must be at most 40 characters');

/** A calendar date written YYYY-MM-DD (YAML may hand us a Date object for an unquoted date). */
const reviewedDate = z.preprocess(
  (value) =>
    value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value,
  z
    .string({ error: 'must be a date written YYYY-MM-DD' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
    .refine(
      (s) =>
        !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      {
        message: 'is not a real calendar date',
      },
    ),
);

/**
 * A trimmed text of 1 to `max` characters, counted as Discord counts them (discordLength, the
 * project's one counting rule) rather than by zod's own measure; a text over the limit is told
 * the length it has.
 */
const nonEmptyText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .superRefine((text, ctx) => {
      const length = discordLength(text);
      if (length > max) {
        ctx.addIssue({
          code: 'custom',
          input: text,
          message: `must be at most ${max} characters (it has ${length})`,
        });
      }
    });

export const sourceSchema = z.object({
  title: nonEmptyText(200),
  url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
});

/** One `## ` section of a topic as its front matter describes it; the text comes from the body. */
export const sectionMetaSchema = z.strictObject({
  id,
  /** Exactly the text of the section's `## ` heading in the body. */
  heading: nonEmptyText(DISCORD_LIMITS.buttonLabel),
  keywords: z.array(nonEmptyText(60)).default([]),
  examples: z.array(nonEmptyText(200)).min(2, 'needs at least two example questions'),
});

export const topicFrontMatterSchema = z.strictObject({
  id,
  title: nonEmptyText(DISCORD_LIMITS.choiceName),
  /** Short name for buttons and lists, in the topic's real spelling ("Cross-posting"). */
  label: nonEmptyText(40),
  summary: nonEmptyText(300),
  /** Other names people use for the subject; also searched. */
  aliases: z.array(nonEmptyText(80)).default([]),
  /** Single words or short phrases that signal the subject. */
  keywords: z.array(nonEmptyText(60)).min(1, 'needs at least one keyword'),
  /** Questions phrased the way people really ask them (slang, "ig", "fb", "dm"). */
  examples: z.array(nonEmptyText(200)).min(3, 'needs at least three example questions'),
  related: z.array(id).default([]),
  sources: z.array(sourceSchema).min(1, 'needs at least one source'),
  reviewed: reviewedDate,
  /** Shown first when an autocomplete query is empty. */
  pinned: z.boolean().default(false),
  /**
   * The topic summarises others (the overview): its sections' words do not make it a match for
   * a specific question, which the specific topic answers better; they still pick its section.
   */
  broad: z.boolean().default(false),
  /** One entry per `## ` heading of the body, in the same order (see sections.ts). */
  sections: z
    .array(sectionMetaSchema)
    .min(TOPIC_MIN_SECTIONS, `needs at least ${TOPIC_MIN_SECTIONS} sections`),
});

export const topicFileSchema = topicFrontMatterSchema.extend({
  body: nonEmptyText(DISCORD_LIMITS.embedDescription),
});

/** The kinds of question the bot refuses (knowledge/out-of-scope/<id>.md), kept as content. */
export const outOfScopeSchema = z.strictObject({
  id,
  /** The refusal, in words that fit the kind ("TikTok isn't one of Meta's apps…"). */
  reply: nonEmptyText(DISCORD_LIMITS.messageContent),
  /** Words or phrases that by themselves mark a question as this kind (other companies' apps). */
  terms: z.array(nonEmptyText(60)).default([]),
  /** Questions of this kind, written as people ask them. */
  examples: z.array(nonEmptyText(200)).min(3, 'needs at least three example questions'),
  /** Everything is in the front matter; text below it would never be shown. */
  body: z.string().max(0, 'must be empty: an out-of-scope kind is all front matter'),
});

export const tipFrontMatterSchema = z.strictObject({
  id,
  title: nonEmptyText(DISCORD_LIMITS.embedTitle),
  /** Where the setting lives in the apps, e.g. "Accounts Center > Connected experiences". */
  where: nonEmptyText(300),
  /** The knowledge topic this tip belongs to. */
  topic: id,
  tags: z.array(nonEmptyText(40)).min(1, 'needs at least one tag'),
  reviewed: reviewedDate,
  sources: z.array(sourceSchema).default([]),
});

export const tipSchema = tipFrontMatterSchema.extend({
  body: nonEmptyText(TIP_BODY_MAX),
});

export type SectionMeta = z.infer<typeof sectionMetaSchema>;
/** A section with its text: the unit of an `/ask` answer. */
export interface Section extends SectionMeta {
  /** The section's Markdown, without its heading. */
  readonly text: string;
}
export type TopicFile = z.infer<typeof topicFileSchema>;
/** A validated topic: its file plus the body split into the lead and its sections. */
export interface Topic extends Omit<TopicFile, 'sections'> {
  /** The short answer before the first section heading. */
  readonly lead: string;
  readonly sections: readonly Section[];
}
export type OutOfScopeKind = z.infer<typeof outOfScopeSchema>;
export type Tip = z.infer<typeof tipSchema>;
export type Source = z.infer<typeof sourceSchema>;

/**
 * A translated topic (knowledge/locales/<locale>/topics/<id>.md): the English front matter
 * without what is not language (related topics, pinned, broad), which the English file keeps.
 */
export const topicTranslationSchema = topicFrontMatterSchema
  .omit({ related: true, pinned: true, broad: true })
  .extend({ body: nonEmptyText(DISCORD_LIMITS.embedDescription) });

/** A translated privacy tip: the English tip without its topic and tags, which English keeps. */
export const tipTranslationSchema = tipFrontMatterSchema
  .omit({ topic: true, tags: true })
  .extend({ body: nonEmptyText(TIP_BODY_MAX) });

/**
 * A language's word lists for matching (knowledge/locales/<locale>/language.yaml), all lower
 * case: words that never signal a subject alone, spellings and slang mapped to the knowledge
 * base's own word, and words typical of the language that help tell it apart in short text.
 */
export const languageWordsSchema = z.strictObject({
  stopwords: z.array(nonEmptyText(40)).default([]),
  synonyms: z.record(nonEmptyText(40), nonEmptyText(80)).default({}),
  markers: z.array(nonEmptyText(40)).default([]),
});

export type TopicTranslation = z.infer<typeof topicTranslationSchema>;
export type TipTranslation = z.infer<typeof tipTranslationSchema>;
export type LanguageWords = z.infer<typeof languageWordsSchema>;
