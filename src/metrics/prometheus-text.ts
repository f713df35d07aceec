/**
 * Prometheus text exposition format (version 0.0.4) of custom metric families, pure: the time of the
 * scrape is given, for realtime gauges.
 */
import type { MetricKind } from './compute-metrics.js';

export interface HistogramState {
  /** Count of observations per bucket (not cumulative), same order as `buckets`. */
  counts: number[];
  sum: number;
  count: number;
}

export interface Series {
  labels: Record<string, string>;
  /** Gauge or counter value. */
  value?: number;
  /** Realtime gauge: seconds since this time. */
  startedAtMs?: number;
  histogram?: HistogramState;
}

export interface MetricFamily {
  name: string;
  help: string;
  kind: MetricKind;
  buckets?: number[];
  series: Map<string, Series>;
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabel(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return '+Inf';
  if (n === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(n);
}

function labelText(labels: Record<string, string>, extra?: [string, string]): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

/** The identity of a series within its family: its labels, sorted. */
export function seriesKey(labels: Record<string, string>): string {
  return labelText(labels);
}

function renderSeries(family: MetricFamily, s: Series, nowMs: number, lines: string[]): void {
  if (family.kind !== 'histogram') {
    const value = s.startedAtMs !== undefined ? Math.max(0, (nowMs - s.startedAtMs) / 1000) : (s.value ?? 0);
    lines.push(`${family.name}${labelText(s.labels)} ${formatNumber(value)}`);
    return;
  }
  const h = s.histogram ?? { counts: [], sum: 0, count: 0 };
  let cumulative = 0;
  (family.buckets ?? []).forEach((le, i) => {
    cumulative += h.counts[i] ?? 0;
    lines.push(`${family.name}_bucket${labelText(s.labels, ['le', formatNumber(le)])} ${cumulative}`);
  });
  lines.push(`${family.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${h.count}`);
  lines.push(`${family.name}_sum${labelText(s.labels)} ${formatNumber(h.sum)}`);
  lines.push(`${family.name}_count${labelText(s.labels)} ${h.count}`);
}

/** The families in text format, in the given order; an empty string when there are none. */
export function renderPrometheusText(families: Iterable<MetricFamily>, nowMs: number): string {
  const lines: string[] = [];
  for (const family of families) {
    if (family.series.size === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.kind}`);
    for (const s of family.series.values()) renderSeries(family, s, nowMs, lines);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
