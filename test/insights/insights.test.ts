/**
 * The insights service (src/insights/insights.ts): retention by INSIGHTS_RETENTION_DAYS, the
 * once-per-person not-helpful mark, and the metric counting what was kept.
 */
import { describe, expect, it } from 'vitest';
import { Insights } from '../../src/insights/insights.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/ops/metrics.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { metricValue } from '../support/metric-values.js';

const GUILD = '100000000000000001';
const DAY = 86_400_000;

function setup() {
  let now = Date.parse('2026-11-25T09:00:00Z');
  const clock = { now: () => now };
  const storage = openSqliteStorage(':memory:', clock);
  const metrics = new Metrics();
  const insights = new Insights({
    store: storage.insights,
    clock,
    logger: createLogger('silent'),
    metrics,
    retentionDays: 30,
  });
  return { insights, metrics, storage, advance: (ms: number) => (now += ms) };
}

const question = { guildId: GUILD, question: 'who sees my likes', guesses: [], locale: 'en-US' } as const;

describe('Insights', () => {
  it('deletes records once they are older than the retention window, and keeps younger ones', async () => {
    const { insights, storage, advance } = setup();
    await insights.recordUnanswered({ ...question, outcome: 'off-topic' });
    advance(20 * DAY);
    await insights.recordUnanswered({ ...question, outcome: 'not-confident' });
    advance(10 * DAY + 1);
    expect(await insights.prune()).toBe(1);
    expect((await storage.insights.list(GUILD, 0)).map((i) => i.outcome)).toEqual(['not-confident']);
    await storage.close();
  });

  it('counts each kept question by outcome, and a repeated not-helpful click not at all', async () => {
    const { insights, metrics, storage } = setup();
    await insights.recordUnanswered({ ...question, outcome: 'off-topic' });
    expect(await insights.recordNotHelpful(question, '300000000000000001', '500000000000000001')).toBe(true);
    expect(await insights.recordNotHelpful(question, '300000000000000001', '500000000000000001')).toBe(false);
    const counted = (outcome: string) => metricValue(metrics, 'metabot_insights_recorded_total', { outcome });
    expect(await counted('off-topic')).toBe(1);
    expect(await counted('not-helpful')).toBe(1);
    expect(await counted('not-confident')).toBe(0);
    await storage.close();
  });
});
