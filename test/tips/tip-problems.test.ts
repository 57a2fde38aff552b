import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/messages.js';
import {
  describePauseReason,
  describeSlotProblem,
  parsePauseReason,
  parseSlotProblem,
  type SlotProblem,
  storeCode,
} from '../../src/tips/tip-problems.js';

const CHANNEL = '200000000000000001';
const en = translator('en-US');

describe('slot problems and pause reasons', () => {
  it('round-trips every code through the form stored in the database', () => {
    const problems: SlotProblem[] = [
      { code: 'schedule-changed' },
      {
        code: 'grace-expired',
        graceMinutes: 30,
        lastError: { failure: 'server-error', detail: '503 Service Unavailable' },
      },
      { code: 'later-slot-due' },
      { code: 'stopped-mid-send', minutesAgo: 10 },
      { code: 'missed-offline', lateMinutes: 95, graceMinutes: 30 },
      { code: 'no-tips' },
      { code: 'tip-removed', tipId: 'login-alerts' },
      { code: 'cannot-post', reason: 'missing-channel', channelId: CHANNEL },
      { code: 'send-failed', error: { failure: 'timeout', detail: 'no answer in 15 s' } },
      { code: 'gave-up', attempts: 4, error: { failure: 'server-error', detail: '502' } },
      { code: 'unexpected-error' },
    ];
    for (const problem of problems) expect(parseSlotProblem(storeCode(problem))).toEqual(problem);
    expect(parsePauseReason(storeCode({ code: 'missing-access', channelId: CHANNEL }))).toEqual({
      code: 'missing-access',
      channelId: CHANNEL,
    });
  });

  it('words each code for moderators in one place', () => {
    expect(describeSlotProblem({ code: 'missed-offline', lateMinutes: 95, graceMinutes: 30 }, en)).toBe(
      'missed by 1 hour 35 minutes while the bot was offline (the grace window is 30 minutes), so it was not posted late',
    );
    expect(
      describeSlotProblem(
        {
          code: 'grace-expired',
          graceMinutes: 30,
          lastError: { failure: 'server-error', detail: '503' },
        },
        en,
      ),
    ).toBe('not posted within the grace window of 30 minutes (last error: server-error: 503)');
    expect(describePauseReason({ code: 'missing-channel', channelId: CHANNEL }, en)).toBe(
      `The channel <#${CHANNEL}> no longer exists or I cannot see it: run /privacy-tips schedule with another channel.`,
    );
    expect(
      describeSlotProblem({ code: 'cannot-post', reason: 'missing-access', channelId: CHANNEL }, en),
    ).toMatch(/^I may not post in <#200000000000000001>: give me View Channel/);
  });

  it('reads English text stored before codes existed as text, shown unchanged', () => {
    expect(parseSlotProblem('unexpected error')).toEqual({ code: 'text', text: 'unexpected error' });
    expect(parseSlotProblem('{"code":"no-such-code"}')).toEqual({
      code: 'text',
      text: '{"code":"no-such-code"}',
    });
    expect(describeSlotProblem(parseSlotProblem('gave up after 3 attempts'), en)).toBe(
      'gave up after 3 attempts',
    );
    expect(describePauseReason(parsePauseReason('I may not post there.'), en)).toBe('I may not post there.');
  });
});
