/**
 * Database errors are counted at one place, whichever store and adapter: every store call that
 * throws or rejects, by store and operation, with the error passed on unchanged.
 */
import { describe, expect, it } from 'vitest';
import { instrumentStorage } from '../../src/ops/instrument-storage.js';
import { Metrics } from '../../src/ops/metrics.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { metricValue } from '../support/metric-values.js';

const GUILD = '100000000000000001';

describe('instrumentStorage', () => {
  it('passes answers through and counts nothing while the database works', async () => {
    const metrics = new Metrics();
    const storage = instrumentStorage(openSqliteStorage(':memory:', { now: () => 0 }), metrics);
    expect((await storage.faq.settings(GUILD)).reviewChannelId).toBeNull();
    await storage.ping();
    expect(await metricValue(metrics, 'metabot_database_errors_total')).toBe(0);
    await storage.close();
  });

  it('counts each failed call by store and operation, and rethrows the same error', async () => {
    const metrics = new Metrics();
    const real = openSqliteStorage(':memory:', { now: () => 0 });
    const storage = instrumentStorage(real, metrics);
    await real.close();
    await expect(storage.faq.settings(GUILD)).rejects.toThrow(/not open/);
    await expect(storage.tips.activeSchedules()).rejects.toThrow(/not open/);
    await expect(storage.ping()).rejects.toThrow(/not open/);
    await expect(storage.faq.settings(GUILD)).rejects.toThrow(/not open/);
    expect(
      await metricValue(metrics, 'metabot_database_errors_total', { store: 'faq', operation: 'settings' }),
    ).toBe(2);
    expect(
      await metricValue(metrics, 'metabot_database_errors_total', {
        store: 'tips',
        operation: 'activeSchedules',
      }),
    ).toBe(1);
    expect(
      await metricValue(metrics, 'metabot_database_errors_total', { store: 'storage', operation: 'ping' }),
    ).toBe(1);
  });
});
