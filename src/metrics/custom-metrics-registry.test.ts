import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CustomMetricsRegistry } from './custom-metrics-registry.js';

test('counters add, gauges set, histograms observe, in Prometheus text format', () => {
  const r = new CustomMetricsRegistry();
  const counter = { name: 'argo_workflows_runs', help: 'Runs', kind: 'counter' as const, value: 1 };
  r.record({ ...counter, labels: { status: 'Failed' } });
  r.record({ ...counter, labels: { status: 'Failed' } });
  r.record({ ...counter, labels: { status: 'Succeeded' } });
  r.record({
    name: 'argo_workflows_g',
    help: 'A "gauge"\nwith \\ two lines',
    kind: 'gauge',
    labels: { name: 'a"b' },
    value: 2.5,
  });
  r.record({
    name: 'argo_workflows_g',
    help: 'A "gauge"\nwith \\ two lines',
    kind: 'gauge',
    labels: { name: 'a"b' },
    value: 3,
    operation: 'Add',
  });
  const hist = {
    name: 'argo_workflows_h',
    help: 'H',
    kind: 'histogram' as const,
    labels: {},
    buckets: [1, 5],
  };
  r.record({ ...hist, value: 0.5 });
  r.record({ ...hist, value: 3 });
  r.record({ ...hist, value: 9 });
  assert.equal(
    r.render(0),
    [
      '# HELP argo_workflows_runs Runs',
      '# TYPE argo_workflows_runs counter',
      'argo_workflows_runs{status="Failed"} 2',
      'argo_workflows_runs{status="Succeeded"} 1',
      '# HELP argo_workflows_g A "gauge"\\nwith \\\\ two lines',
      '# TYPE argo_workflows_g gauge',
      'argo_workflows_g{name="a\\"b"} 5.5',
      '# HELP argo_workflows_h H',
      '# TYPE argo_workflows_h histogram',
      'argo_workflows_h_bucket{le="1"} 1',
      'argo_workflows_h_bucket{le="5"} 2',
      'argo_workflows_h_bucket{le="+Inf"} 3',
      'argo_workflows_h_sum 12.5',
      'argo_workflows_h_count 3',
      '',
    ].join('\n'),
  );
});

test('a realtime gauge counts seconds at each scrape until a final value is set', () => {
  const r = new CustomMetricsRegistry();
  r.startRealtime({ name: 'argo_workflows_d', help: 'D', labels: { name: 'x' }, startedAtMs: 1000 });
  assert.match(r.render(4000), /argo_workflows_d\{name="x"\} 3\n/);
  assert.match(r.render(6000), /argo_workflows_d\{name="x"\} 5\n/);
  r.record({ name: 'argo_workflows_d', help: 'D', kind: 'gauge', labels: { name: 'x' }, value: 5.5 });
  assert.match(r.render(60_000), /argo_workflows_d\{name="x"\} 5\.5\n/);
});

test('one name keeps one help, type and set of buckets; built-in names are refused', () => {
  const r = new CustomMetricsRegistry(new Set(['argo_workflows_gauge']));
  assert.equal(
    r.record({ name: 'argo_workflows_m', help: 'one', kind: 'counter', labels: {}, value: 1 }),
    undefined,
  );
  assert.match(
    r.record({ name: 'argo_workflows_m', help: 'two', kind: 'counter', labels: {}, value: 1 }) ?? '',
    /already has the help "one"/,
  );
  assert.match(
    r.record({ name: 'argo_workflows_m', help: 'one', kind: 'gauge', labels: {}, value: 1 }) ?? '',
    /already a counter, not a gauge/,
  );
  assert.match(
    r.record({ name: 'argo_workflows_gauge', help: 'x', kind: 'gauge', labels: {}, value: 1 }) ?? '',
    /built-in metric/,
  );
  assert.match(r.render(0), /argo_workflows_m 1\n/);
});
