import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  formatPath,
  parseDocuments,
  type SchemaIssue,
  validateResourceSchema,
  validateSchema,
} from './index.js';

const fixture = (name: string) =>
  parseDocuments(readFileSync(new URL(`../../testdata/spec/${name}`, import.meta.url), 'utf8'), name);

const show = (issues: SchemaIssue[]) => issues.map((i) => `${formatPath(i.path)}: ${i.message}`);

function workflow(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'w' }, spec };
}

const template = (extra: Record<string, unknown>) => workflow({ templates: [{ name: 't', ...extra }] });

describe('validateSchema', () => {
  it('accepts the valid fixtures', () => {
    for (const name of ['tree/hello-world.yaml', 'tree/nested/template.yml', 'tree/nested/config.json']) {
      for (const doc of fixture(name)) assert.deepEqual(show(validateSchema(doc)), [], name);
    }
  });

  it('reports unknown fields, wrong types and missing fields with paths and lines', () => {
    const [doc] = fixture('broken/typo.yaml');
    assert.ok(doc);
    const issues = validateSchema(doc);
    assert.deepEqual(show(issues), [
      'spec.templates[0].contaner: unknown field "contaner"',
      'spec.templates[0].inputs.parameters[0].name: is required',
    ]);
    assert.deepEqual(
      issues.map((i) => doc.lineOf(i.path)),
      [9, 13],
    );
  });

  it('finds unknown fields anywhere', () => {
    const wf = template({ container: { image: 'x', env: [{ name: 'A', valu: 'b' }] } });
    assert.deepEqual(show(validateResourceSchema(wf)), [
      'spec.templates[0].container.env[0].valu: unknown field "valu"',
    ]);
    assert.deepEqual(show(validateResourceSchema({ ...workflow({}), extra: 1 })), [
      'extra: unknown field "extra"',
    ]);
  });

  it("names the v4 replacement of Argo v3.5's single synchronization mutex / semaphore", () => {
    const issues = show(validateResourceSchema(workflow({ synchronization: { mutex: { name: 'm' } } })));
    assert.equal(issues.length, 1);
    assert.match(
      issues[0] ?? '',
      /^spec\.synchronization\.mutex: unknown field "mutex" \(.*write mutexes: \[\{name: \.\.\.\}\]\)$/,
    );
    assert.match(
      show(validateResourceSchema(workflow({ synchronization: { semaphore: {} } })))[0] ?? '',
      /write semaphores:/,
    );
  });

  it('says which type a field must have', () => {
    assert.deepEqual(show(validateResourceSchema(workflow({ entrypoint: 3 }))), [
      'spec.entrypoint: must be a string',
    ]);
    assert.deepEqual(show(validateResourceSchema(workflow({ templates: {} }))), [
      'spec.templates: must be a list',
    ]);
    assert.deepEqual(show(validateResourceSchema(workflow({ parallelism: 'two' }))), [
      'spec.parallelism: must be a number',
    ]);
    assert.deepEqual(show(validateResourceSchema(template({ activeDeadlineSeconds: true }))), [
      'spec.templates[0].activeDeadlineSeconds: must be an integer or a string',
    ]);
  });

  it('enforces required names of templates, steps and tasks', () => {
    const wf = workflow({
      templates: [{ steps: [[{ template: 'a' }]] }, { name: 'd', dag: { tasks: [{ template: 'a' }] } }],
    });
    assert.deepEqual(show(validateResourceSchema(wf)), [
      'spec.templates[0].steps[0][0].name: is required',
      'spec.templates[0].name: is required',
      'spec.templates[1].dag.tasks[0].name: is required',
    ]);
  });

  it('is lenient where Kubernetes and Argo are', () => {
    const wf = workflow({
      arguments: {
        parameters: [
          { name: 'a', value: 1 },
          { name: 'b', value: true },
          { name: 'c', value: 1.5 },
        ],
      },
      templateDefaults: { container: { image: 'x' } },
      templates: [
        {
          name: 't',
          activeDeadlineSeconds: '{{workflow.parameters.deadline}}',
          retryStrategy: { limit: 3, backoff: { duration: '1m', factor: 2 } },
          container: {
            image: 'x',
            imagePullPolicy: '{{inputs.parameters.policy}}',
            resources: { limits: { cpu: 1 } },
          },
          steps: null,
          inputs: { parameters: [{ name: 'p', default: 5, enum: [1, 'two'] }] },
        },
        { name: 's', steps: [[{ name: 'a', template: 't', withItems: [1, 'b', { c: [true] }, null] }]] },
        { name: 'd', dag: { tasks: [{ name: 'i', inline: { container: { image: 'x' } } }] } },
      ],
    });
    assert.deepEqual(show(validateResourceSchema(wf)), []);
  });

  it('checks enums unless the value is a template tag', () => {
    const wf = template({ container: { image: 'x', imagePullPolicy: 'Sometimes' } });
    assert.deepEqual(show(validateResourceSchema(wf)), [
      'spec.templates[0].container.imagePullPolicy: must be one of: Always, IfNotPresent, Never',
    ]);
  });

  it('validates ConfigMaps and Secrets', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 1 } };
    assert.deepEqual(show(validateResourceSchema(cm)), ['data.a: must be a string']);
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { a: 'b' },
      type: 'Opaque',
    };
    assert.deepEqual(show(validateResourceSchema(secret)), []);
  });

  it('gives one issue for kinds and apiVersions it does not read', () => {
    const sensor = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor', spec: { nonsense: 1 } };
    const issues = validateResourceSchema(sensor);
    assert.equal(issues.length, 1);
    assert.match(issues[0]?.message ?? '', /^unknown kind "Sensor"/);
    assert.deepEqual(show(validateResourceSchema({ ...workflow({}), apiVersion: 'argoproj.io/v1' })), [
      'apiVersion: unknown apiVersion "argoproj.io/v1" for Workflow, expected argoproj.io/v1alpha1',
    ]);
    assert.deepEqual(show(validateResourceSchema({ apiVersion: 'v1' })), ['kind: is required']);
    assert.deepEqual(show(validateResourceSchema({ kind: 'Workflow' })), ['apiVersion: is required']);
    assert.deepEqual(show(validateResourceSchema([])), [': must be an object']);
  });
});
