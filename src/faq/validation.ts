/**
 * The rules for community FAQ text, in one place: the modal limits and the validation of
 * what comes back. Lengths are characters as Discord counts them (discordLength), measured on
 * the cleaned text (control characters removed, trimmed) without the zero-width spaces that
 * neutralise mentions, so the numbers match what the member typed, also when a moderator
 * re-submits a pre-filled edit form. Links are judged as they will be published (./links.ts).
 */
import { z } from 'zod';
import { cleanUserText } from '../replies/clean-text.js';
import { truncate } from '../replies/fit.js';
import { discordLength } from '../replies/text-length.js';
import { UserError } from '../replies/user-error.js';
import type { FaqContent } from './faq-store.js';
import {
  containsInviteLink,
  isDomainName,
  isInviteLink,
  linkHost,
  misleadingLinks,
  parseLink,
} from './links.js';
import { cleanFaqText, neutraliseMentions } from './sanitise.js';

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

const inviteMessage = (field: string) =>
  `The ${field} contains a Discord invite link; invite links are not allowed in the FAQ.`;

/**
 * Member text that Discord renders as Markdown: between `min` and `max` characters, no invite
 * however it is spelt, and no masked link whose text shows one address while it opens another.
 */
const memberText = (field: string, min: number, max: number) =>
  z
    .string()
    .transform(cleanFaqText)
    .refine((text) => discordLength(text) >= min, `The ${field} must be at least ${min} characters long.`)
    .refine((text) => discordLength(text) <= max, `The ${field} must be at most ${max} characters long.`)
    .refine((text) => !containsInviteLink(text), inviteMessage(field))
    .superRefine((text, ctx) => {
      for (const { shown, opens } of misleadingLinks(text)) {
        ctx.addIssue({
          code: 'custom',
          message:
            `The ${field} has a link whose text shows ${shown} but opens ${opens}; ` +
            'write the link text in words, or make it the address the link opens.',
        });
      }
    });

/**
 * A source is shown as a link button, never as Markdown, but a link that carries Markdown or
 * spaces (`https://help.instagram.com/[click here](https://evil.example/x)`) is refused
 * outright so no reader is shown text that pretends to be a different link.
 */
const PLAIN_LINK = /^[^\s[\]()<>]*$/;
const NOT_A_SOURCE_LINK = 'The source must be a full https:// link, such as https://help.instagram.com/…';

/**
 * The source link as it will be published: parsed once by parseLink (the parser the source
 * button and every browser use), judged on the parsed host and path, and stored as its `href`.
 */
const sourceLink = z
  .string()
  .regex(
    PLAIN_LINK,
    'The source must be one plain https:// link, without spaces, brackets ( ) [ ] or angle brackets < >.',
  )
  .transform((text, ctx) => {
    const url = parseLink(text);
    if (url?.protocol !== 'https:' || !isDomainName(linkHost(url))) {
      ctx.addIssue({ code: 'custom', message: NOT_A_SOURCE_LINK });
      return z.NEVER;
    }
    const problems = [
      ...(url.username || url.password
        ? [`The source link must not carry a user name or password before its host (${linkHost(url)}).`]
        : []),
      ...(isInviteLink(url) ? [inviteMessage('source link')] : []),
      ...(discordLength(url.href) > FAQ_LIMITS.sourceMax
        ? [`The source link must be at most ${FAQ_LIMITS.sourceMax} characters long.`]
        : []),
    ];
    for (const message of problems) ctx.addIssue({ code: 'custom', message });
    return problems.length > 0 ? z.NEVER : url.href;
  });

const contentSchema = z.object({
  question: memberText('question', FAQ_LIMITS.questionMin, FAQ_LIMITS.questionMax),
  answer: memberText('answer', FAQ_LIMITS.answerMin, FAQ_LIMITS.answerMax),
  // An empty source field means "no source"; anything else must be a usable https link.
  source: z.preprocess(
    (raw) => (typeof raw === 'string' ? cleanFaqText(raw) || undefined : raw),
    sourceLink.optional(),
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
