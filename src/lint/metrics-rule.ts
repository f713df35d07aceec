/**
 * Custom metrics (`metrics.prometheus` on the spec and on templates): names, help texts, one type,
 * histogram buckets, label keys and realtime gauges, as src/metrics checks them before emitting.
 */
import { metricsBlockProblems } from '../metrics/index.js';
import type { Rule } from './rule.js';
import { templatesOf } from './workflow-view.js';

export const metricsRule: Rule = {
  id: 'metrics',
  check(ctx, report) {
    const view = ctx.view;
    if (!view) return;
    const blocks = [
      { value: view.spec.metrics, path: [...view.specPath, 'metrics'] },
      ...templatesOf(view).map((t) => ({ value: t.tmpl.metrics, path: [...t.path, 'metrics'] })),
    ];
    for (const { value, path } of blocks) {
      for (const p of metricsBlockProblems(value, path)) report(p.path, p.message);
    }
  },
};
