/**
 * Metric names and labels follow Prometheus's naming practice: one application prefix, counters
 * ending in _total, base units (seconds, a 0..1 ratio), and label values from small fixed sets,
 * never an id. Each Metrics has a registry of its own, never prom-client's global one.
 */
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/ops/metrics.js';
import { metricValue } from '../support/metric-values.js';

describe('Metrics', () => {
  it('names every metric of its own metabot_…, counters …_total, durations …_seconds', async () => {
    const metrics = new Metrics();
    const own = (await metrics.registry.getMetricsAsJSON()).map((m) => ({
      name: m.name,
      type: String(m.type),
    }));
    expect(own.length).toBeGreaterThanOrEqual(11);
    for (const { name, type } of own) {
      expect(name).toMatch(/^metabot_[a-z_]+$/);
      if (type === 'counter') expect(name).toMatch(/_total$/);
      if (type === 'histogram') expect(name).toMatch(/_(seconds|ratio)$/);
    }
  });

  it('keeps its series in its own registry, not in prom-client global one, and apart from other Metrics', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.interactionHandled('help', 'command', 'answered', 0.002);
    expect(await metricValue(a, 'metabot_interactions_total', { command: 'help' })).toBe(1);
    expect(await metricValue(b, 'metabot_interactions_total')).toBe(0);
    expect(await globalRegistry.metrics()).not.toContain('metabot_');
  });

  it("adds prom-client's process metrics when asked (CPU, memory, event loop lag)", async () => {
    const text = await new Metrics({ processMetrics: true }).render();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(await new Metrics().render()).not.toContain('process_cpu_seconds_total');
  });

  it('starts fixed label sets at 0, so alerts see the series before the first event', async () => {
    const metrics = new Metrics();
    metrics.knowCommands(['ask']);
    const text = await metrics.render();
    expect(text).toContain('metabot_tip_slots_total{outcome="failed"} 0');
    expect(text).toContain('metabot_interactions_total{command="ask",type="command",outcome="fault"} 0');
    expect(text).toContain('metabot_discord_rest_rate_limits_total{scope="global"} 0');
  });

  it('counts REST responses by status code and retried ones apart', async () => {
    const metrics = new Metrics();
    metrics.restResponse(200, false);
    metrics.restResponse(502, false);
    metrics.restResponse(200, true);
    expect(await metricValue(metrics, 'metabot_discord_rest_responses_total', { code: 200 })).toBe(2);
    expect(await metricValue(metrics, 'metabot_discord_rest_responses_total', { code: 502 })).toBe(1);
    expect(await metricValue(metrics, 'metabot_discord_rest_retries_total')).toBe(1);
  });
});
