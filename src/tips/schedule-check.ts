/**
 * Checks a schedule a moderator asked for before anything is stored: a valid 5-field cron
 * expression, a known IANA timezone, at least one future slot, and no two slots closer together
 * than the configured minimum interval. Every refusal is a sentence the moderator can act on.
 */
import { truncate } from '../replies/fit.js';
import { UserError } from '../replies/user-error.js';
import { type CronSpec, cronProblem, nextSlots, shortestGap } from './cron-slots.js';
import { resolveTimezone } from './timezones.js';

/** Enough upcoming slots to catch an irregular expression's short gaps (e.g. `0,5 9 * * 1`). */
const GAP_SAMPLES = 100;

export function formatMinutes(totalMinutes: number): string {
  const days = Math.floor(totalMinutes / 1_440);
  const hours = Math.floor((totalMinutes % 1_440) / 60);
  const minutes = Math.round(totalMinutes % 60);
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours > 0) parts.push(`${hours} ${hours === 1 ? 'hour' : 'hours'}`);
  if (minutes > 0 || parts.length === 0) parts.push(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`);
  return parts.join(' ');
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
    throw new UserError(`Schedule not changed: ${problem} Example: \`0 9 * * 1\` is every Monday at 09:00.`);
  }
  const timezone = resolveTimezone(input.timezone);
  if (!timezone) {
    throw new UserError(
      `Schedule not changed: \`${truncate(input.timezone, 60)}\` is not a timezone I know. ` +
        'Use an IANA name such as `Europe/Berlin`, `America/New_York` or `UTC` (the option suggests them as you type).',
    );
  }
  const spec = { cron, timezone };
  if (nextSlots(spec, options.now, 1).length === 0) {
    throw new UserError(`Schedule not changed: \`${cron}\` never comes due, so no tip would ever be posted.`);
  }
  const gap = shortestGap(spec, options.now, GAP_SAMPLES);
  const minimumMs = options.minIntervalMinutes * 60_000;
  if (gap !== null && gap < minimumMs) {
    throw new UserError(
      `Schedule not changed: \`${cron}\` would post tips as little as ${formatMinutes(gap / 60_000)} apart, ` +
        `and this bot allows at most one tip every ${formatMinutes(options.minIntervalMinutes)}. ` +
        'Try a daily or weekly schedule such as `0 9 * * 1`.',
    );
  }
  return spec;
}
