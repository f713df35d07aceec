/**
 * The generated schema must know the same fields as Argo's own JSON schema
 * (../shared/argo-api/schema.json or ARGO_SCHEMA_JSON, read at test time only; skipped when absent),
 * and the committed generated files must match what scripts/gen-schema.mjs produces.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ARGO_SCHEMA_JSON } from '../testing/shared-dir.js';

interface Definition {
  properties?: Record<string, unknown>;
  required?: string[];
}
interface SchemaFile {
  definitions: Record<string, Definition>;
}

const ARGO_SCHEMA = ARGO_SCHEMA_JSON;
const ours = JSON.parse(
  readFileSync(new URL('./generated/resource-schema.json', import.meta.url), 'utf8'),
) as SchemaFile;

const ARGO = 'io.argoproj.workflow.v1alpha1.';
const MAIN_DEFINITIONS = [
  'Workflow',
  'WorkflowSpec',
  'WorkflowStatus',
  'WorkflowTemplate',
  'ClusterWorkflowTemplate',
  'CronWorkflow',
  'CronWorkflowSpec',
  'WorkflowEventBinding',
  'WorkflowEventBindingSpec',
  'Template',
  'WorkflowStep',
  'DAGTemplate',
  'DAGTask',
  'Arguments',
  'Inputs',
  'Outputs',
  'Parameter',
  'ValueFrom',
  'Artifact',
  'ArtifactLocation',
  'S3Artifact',
  'RetryStrategy',
  'Backoff',
  'ScriptTemplate',
  'ResourceTemplate',
  'SuspendTemplate',
  'HTTP',
  'ContainerSetTemplate',
  'ContainerNode',
  'UserContainer',
  'LifecycleHook',
  'Metrics',
  'Synchronization',
  'Memoize',
  'PodGC',
  'TTLStrategy',
  'NodeStatus',
].map((n) => ARGO + n);

const names = (d: Definition | undefined) => Object.keys(d?.properties ?? {}).sort();

describe('schema drift', () => {
  it("knows the same fields as Argo's schema for every shared definition", {
    skip: !existsSync(ARGO_SCHEMA) && `${ARGO_SCHEMA} is absent`,
  }, () => {
    const argo = JSON.parse(readFileSync(ARGO_SCHEMA, 'utf8')) as SchemaFile;
    for (const name of MAIN_DEFINITIONS) {
      assert.ok(ours.definitions[name], `${name} is missing from the generated schema`);
      assert.deepEqual(names(ours.definitions[name]), names(argo.definitions[name]), name);
    }
    const drift = Object.keys(ours.definitions)
      .filter((name) => argo.definitions[name]?.properties && ours.definitions[name]?.properties)
      .filter((name) => names(ours.definitions[name]).join() !== names(argo.definitions[name]).join());
    assert.deepEqual(drift, []);
  });

  it('has generated files up to date with scripts/gen-schema.mjs', () => {
    const script = fileURLToPath(new URL('../../scripts/gen-schema.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
});
