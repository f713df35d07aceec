/**
 * Schema: unknown fields, wrong types and missing required fields, as reported by spec's
 * validateSchema. Documents of other API groups (a Deployment next to a workflow, a Grafana
 * dashboard) are not ours to judge and are skipped; an unknown argoproj.io kind is reported.
 */
import { KINDS, validateSchema } from '../spec/index.js';
import type { Rule } from './rule.js';

const KNOWN = new Set<string>(KINDS);

export const schemaRule: Rule = {
  id: 'schema',
  check(ctx, report) {
    const { doc } = ctx;
    if (!KNOWN.has(doc.kind)) {
      const apiVersion = doc.value.apiVersion;
      if (typeof apiVersion === 'string' && apiVersion.startsWith('argoproj.io/')) {
        report(['kind'], `unknown kind "${doc.kind}" for ${apiVersion}: expected one of ${KINDS.join(', ')}`);
      }
      return;
    }
    for (const issue of validateSchema(doc)) report(issue.path, issue.message);
  },
};
