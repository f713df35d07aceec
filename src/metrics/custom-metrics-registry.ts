/**
 * The custom metrics of one process (Argo's are per controller too): families by name, each with its
 * series by labels. A sample whose name is taken with another help, type or buckets is refused, as
 * Prometheus requires; so is one that would shadow a built-in metric.
 */
import type { MetricSample, RealtimeGauge } from './compute-metrics.js';
import { type MetricFamily, renderPrometheusText, type Series, seriesKey } from './prometheus-text.js';

export class CustomMetricsRegistry {
  private readonly families = new Map<string, MetricFamily>();

  /** `reserved`: names already exposed by the process (controller metrics). */
  constructor(private readonly reserved: ReadonlySet<string> = new Set()) {}

  /** Records one sample; returns why it was refused, if it was. */
  record(sample: MetricSample): string | undefined {
    const family = this.familyFor(sample.name, sample.help, sample.kind, sample.buckets);
    if (typeof family === 'string') return family;
    const key = seriesKey(sample.labels);
    const series: Series = family.series.get(key) ?? { labels: sample.labels };
    family.series.set(key, series);
    if (sample.kind === 'counter') {
      if (sample.value < 0) return `counter ${sample.name} cannot decrease (value ${sample.value})`;
      series.value = (series.value ?? 0) + sample.value;
    } else if (sample.kind === 'gauge') {
      const current = series.startedAtMs === undefined ? (series.value ?? 0) : 0;
      series.startedAtMs = undefined;
      const op = sample.operation ?? 'Set';
      series.value =
        op === 'Add' ? current + sample.value : op === 'Sub' ? current - sample.value : sample.value;
    } else {
      const buckets = family.buckets ?? [];
      const h = series.histogram ?? { counts: buckets.map(() => 0), sum: 0, count: 0 };
      series.histogram = h;
      const i = buckets.findIndex((le) => sample.value <= le);
      if (i >= 0) h.counts[i] = (h.counts[i] ?? 0) + 1;
      h.sum += sample.value;
      h.count += 1;
    }
    return undefined;
  }

  /** Starts a realtime gauge (seconds since it started, at every scrape). */
  startRealtime(gauge: RealtimeGauge): string | undefined {
    const family = this.familyFor(gauge.name, gauge.help, 'gauge');
    if (typeof family === 'string') return family;
    family.series.set(seriesKey(gauge.labels), { labels: gauge.labels, startedAtMs: gauge.startedAtMs });
    return undefined;
  }

  /** Prometheus text of every custom metric. */
  render(nowMs: number): string {
    return renderPrometheusText(this.families.values(), nowMs);
  }

  private familyFor(
    name: string,
    help: string,
    kind: MetricFamily['kind'],
    buckets?: number[],
  ): MetricFamily | string {
    if (this.reserved.has(name)) return `metric ${name} is a built-in metric: choose another name`;
    const existing = this.families.get(name);
    if (!existing) {
      const family: MetricFamily = { name, help, kind, buckets, series: new Map() };
      this.families.set(name, family);
      return family;
    }
    if (existing.kind !== kind) return `metric ${name} is already a ${existing.kind}, not a ${kind}`;
    if (existing.help !== help) {
      return `metric ${name} already has the help "${existing.help}": every metric of one name needs the same help`;
    }
    if (kind === 'histogram' && JSON.stringify(existing.buckets) !== JSON.stringify(buckets)) {
      return `histogram ${name} already has the buckets ${JSON.stringify(existing.buckets)}`;
    }
    return existing;
  }
}
