/** `-o json|yaml|name|wide` output of workflows, like `argo`. */
import { stringify } from 'yaml';
import { ValidationError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import { renderWorkflow } from './render/workflow-tree.js';

export type OutputFormat = '' | 'json' | 'yaml' | 'name' | 'wide';

export function parseOutputFormat(value: string | undefined): OutputFormat {
  const v = value ?? '';
  if (v === '' || v === 'json' || v === 'yaml' || v === 'name' || v === 'wide') return v;
  throw new ValidationError('--output', `unknown output format "${v}": use json, yaml, name or wide`);
}

export function formatWorkflow(wf: Workflow, format: OutputFormat, now = new Date()): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(wf, null, 2)}\n`;
    case 'yaml':
      return stringify(wf);
    case 'name':
      return `${wf.metadata.name}\n`;
    default:
      return renderWorkflow(wf, { now, wide: format === 'wide', color: process.stdout.isTTY === true });
  }
}
