/**
 * The slot runner counts each scheduled tip slot's final outcome once (posted, skipped, failed,
 * paused) and each retry, into the Metrics it is given (metabot_tip_slots_total,
 * metabot_tip_send_retries_total).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/ops/metrics.js';
import { OutboxError } from '../../src/replies/outbox.js';
import { metricValue } from '../support/metric-values.js';
import { RecordingOutbox } from '../support/recording-outbox.js';
import { ManualClock } from './manual-clock.js';
import { CHANNEL, GUILD, MODERATOR, type TipProcess, tempDatabase, tipProcess } from './tip-harness.js';

describe('tip slot metrics', () => {
  let database: ReturnType<typeof tempDatabase>;
  let p: TipProcess | null = null;
  let metrics: Metrics;
  const slots = (outcome: string) => metricValue(metrics, 'metabot_tip_slots_total', { outcome });

  beforeEach(() => {
    database = tempDatabase();
    metrics = new Metrics();
  });
  afterEach(async () => {
    await p?.close();
    p = null;
    database.cleanup();
  });

  /**
   * A process with a daily 09:00 UTC schedule, started at `at`; once the schedule is set (which
   * checks that the bot may post), every post to the channel fails with `failWith` when given.
   */
  async function daily(at: string, outbox: RecordingOutbox, graceMinutes = 30, failWith?: OutboxError) {
    const clock = new ManualClock(Date.parse(at));
    p = tipProcess({ path: database.path, clock, outbox, metrics, graceMinutes });
    await p.service.setSchedule({
      guildId: GUILD,
      channelId: CHANNEL,
      cron: '0 9 * * *',
      timezone: 'UTC',
      by: MODERATOR,
    });
    if (failWith) outbox.failingChannels.set(CHANNEL, failWith);
    p.service.start();
    return clock;
  }

  it('counts a posted slot once, and nothing else', async () => {
    const clock = await daily('2026-11-25T08:59:00Z', new RecordingOutbox());
    await clock.advanceTo('2026-11-25T09:00:00Z');
    await clock.advanceTo('2026-11-25T09:30:00Z');
    expect(await slots('posted')).toBe(1);
    expect((await slots('failed')) + (await slots('skipped')) + (await slots('paused'))).toBe(0);
  });

  it('counts a slot whose channel the bot cannot post in as paused', async () => {
    const failure = new OutboxError('missing-access', 'Missing Access');
    const clock = await daily('2026-11-25T08:59:00Z', new RecordingOutbox(), 30, failure);
    await clock.advanceTo('2026-11-25T09:00:00Z');
    expect(await slots('paused')).toBe(1);
    expect(await slots('posted')).toBe(0);
  });

  it('counts each retry of a failing send, then the slot as failed once its grace runs out', async () => {
    const failure = new OutboxError('server-error', '502 Bad Gateway');
    const clock = await daily('2026-11-25T08:59:00Z', new RecordingOutbox(), 1, failure);
    await clock.advanceTo('2026-11-25T09:00:00Z');
    expect(await metricValue(metrics, 'metabot_tip_send_retries_total')).toBeGreaterThanOrEqual(1);
    await clock.advanceTo('2026-11-25T09:10:00Z');
    expect(await slots('failed')).toBe(1);
  });

  it('counts a slot missed by more than the grace window while the bot was down as skipped', async () => {
    const clock = await daily('2026-11-25T08:00:00Z', new RecordingOutbox());
    await p?.service.stop();
    clock.jumpTo('2026-11-25T12:00:00Z');
    const restarted = tipProcess({ path: database.path, clock, outbox: new RecordingOutbox(), metrics });
    await p?.close();
    p = restarted;
    restarted.service.start();
    await clock.advance(1_000);
    expect(await slots('skipped')).toBe(1);
    expect(await slots('posted')).toBe(0);
  });
});
