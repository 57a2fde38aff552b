/**
 * Reads a sample from a Metrics registry as a number, the way Prometheus would see it: the sum
 * of the series named `name`, 0 before the first, (a histogram's `_count`, `_sum` or `_bucket` included) whose labels
 * include every given label.
 */
import type { Metrics } from '../../src/ops/metrics.js';

export async function metricValue(
  metrics: Metrics,
  name: string,
  labels: Readonly<Record<string, string | number>> = {},
): Promise<number> {
  let total = 0;
  let seen = false;
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    // A registered metric with no series yet (a histogram before its first observation) reads 0.
    if (name === metric.name || name.startsWith(`${metric.name}_`)) seen = true;
    for (const value of metric.values) {
      const series = (value as { metricName?: string }).metricName ?? metric.name;
      if (series !== name) continue;
      seen = true;
      const has = value.labels as Record<string, string | number | undefined>;
      if (Object.entries(labels).every(([key, wanted]) => String(has[key]) === String(wanted))) {
        total += value.value;
      }
    }
  }
  if (!seen) throw new Error(`no series named ${name} in the registry`);
  return total;
}
