/**
 * The rules for community FAQ text, in one place: the modal limits and the validation of
 * what comes back. Lengths are characters as Discord counts them (discordLength), measured on
 * the cleaned text (control characters removed, trimmed) without the zero-width spaces that
 * neutralise mentions, so the numbers match what the member typed, also when a moderator
 * re-submits a pre-filled edit form. Links are judged as they will be published (./links.ts).
 */
import { z } from 'zod';
import type { MessageKey, MessageVars, Translator } from '../i18n/messages.js';
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

/** Which form field a problem is about, as the catalogue names it (faq.fields.*). */
type FieldName = 'question' | 'answer' | 'sourceLink';

/**
 * A validation problem, carried through zod as its issue message (zod wants a string) until the
 * reader's language is known: a catalogue key, its values, and the field it concerns.
 */
interface Problem {
  readonly key: MessageKey;
  readonly vars?: MessageVars;
  readonly field?: FieldName;
}

const problem = (value: Problem): string => JSON.stringify(value);

/**
 * A problem in the reader's language, the field named as the catalogue names it. An issue zod
 * raised itself (not one of ours, so not JSON) is shown as zod wrote it.
 */
function describeProblem(encoded: string, tr: Translator): string {
  let parsed: Problem;
  try {
    parsed = JSON.parse(encoded) as Problem;
  } catch {
    return encoded;
  }
  const { key, vars, field } = parsed;
  return tr(key, { ...vars, ...(field && { field: tr(`faq.fields.${field}`) }) });
}

const invite = (field: FieldName) => problem({ key: 'faq.invalid.invite', field });

/**
 * Member text that Discord renders as Markdown: between `min` and `max` characters, no invite
 * however it is spelt, and no masked link whose text shows one address while it opens another.
 */
const memberText = (field: FieldName, min: number, max: number) =>
  z
    .string()
    .transform(cleanFaqText)
    .refine(
      (text) => discordLength(text) >= min,
      problem({ key: 'faq.invalid.tooShort', vars: { count: min }, field }),
    )
    .refine(
      (text) => discordLength(text) <= max,
      problem({ key: 'faq.invalid.tooLong', vars: { count: max }, field }),
    )
    .refine((text) => !containsInviteLink(text), invite(field))
    .superRefine((text, ctx) => {
      for (const { shown, opens } of misleadingLinks(text)) {
        ctx.addIssue({
          code: 'custom',
          message: problem({ key: 'faq.invalid.misleadingLink', vars: { shown, opens }, field }),
        });
      }
    });

/**
 * A source is shown as a link button, never as Markdown, but a link that carries Markdown or
 * spaces (`https://help.instagram.com/[click here](https://evil.example/x)`) is refused
 * outright so no reader is shown text that pretends to be a different link.
 */
const PLAIN_LINK = /^[^\s[\]()<>]*$/;

/**
 * The source link as it will be published: parsed once by parseLink (the parser the source
 * button and every browser use), judged on the parsed host and path, and stored as its `href`.
 */
const sourceLink = z
  .string()
  .regex(PLAIN_LINK, problem({ key: 'faq.invalid.sourceNotPlain' }))
  .transform((text, ctx) => {
    const url = parseLink(text);
    if (url?.protocol !== 'https:' || !isDomainName(linkHost(url))) {
      ctx.addIssue({ code: 'custom', message: problem({ key: 'faq.invalid.notSourceLink' }) });
      return z.NEVER;
    }
    const problems = [
      ...(url.username || url.password
        ? [problem({ key: 'faq.invalid.sourceCredentials', vars: { host: linkHost(url) } })]
        : []),
      ...(isInviteLink(url) ? [invite('sourceLink')] : []),
      ...(discordLength(url.href) > FAQ_LIMITS.sourceMax
        ? [
            problem({
              key: 'faq.invalid.tooLong',
              vars: { count: FAQ_LIMITS.sourceMax },
              field: 'sourceLink',
            }),
          ]
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
 * Cleans and validates modal fields. Throws a UserError naming every problem (in the reader's
 * language), so the member can fix them all at once; nothing is stored when it throws.
 */
export function parseFaqContent(fields: RawFaqFields): FaqContent {
  const parsed = contentSchema.safeParse({
    question: fields.question ?? '',
    answer: fields.answer ?? '',
    source: fields.source ?? '',
  });
  if (!parsed.success) {
    const problems = [...new Set(parsed.error.issues.map((issue) => issue.message))];
    throw new UserError((tr) =>
      tr('faq.invalid.nothingSaved', {
        problems: problems.map((p) => `- ${describeProblem(p, tr)}`).join('\n'),
      }),
    );
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
