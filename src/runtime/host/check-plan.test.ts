import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../errors/index.js';
import { checkHostPlan } from './check-plan.js';
import { container, plan } from './test-helpers.js';

function refusal(p: ReturnType<typeof plan>): ValidationError {
  try {
    checkHostPlan(p);
  } catch (err) {
    assert.ok(err instanceof ValidationError);
    return err;
  }
  assert.fail('expected a ValidationError');
}

describe('checkHostPlan', () => {
  it('accepts a plain container step, with tolerated resources', () => {
    checkHostPlan(
      plan({
        containers: [container(['echo'], ['hi'], { extra: { resources: { limits: {} }, ports: [] } })],
      }),
    );
  });

  it('refuses volumes, sidecars, init containers and containerSets', () => {
    assert.equal(refusal(plan({ volumes: [{ name: 'v', emptyDir: {} }] })).path, 'volumes[0]');
    assert.equal(refusal(plan({ sidecars: [container(['nginx'])] })).path, 'sidecars');
    assert.equal(refusal(plan({ initContainers: [container(['true'])] })).path, 'initContainers');
    const set = refusal(plan({ containers: [container(['a']), { ...container(['b']), name: 'b' }] }));
    assert.match(set.message, /containerSet has 2/);
  });

  it('refuses container fields it cannot honour, naming the field', () => {
    const err = refusal(
      plan({ containers: [container(['echo'], [], { extra: { volumeMounts: [{ name: 'v' }] } })] }),
    );
    assert.equal(err.path, 'containers[0].volumeMounts[0].name');
    assert.match(err.message, /no configMap or secret volume named 'v'/);
    assert.equal(
      refusal(plan({ containers: [container(['x'], [], { extra: { ports: [{ containerPort: 80 }] } })] }))
        .path,
      'containers[0].ports',
    );
  });

  it('refuses a container without a command (the image entrypoint is unknown)', () => {
    assert.match(
      refusal(plan({ containers: [container([], [])] })).message,
      /cannot know the entrypoint of image 'alpine:3'/,
    );
    assert.match(
      refusal(plan({ containers: [container([], ['--flag'])] })).message,
      /has args but no command/,
    );
  });

  it('refuses relative and kernel paths', () => {
    const rel = plan({
      outputs: { parameters: [{ name: 'p', path: 'out.txt' }], artifacts: [], captureResult: false },
    });
    assert.equal(refusal(rel).path, 'outputs.parameters[0].path');
    assert.match(refusal(plan({ files: [{ path: '/proc/x', content: '' }] })).message, /under \/proc/);
  });

  it('accepts input artifacts of any source (the executor places them) at absolute paths only', () => {
    checkHostPlan(plan({ inputArtifacts: [{ name: 'data', path: '/tmp/d', spec: { s3: { key: 'k' } } }] }));
    checkHostPlan(plan({ inputArtifacts: [{ name: 'r', path: '/tmp/r', spec: { raw: { data: 'x' } } }] }));
    const err = refusal(plan({ inputArtifacts: [{ name: 'r', path: 'rel', spec: { raw: { data: 'x' } } }] }));
    assert.equal(err.path, 'inputArtifacts[0].path');
    const root = refusal(
      plan({ inputArtifacts: [{ name: 'r', path: '/art', spec: { raw: { data: 'x' } } }] }),
    );
    assert.match(root.message, /cannot place or read an artifact directly under \/ \('\/art'\)/);
    const out = { parameters: [], artifacts: [{ name: 'o', path: '/etc' }], captureResult: false };
    assert.equal(refusal(plan({ outputs: out })).path, 'outputs.artifacts[0].path');
    checkHostPlan(plan({ outputs: { ...out, artifacts: [{ name: 'o', path: '/tmp/' }] } }));
  });

  it('refuses a non-positive deadline', () => {
    assert.equal(refusal(plan({ activeDeadlineSeconds: 0 })).path, 'activeDeadlineSeconds');
  });
});
