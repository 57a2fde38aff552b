/**
 * The rules for community FAQ text, in one place: the modal limits and the validation of
 * what comes back. Lengths are measured on the cleaned text (control characters removed,
 * trimmed) without the zero-width spaces that neutralise mentions, so the numbers match what
 * the member typed, also when a moderator re-submits a pre-filled edit form.
 */
import { z } from 'zod';
import { cleanUserText } from '../replies/clean-text.js';
import { truncate } from '../replies/fit.js';
import { UserError } from '../replies/user-error.js';
import type { FaqContent } from '../storage/faq-store.js';
import { cleanFaqText, containsInviteLink, neutraliseMentions } from './sanitise.js';

export const FAQ_LIMITS = {
  questionMin: 10,
  questionMax: 200,
  answerMin: 20,
  answerMax: 1_500,
  sourceMax: 500,
  reasonMax: 300,
  /** Pending suggestions one member may have waiting in one server. */
  maxPendingPerMember: 3,
} as const;

const noInvite = (field: string) =>
  z.string().refine((text) => !containsInviteLink(text), {
    message: `The ${field} contains a Discord invite link; invite links are not allowed in the FAQ.`,
  });

const cleaned = z.string().transform(cleanFaqText);

/**
 * A source is shown as a link button, never as Markdown, but a link that carries Markdown or
 * spaces (`https://help.instagram.com/[click here](https://evil.example/x)`) is refused
 * outright so no reader is shown text that pretends to be a different link.
 */
const PLAIN_LINK = /^[^\s[\]()<>]*$/;

const contentSchema = z.object({
  question: cleaned
    .pipe(
      z
        .string()
        .min(
          FAQ_LIMITS.questionMin,
          `The question must be at least ${FAQ_LIMITS.questionMin} characters long.`,
        )
        .max(
          FAQ_LIMITS.questionMax,
          `The question must be at most ${FAQ_LIMITS.questionMax} characters long.`,
        ),
    )
    .pipe(noInvite('question')),
  answer: cleaned
    .pipe(
      z
        .string()
        .min(FAQ_LIMITS.answerMin, `The answer must be at least ${FAQ_LIMITS.answerMin} characters long.`)
        .max(FAQ_LIMITS.answerMax, `The answer must be at most ${FAQ_LIMITS.answerMax} characters long.`),
    )
    .pipe(noInvite('answer')),
  // An empty source field means "no source"; anything else must be a usable https link.
  source: z.preprocess(
    (raw) => (typeof raw === 'string' ? cleanFaqText(raw) || undefined : raw),
    z
      .string()
      .regex(
        PLAIN_LINK,
        'The source must be one plain https:// link, without spaces, brackets ( ) [ ] or angle brackets < >.',
      )
      .pipe(
        z
          .url({
            protocol: /^https$/,
            hostname: z.regexes.domain,
            error: 'The source must be a full https:// link, such as https://help.instagram.com/…',
          })
          .max(
            FAQ_LIMITS.sourceMax,
            `The source link must be at most ${FAQ_LIMITS.sourceMax} characters long.`,
          ),
      )
      .pipe(noInvite('source link'))
      .optional(),
  ),
});

export interface RawFaqFields {
  readonly question?: string | undefined;
  readonly answer?: string | undefined;
  readonly source?: string | undefined;
}

/**
 * Cleans and validates modal fields. Throws a UserError naming every problem, so the member
 * can fix them all at once; nothing is stored when it throws.
 */
export function parseFaqContent(fields: RawFaqFields): FaqContent {
  const parsed = contentSchema.safeParse({
    question: fields.question ?? '',
    answer: fields.answer ?? '',
    source: fields.source ?? '',
  });
  if (!parsed.success) {
    const messages = [...new Set(parsed.error.issues.map((issue) => issue.message))];
    throw new UserError(`Nothing was saved:\n${messages.map((m) => `- ${m}`).join('\n')}`);
  }
  const { question, answer, source } = parsed.data;
  return {
    question: neutraliseMentions(question),
    answer: neutraliseMentions(answer),
    sourceUrl: source ?? null,
  };
}

/**
 * A moderator's optional reason (rejection, removal): cleaned, inert, and cut with an ellipsis to
 * FAQ_LIMITS.reasonMax characters as Discord counts them (truncate), never inside an emoji.
 */
export function parseReason(raw: string | undefined): string | null {
  const reason = truncate(cleanUserText(raw, { multiline: true }), FAQ_LIMITS.reasonMax);
  return reason === '' ? null : neutraliseMentions(reason);
}
