/**
 * The shape of knowledge files (front matter + Markdown body), checked with zod when they
 * are loaded and by `npm run kb:check`. Topics live in knowledge/topics/, tips in
 * knowledge/privacy-tips/; one file each, named `<id>.md`.
 */
import { z } from 'zod';
import { DISCORD_LIMITS } from '../replies/limits.js';

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
] as const;

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

const nonEmptyText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const sourceSchema = z.object({
  title: nonEmptyText(200),
  url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
});

export const topicFrontMatterSchema = z.strictObject({
  id,
  title: nonEmptyText(DISCORD_LIMITS.choiceName),
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
});

export const topicSchema = topicFrontMatterSchema.extend({
  body: nonEmptyText(DISCORD_LIMITS.embedDescription),
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

export type Topic = z.infer<typeof topicSchema>;
export type Tip = z.infer<typeof tipSchema>;
export type Source = z.infer<typeof sourceSchema>;
