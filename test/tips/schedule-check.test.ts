import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/i18n/format.js';
import { UserError } from '../../src/replies/user-error.js';
import { latestSlot, nextSlots, shortestGap } from '../../src/tips/cron-slots.js';
import { checkSchedule } from '../../src/tips/schedule-check.js';
import { resolveTimezone, suggestTimezones } from '../../src/tips/timezones.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const check = (cron: string, timezone = 'UTC', minIntervalMinutes = 60) =>
  checkSchedule({ cron, timezone }, { now: NOW, minIntervalMinutes });
const refusal = (cron: string, timezone = 'UTC', minIntervalMinutes = 60) => {
  try {
    check(cron, timezone, minIntervalMinutes);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error(`"${cron}" in ${timezone} was accepted`);
};

describe('checkSchedule', () => {
  it('accepts a weekly schedule and normalises the timezone spelling', () => {
    expect(check('0 9 * * 1', 'europe/berlin')).toEqual({ cron: '0 9 * * 1', timezone: 'Europe/Berlin' });
  });

  it('refuses a cron expression without exactly five fields', () => {
    expect(refusal('0 9 * *')).toMatch(/exactly 5 fields.*has 4/);
    expect(refusal('0 0 9 * * 1')).toMatch(/exactly 5 fields.*has 6/);
  });

  it('refuses a cron expression with an impossible value', () => {
    expect(refusal('61 9 * * *')).toMatch(/not a valid cron expression/);
  });

  it('refuses an unknown timezone and a fixed offset', () => {
    expect(refusal('0 9 * * 1', 'Mars/Olympus')).toMatch(/not a timezone I know/);
    expect(refusal('0 9 * * 1', '+01:00')).toMatch(/not a timezone I know/);
  });

  it('quotes an unknown timezone cut by characters, never inside an emoji', () => {
    expect(refusal('0 9 * * 1', `Mars/${'😀'.repeat(100)}`)).toContain(`\`Mars/${'😀'.repeat(54)}…\``);
  });

  it('refuses a schedule that never comes due', () => {
    expect(refusal('0 9 30 2 *')).toMatch(/never comes due/);
  });

  it('refuses a schedule more frequent than the minimum interval', () => {
    expect(refusal('*/30 * * * *')).toMatch(/30 minutes apart.*one tip every 1 hour/);
  });

  it('refuses a schedule whose first gap is long but a later one is short', () => {
    expect(refusal('0,5 9 * * 1')).toMatch(/5 minutes apart/);
  });

  it('accepts every minute when the minimum interval is one minute', () => {
    expect(check('* * * * *', 'UTC', 1).cron).toBe('* * * * *');
  });
});

describe('cron slots', () => {
  it('computes slots in the schedule timezone', () => {
    expect(
      nextSlots({ cron: '0 9 * * *', timezone: 'America/New_York' }, NOW, 2).map((t) =>
        new Date(t).toISOString(),
      ),
    ).toEqual(['2026-11-25T14:00:00.000Z', '2026-11-26T14:00:00.000Z']);
  });

  it('finds the latest slot at or before an instant, including the instant itself', () => {
    const spec = { cron: '0 * * * *', timezone: 'UTC' };
    expect(latestSlot(spec, NOW, 0)).toBe(NOW);
    expect(latestSlot(spec, NOW + 59_000, 0)).toBe(NOW);
    expect(latestSlot(spec, NOW, NOW)).toBeNull();
  });

  it('keeps a list of explicit times once each on daylight-saving nights', () => {
    const spec = { cron: '30 2,14 * * *', timezone: 'Europe/Berlin' };
    const autumn = nextSlots(spec, Date.parse('2026-10-25T00:00:00Z'), 3).map((t) =>
      new Date(t).toISOString(),
    );
    expect(autumn).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T13:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
    const spring = nextSlots(spec, Date.parse('2026-03-29T00:00:00Z'), 2).map((t) =>
      new Date(t).toISOString(),
    );
    expect(spring).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T12:30:00.000Z']);
  });

  it('measures the shortest gap between upcoming slots', () => {
    expect(shortestGap({ cron: '0 9,10 * * *', timezone: 'UTC' }, NOW)).toBe(3_600_000);
  });
});

describe('timezones', () => {
  it('knows UTC and IANA names in any case, and nothing else', () => {
    expect(resolveTimezone('utc')).toBe('UTC');
    expect(resolveTimezone('America/new_york')).toBe('America/New_York');
    expect(resolveTimezone('America/New York')).toBe('America/New_York');
    expect(resolveTimezone('Nowhere/Special')).toBeNull();
    expect(resolveTimezone('')).toBeNull();
  });

  it('suggests zones whose name or city starts with what was typed, first', () => {
    expect(suggestTimezones('berl', 25)).toEqual(['Europe/Berlin']);
    expect(suggestTimezones('new', 25)[0]).toBe('America/New_York');
    expect(suggestTimezones('', 25)[0]).toBe('UTC');
    expect(suggestTimezones('a', 5)).toHaveLength(5);
  });

  it('formats durations for refusal messages', () => {
    expect(formatDuration('en-US', 1)).toBe('1 minute');
    expect(formatDuration('en-US', 90)).toBe('1 hour 30 minutes');
    expect(formatDuration('en-US', 1_440)).toBe('1 day');
  });
});
