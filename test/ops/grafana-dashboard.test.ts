/**
 * ops/grafana-dashboard.json is built on the metrics the bot serves: every metric a panel queries
 * is one the registry exposes (or Prometheus's own `up`), with labels that metric has, so a
 * renamed metric or label cannot leave a panel silently empty.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/ops/metrics.js';
import { PROJECT_ROOT } from '../../src/paths.js';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
}

const dashboard = JSON.parse(readFileSync(join(PROJECT_ROOT, 'ops/grafana-dashboard.json'), 'utf8')) as {
  title: string;
  uid: string;
  panels: Panel[];
};
/** Labels Prometheus adds to every scraped series. */
const SCRAPE_LABELS = ['job', 'instance'];
/** A metric name in PromQL, followed by its selector, range or a closing parenthesis. */
const METRIC = /\b((?:metabot|process|nodejs)_[a-z_0-9]+|up)(\{[^}]*\})?/g;

const exposed = new Map<string, { type: string; labels: string[] }>();
for (const metric of new Metrics({ processMetrics: true }).registry.getMetricsAsArray()) {
  const m = metric as unknown as { name: string; type: string; labelNames: string[] };
  exposed.set(m.name, { type: String(m.type), labels: [...(m.labelNames ?? [])] });
}

/** The registered metric a series name belongs to (a histogram's _bucket, _count, _sum). */
function metricOf(series: string) {
  if (series === 'up') return { type: 'gauge', labels: [] };
  const base = series.replace(/_(bucket|count|sum)$/, '');
  const found = exposed.get(series) ?? exposed.get(base);
  if (found && found.type === 'histogram' && series.endsWith('_bucket'))
    return { ...found, labels: [...found.labels, 'le'] };
  return found;
}

describe('the Grafana dashboard', () => {
  const queries = dashboard.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
  );

  it('has panels for interactions, latency, confidence, tips, REST, the database and the process', () => {
    expect(dashboard.uid).toBe('meta-connected-bot');
    const all = queries.map((q) => q.expr).join('\n');
    for (const name of [
      'metabot_interactions_total',
      'metabot_interaction_duration_seconds_bucket',
      'metabot_answer_confidence_ratio_bucket',
      'metabot_tip_slots_total',
      'metabot_faq_decisions_total',
      'metabot_discord_rest_rate_limits_total',
      'metabot_discord_rest_responses_total',
      'metabot_database_errors_total',
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
    ]) {
      expect(all, name).toContain(name);
    }
    expect(all).toMatch(
      /histogram_quantile\(0\.99, sum by \(le\) \(rate\(metabot_interaction_duration_seconds_bucket/,
    );
  });

  it('queries only metrics the bot exposes, with labels they have', () => {
    expect(queries.length).toBeGreaterThan(15);
    for (const { panel, expr } of queries) {
      const found = [...expr.matchAll(METRIC)];
      expect(found.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const [, series = '', selector = ''] of found) {
        const metric = metricOf(series);
        expect(metric, `${panel}: ${series} is not exposed`).toBeDefined();
        const labels = [...selector.matchAll(/([a-z_]+)\s*(?:=~|!=|!~|=)/g)].map((m) => m[1] ?? '');
        for (const label of labels) {
          expect(
            [...SCRAPE_LABELS, ...(metric?.labels ?? [])],
            `${panel}: ${series} has no label ${label}`,
          ).toContain(label);
        }
      }
      // Grouping labels must exist on the metrics grouped (or be added by Prometheus).
      for (const [, group = ''] of expr.matchAll(/by \(([^)]*)\)/g)) {
        const names = [...expr.matchAll(METRIC)].map((m) => metricOf(m[1] ?? ''));
        for (const label of group.split(',').map((l) => l.trim())) {
          const known = names.some((m) => [...SCRAPE_LABELS, ...(m?.labels ?? [])].includes(label));
          expect(known, `${panel}: no metric in "${expr}" has the label ${label}`).toBe(true);
        }
      }
    }
  });
});
