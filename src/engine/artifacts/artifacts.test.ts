import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodPlan } from '../../runtime/pod-plan.js';
import { drive, nodesByName, type PodOutcome } from '../testing/driver.js';
import { workflowFromYaml } from '../testing/fixtures.js';

/** Pods report each declared output artifact as saved under their plan's key prefix (as the executor does). */
function savingPods(extra: (plan: PodPlan) => Partial<PodOutcome> = () => ({})) {
  return (plan: PodPlan): PodOutcome => {
    const location = plan.artifactRepository?.location as { local?: { key: string }; s3?: { key: string } };
    const prefix = location?.local?.key ?? location?.s3?.key ?? '';
    return {
      artifacts: plan.outputs.artifacts.map((a) => ({
        name: a.name,
        path: a.path,
        location: { local: { key: `${prefix}/${a.name}.tgz` } },
      })),
      ...extra(plan),
    };
  };
}

const PASSING = `
metadata: {name: pass}
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: produce
            template: produce
        - - name: consume
            template: consume
            arguments:
              artifacts:
                - name: msg
                  from: "{{steps.produce.outputs.artifacts.out}}"
    - name: produce
      container: {image: alpine, command: [sh, -c, "echo hi > /tmp/out"]}
      outputs:
        artifacts:
          - name: out
            path: /tmp/out
            globalName: final
    - name: consume
      inputs:
        artifacts:
          - name: msg
            path: /tmp/in/msg
      container: {image: alpine, command: [cat, "{{inputs.artifacts.msg.path}}"]}
`;

describe('engine: artifacts', () => {
  it('passes an output artifact to the next step through from, with the default key prefix', () => {
    const { workflow, plans } = drive(workflowFromYaml(PASSING), { script: savingPods() });
    assert.equal(workflow.status?.phase, 'Succeeded');
    const [produce, consume] = plans;
    assert.deepEqual(produce?.artifactRepository, {
      location: { local: { key: `pass/${produce?.podName}` } },
    });
    const input = consume?.inputArtifacts[0];
    assert.equal(input?.path, '/tmp/in/msg');
    assert.deepEqual(input?.spec.local, { key: `pass/${produce?.podName}/out.tgz` });
    assert.deepEqual(consume?.containers[0]?.command, ['cat', '/tmp/in/msg']);
    // globalName publishes it as a workflow output
    assert.deepEqual(workflow.status?.outputs?.artifacts?.[0], {
      name: 'final',
      path: '/tmp/out',
      local: { key: `pass/${produce?.podName}/out.tgz` },
      globalName: 'final',
    });
  });

  it("records the controller's repository and builds the key from its keyFormat, secrets as references", () => {
    const wf = workflowFromYaml(PASSING);
    wf.status = {
      artifactRepositoryRef: {
        default: true,
        artifactRepository: {
          s3: {
            bucket: 'b',
            endpoint: 'minio:9000',
            insecure: true,
            keyFormat: '{{workflow.namespace}}/{{workflow.name}}/{{pod.name}}',
            accessKeySecret: { name: 'creds', key: 'accesskey' },
            secretKeySecret: { name: 'creds', key: 'secretkey' },
          },
        },
      },
    };
    const { plans } = drive(wf, { script: savingPods() });
    const location = plans[0]?.artifactRepository?.location as { s3: Record<string, unknown> };
    assert.equal(location.s3.key, `argo/pass/${plans[0]?.podName}`);
    assert.equal(location.s3.bucket, 'b');
    assert.equal(location.s3.keyFormat, undefined, 'the format is resolved, not passed on');
    assert.deepEqual(location.s3.accessKeySecret, { name: 'creds', key: 'accesskey' });
  });

  it("a required input artifact that is not supplied fails the node with Argo's message", () => {
    const wf = workflowFromYaml(`
spec:
  entrypoint: consume
  templates:
    - name: consume
      inputs:
        artifacts:
          - name: msg
            path: /tmp/msg
      container: {image: alpine, command: [cat, /tmp/msg]}
`);
    const { workflow, plans } = drive(wf);
    assert.equal(plans.length, 0);
    assert.equal(workflow.status?.phase, 'Error');
    const node = nodesByName(workflow).get('wf');
    assert.equal(node?.message, 'inputs.artifacts.msg was not supplied');
  });

  it('an optional input artifact may be absent; a hardwired one is used as declared', () => {
    const wf = workflowFromYaml(`
spec:
  entrypoint: consume
  templates:
    - name: consume
      inputs:
        artifacts:
          - name: maybe
            path: /tmp/maybe
            optional: true
          - name: page
            path: /tmp/page
            http: {url: "https://example.com/page"}
      container: {image: alpine, command: [ls, /tmp]}
`);
    const { workflow, plans } = drive(wf);
    assert.equal(workflow.status?.phase, 'Succeeded');
    assert.deepEqual(
      plans[0]?.inputArtifacts.map((a) => [a.name, a.spec.http ?? null]),
      [
        ['maybe', null],
        ['page', { url: 'https://example.com/page' }],
      ],
    );
  });

  it('a from naming an artifact the step did not produce fails the consumer', () => {
    const wf = workflowFromYaml(PASSING.replace('outputs.artifacts.out}}', 'outputs.artifacts.nope}}'));
    const { workflow, plans } = drive(wf, { script: savingPods() });
    assert.equal(workflow.status?.phase, 'Failed');
    assert.equal(plans.length, 1, 'the consumer never starts');
    const consume = nodesByName(workflow).get('pass[1].consume');
    assert.equal(consume?.phase, 'Error');
    assert.match(consume?.message ?? '', /steps\.produce\.outputs\.artifacts\.nope/);
  });

  it('key-only artifacts: an output with s3.key and an input reading that key', () => {
    const wf = workflowFromYaml(`
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - {name: write, template: write}
        - - {name: read, template: read}
    - name: write
      container: {image: alpine, command: [sh, -c, "echo x > /tmp/f"]}
      outputs:
        artifacts:
          - {name: f, path: /tmp/f, s3: {key: shared/file.txt}}
    - name: read
      inputs:
        artifacts:
          - {name: f, path: /tmp/f, s3: {key: shared/file.txt}}
      container: {image: alpine, command: [cat, /tmp/f]}
`);
    const { plans } = drive(wf);
    assert.deepEqual(plans[0]?.outputs.artifacts[0]?.spec?.s3, { key: 'shared/file.txt' });
    assert.deepEqual(plans[1]?.inputArtifacts[0]?.spec.s3, { key: 'shared/file.txt' });
    assert.ok(plans[1]?.artifactRepository, 'the reader gets the repository to resolve the key in');
  });

  it('conditional artifacts: a DAG output chooses with fromExpression; a DAG passes it on with from', () => {
    const wf = workflowFromYaml(`
metadata: {name: cond}
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - {name: flip, template: flip}
          - {name: heads, template: gen, depends: flip, when: "{{tasks.flip.outputs.result}} == heads"}
          - {name: tails, template: gen, depends: flip, when: "{{tasks.flip.outputs.result}} == tails"}
      outputs:
        artifacts:
          - name: result
            fromExpression: "tasks.flip.outputs.result == 'heads' ? tasks.heads.outputs.artifacts.out : tasks.tails.outputs.artifacts.out"
    - name: flip
      container: {image: alpine, command: [echo, tails]}
    - name: gen
      container: {image: alpine, command: [sh, -c, "echo x > /tmp/out"]}
      outputs:
        artifacts:
          - {name: out, path: /tmp/out}
`);
    const { workflow, plans } = drive(wf, {
      script: savingPods((plan) => (plan.templateName === 'flip' ? { result: 'tails' } : {})),
    });
    assert.equal(workflow.status?.phase, 'Succeeded');
    const tails = plans.find((p) => p.nodeId === nodesByName(workflow).get('cond.tails')?.id);
    const root = nodesByName(workflow).get('cond');
    const art = root?.outputs?.artifacts?.[0] as { local?: unknown; name: string } | undefined;
    assert.deepEqual(art?.local, { key: `cond/${tails?.podName}/out.tgz` });
    assert.equal(root?.outputs?.artifacts?.[0]?.name, 'result');
  });

  it('fromExpression on an argument picks the artifact of the branch that ran', () => {
    const wf = workflowFromYaml(`
metadata: {name: fe}
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - {name: a, template: gen}
          - {name: b, template: gen}
        - - name: use
            template: use
            arguments:
              artifacts:
                - name: in
                  fromExpression: "steps.a.status == 'Succeeded' ? steps.b.outputs.artifacts.out : steps.a.outputs.artifacts.out"
    - name: gen
      container: {image: alpine, command: [sh, -c, "echo x > /tmp/out"]}
      outputs:
        artifacts:
          - {name: out, path: /tmp/out}
    - name: use
      inputs:
        artifacts:
          - {name: in, path: /tmp/in}
      container: {image: alpine, command: [cat, /tmp/in]}
`);
    const { workflow, plans } = drive(wf, { script: savingPods() });
    assert.equal(workflow.status?.phase, 'Succeeded');
    const b = plans.find((p) => p.nodeId === nodesByName(workflow).get('fe[0].b')?.id);
    const use = plans.find((p) => p.templateName === 'use');
    assert.deepEqual(use?.inputArtifacts[0]?.spec.local, { key: `fe/${b?.podName}/out.tgz` });
  });
});

describe('engine: artifact GC', () => {
  it('emits one deleteArtifacts action at completion, for OnWorkflowCompletion artifacts only', () => {
    const wf = workflowFromYaml(`
metadata: {name: gc}
spec:
  entrypoint: main
  artifactGC: {strategy: OnWorkflowDeletion}
  templates:
    - name: main
      container: {image: alpine, command: ["true"]}
      outputs:
        artifacts:
          - {name: a, path: /tmp/a, artifactGC: {strategy: OnWorkflowCompletion}}
          - {name: b, path: /tmp/b}
          - {name: c, path: /tmp/c, artifactGC: {strategy: Never}}
`);
    const { workflow, actions, plans } = drive(wf, { script: savingPods() });
    assert.equal(workflow.status?.phase, 'Succeeded');
    const gc = actions.filter((a) => a.type === 'deleteArtifacts');
    assert.equal(gc.length, 1);
    assert.deepEqual(gc[0], {
      type: 'deleteArtifacts',
      repository: { local: {} },
      artifacts: [
        {
          nodeId: plans[0]?.nodeId,
          name: 'a',
          artifact: { name: 'a', path: '/tmp/a', local: { key: `gc/${plans[0]?.podName}/a.tgz` } },
        },
      ],
    });
  });
});
