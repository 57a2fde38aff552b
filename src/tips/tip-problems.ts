/**
 * Why a tip slot was not posted, and why a schedule is paused, as codes with their data: what the
 * database stores (as JSON), so the words can change, or be translated, without touching stored
 * rows. `describeSlotProblem` and `describePauseReason` are the one place that turns them into
 * words, in the reader's language for `/privacy-tips status` and in English for the logs. Rows
 * written before codes existed held English text; migration 006 turned them into codes, and
 * anything it could not read stays `{ code: 'text' }`, shown as it is.
 */
import { z } from 'zod';
import { formatDuration } from '../i18n/format.js';
import type { Translator } from '../i18n/messages.js';

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

/**
 * One sentence (no final full stop) for a slot problem, in `tr`'s language. The outbox's error
 * text inside is diagnostics from Discord or the network, quoted as it came.
 */
export function describeSlotProblem(problem: SlotProblem, tr: Translator): string {
  const duration = (minutes: number) => formatDuration(tr.locale, minutes);
  switch (problem.code) {
    case 'schedule-changed':
      return tr('slotProblem.scheduleChanged');
    case 'grace-expired':
      return problem.lastError
        ? tr('slotProblem.graceExpiredWithError', {
            grace: duration(problem.graceMinutes),
            error: sendErrorText(problem.lastError),
          })
        : tr('slotProblem.graceExpired', { grace: duration(problem.graceMinutes) });
    case 'later-slot-due':
      return tr('slotProblem.laterSlotDue');
    case 'stopped-mid-send':
      return tr('slotProblem.stoppedMidSend', { ago: duration(problem.minutesAgo) });
    case 'missed-offline':
      return tr('slotProblem.missedOffline', {
        late: duration(problem.lateMinutes),
        grace: duration(problem.graceMinutes),
      });
    case 'no-tips':
      return tr('slotProblem.noTips');
    case 'tip-removed':
      return tr('slotProblem.tipRemoved', { tip: problem.tipId });
    case 'cannot-post':
      return describePauseReason({ code: problem.reason, channelId: problem.channelId }, tr);
    case 'send-failed':
      return sendErrorText(problem.error);
    case 'gave-up':
      return tr('slotProblem.gaveUp', { count: problem.attempts, error: sendErrorText(problem.error) });
    case 'unexpected-error':
      return tr('slotProblem.unexpectedError');
    case 'text':
      return problem.text;
  }
}

/** What a moderator must fix for a paused schedule, in `tr`'s language. */
export function describePauseReason(reason: PauseReason, tr: Translator): string {
  switch (reason.code) {
    case 'missing-access':
      return tr('pauseReason.missingAccess', { channel: reason.channelId });
    case 'missing-channel':
      return tr('pauseReason.missingChannel', { channel: reason.channelId });
    case 'text':
      return reason.text;
  }
}
