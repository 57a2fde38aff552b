/**
 * Why a tip slot was not posted, and why a schedule is paused, as codes with their data: what the
 * database stores (as JSON), so the words can change, or be translated, without touching stored
 * rows. `describeSlotProblem` and `describePauseReason` are the one place that turns them into
 * English, for `/privacy-tips status` and the logs. Rows written before codes existed hold English
 * text; they are read as `{ code: 'text' }` and shown as they are.
 */
import { z } from 'zod';
import { formatMinutes } from './schedule-check.js';

/** What is known of a failed send: the outbox's failure kind and its message (diagnostics, not prose). */
const sendError = z.object({ failure: z.string(), detail: z.string() });
export type SendError = z.infer<typeof sendError>;

const slotProblem = z.discriminatedUnion('code', [
  /** The schedule was changed (or set again) before this slot was posted. */
  z.object({ code: z.literal('schedule-changed') }),
  /** Retries ran past the grace window. */
  z.object({ code: z.literal('grace-expired'), graceMinutes: z.number(), lastError: sendError.nullable() }),
  /** A later slot came due before this one could be posted. */
  z.object({ code: z.literal('later-slot-due') }),
  /** The bot stopped mid-send too long ago to send again without risking a second copy. */
  z.object({ code: z.literal('stopped-mid-send'), minutesAgo: z.number() }),
  /** Missed while the bot was offline by more than the grace window. */
  z.object({ code: z.literal('missed-offline'), lateMinutes: z.number(), graceMinutes: z.number() }),
  z.object({ code: z.literal('no-tips') }),
  z.object({ code: z.literal('tip-removed'), tipId: z.string() }),
  /** Discord refused the post for a reason a moderator must fix (the schedule is paused too). */
  z.object({
    code: z.literal('cannot-post'),
    reason: z.enum(['missing-access', 'missing-channel']),
    channelId: z.string(),
  }),
  /** A send failed and will be retried (on an open claim), or failed for good. */
  z.object({ code: z.literal('send-failed'), error: sendError }),
  z.object({ code: z.literal('gave-up'), attempts: z.number(), error: sendError }),
  z.object({ code: z.literal('unexpected-error') }),
  /** Written before codes existed: English text, shown as it is. */
  z.object({ code: z.literal('text'), text: z.string() }),
]);
export type SlotProblem = z.infer<typeof slotProblem>;

const pauseReason = z.discriminatedUnion('code', [
  z.object({ code: z.literal('missing-access'), channelId: z.string() }),
  z.object({ code: z.literal('missing-channel'), channelId: z.string() }),
  z.object({ code: z.literal('text'), text: z.string() }),
]);
export type PauseReason = z.infer<typeof pauseReason>;

/** A stored note or reason: JSON of a known code, or older English text. */
function parseStored<T>(schema: z.ZodType<T>, stored: string): T | { code: 'text'; text: string } {
  if (stored.startsWith('{')) {
    try {
      const parsed = schema.safeParse(JSON.parse(stored));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON after all: older text that happens to start with a brace.
    }
  }
  return { code: 'text', text: stored };
}

export const parseSlotProblem = (stored: string): SlotProblem => parseStored(slotProblem, stored);
export const parsePauseReason = (stored: string): PauseReason => parseStored(pauseReason, stored);

/** The form a code is stored in. */
export const storeCode = (value: SlotProblem | PauseReason): string => JSON.stringify(value);

const sendErrorText = (error: SendError) => `${error.failure}: ${error.detail}`;

/** One English sentence (no final full stop) for a slot problem. */
export function describeSlotProblem(problem: SlotProblem): string {
  switch (problem.code) {
    case 'schedule-changed':
      return 'the schedule was changed before this slot was posted';
    case 'grace-expired':
      return `not posted within the grace window of ${formatMinutes(problem.graceMinutes)}${problem.lastError ? ` (last error: ${sendErrorText(problem.lastError)})` : ''}`;
    case 'later-slot-due':
      return 'a later slot came due before this one could be posted';
    case 'stopped-mid-send':
      return `the bot stopped while sending it ${formatMinutes(problem.minutesAgo)} ago, too long ago to send it again without risking a second copy; it may already be in the channel`;
    case 'missed-offline':
      return `missed by ${formatMinutes(problem.lateMinutes)} while the bot was offline (the grace window is ${formatMinutes(problem.graceMinutes)}), so it was not posted late`;
    case 'no-tips':
      return 'there are no tips to post';
    case 'tip-removed':
      return `tip "${problem.tipId}" no longer exists`;
    case 'cannot-post':
      return describePauseReason({ code: problem.reason, channelId: problem.channelId });
    case 'send-failed':
      return sendErrorText(problem.error);
    case 'gave-up':
      return `gave up after ${problem.attempts} attempts (${sendErrorText(problem.error)})`;
    case 'unexpected-error':
      return 'unexpected error';
    case 'text':
      return problem.text;
  }
}

/** What a moderator must fix, in English, for a paused schedule. */
export function describePauseReason(reason: PauseReason): string {
  switch (reason.code) {
    case 'missing-access':
      return `I may not post in <#${reason.channelId}>: give me View Channel, Send Messages and Embed Links there, then run /privacy-tips schedule again.`;
    case 'missing-channel':
      return `The channel <#${reason.channelId}> no longer exists or I cannot see it: run /privacy-tips schedule with another channel.`;
    case 'text':
      return reason.text;
  }
}
