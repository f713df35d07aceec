/**
 * Test helpers for lint: lint YAML text with some rules and get `path: message` lines back.
 */
import { parseDocuments } from '../spec/index.js';
import { lintDocuments } from './lint.js';
import type { Rule } from './rule.js';

/** Lints text (one or more documents) with the rules given; returns `LINE path: message` per problem. */
export function lintYaml(text: string, rules?: readonly Rule[]): string[] {
  const report = lintDocuments(parseDocuments(text, 'test.yaml'), rules);
  return report.problems.map((p) => `${p.line} ${p.path}: ${p.message}`);
}

/** A Workflow named `t` with entrypoint main and the templates given (YAML, indented 4). */
export function workflow(templates: string, spec = ''): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: t
spec:
  entrypoint: main
${spec}  templates:
${templates}`;
}

/** A container template named name, YAML indented for `templates:`. */
export function container(name: string, command = '[echo, hi]'): string {
  return `    - name: ${name}
      container:
        image: alpine:3.19
        command: ${command}
`;
}
