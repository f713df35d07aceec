/**
 * Loads workflow fixtures from testdata/engine/ (YAML), with the metadata the API would set.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Workflow } from '../../spec/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'testdata', 'engine');

/** Parses a workflow from YAML text; name defaults to `wf`, uid and namespace to fixed values. */
export function workflowFromYaml(text: string): Workflow {
  const wf = parse(text) as Workflow;
  wf.metadata = {
    ...wf.metadata,
    name: wf.metadata?.name ?? 'wf',
    namespace: wf.metadata?.namespace ?? 'argo',
    uid: wf.metadata?.uid ?? '00000000-0000-0000-0000-000000000001',
    creationTimestamp: wf.metadata?.creationTimestamp ?? '2024-01-01T00:00:00Z',
  };
  return wf;
}

export function loadFixture(name: string): Workflow {
  return workflowFromYaml(readFileSync(join(ROOT, `${name}.yaml`), 'utf8'));
}
