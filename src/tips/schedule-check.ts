/**
 * Checks a schedule a moderator asked for before anything is stored: a valid 5-field cron
 * expression, a known IANA timezone, at least one future slot, and no two slots closer together
 * than the configured minimum interval. Every refusal is a UserError the moderator can act on,
 * worded in their language when it is shown.
 */
import { formatDuration } from '../i18n/format.js';
import type { Translator } from '../i18n/messages.js';
import { truncate } from '../replies/fit.js';
import { UserError } from '../replies/user-error.js';
import { type CronProblem, type CronSpec, cronProblem, nextSlots, shortestGap } from './cron-slots.js';
import { resolveTimezone } from './timezones.js';

/** Enough upcoming slots to catch an irregular expression's short gaps (e.g. `0,5 9 * * 1`). */
const GAP_SAMPLES = 100;

/** A cron problem (cron-slots.ts) as the part of a sentence that says what is wrong. */
function describeCronProblem(cron: string, problem: CronProblem, tr: Translator): string {
  return problem.code === 'field-count'
    ? tr('schedule.cronFieldCount', { cron, count: problem.count })
    : tr('schedule.cronInvalid', { cron, detail: problem.detail });
}

/**
 * The normalised schedule (timezone spelled as the runtime knows it), or a UserError
 * explaining what is wrong.
 */
export function checkSchedule(
  input: { cron: string; timezone: string },
  options: { now: number; minIntervalMinutes: number },
): CronSpec {
  const cron = input.cron.trim().replace(/\s+/g, ' ');
  const problem = cronProblem(cron);
  if (problem) {
    throw new UserError((tr) =>
      tr('schedule.invalidCron', { problem: describeCronProblem(cron, problem, tr) }),
    );
  }
  const timezone = resolveTimezone(input.timezone);
  if (!timezone) throw new UserError('schedule.unknownTimezone', { timezone: truncate(input.timezone, 60) });
  const spec = { cron, timezone };
  if (nextSlots(spec, options.now, 1).length === 0) throw new UserError('schedule.neverDue', { cron });
  const gap = shortestGap(spec, options.now, GAP_SAMPLES);
  const minimumMs = options.minIntervalMinutes * 60_000;
  if (gap !== null && gap < minimumMs) {
    throw new UserError((tr) =>
      tr('schedule.tooClose', {
        cron,
        gap: formatDuration(tr.locale, gap / 60_000),
        minimum: formatDuration(tr.locale, options.minIntervalMinutes),
      }),
    );
  }
  return spec;
}
