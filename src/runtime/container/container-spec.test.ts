/** The pure parts of the container runtime: create bodies, quantities, volumes, podSpecPatch, outcomes, addresses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../errors/index.js';
import { container, plan } from '../host/test-helpers.js';
import { checkContainerPlan } from './check-plan.js';
import { podOutcome, recoveredStopReason } from './container-outcome.js';
import { createOptions, deadlineAt, podLabels, type SpecContext } from './container-spec.js';
import { engineAddress } from './engine-client.js';
import { applyPodSpecPatch } from './pod-spec-patch.js';
import { bindsOf, podVolumes, volumeMountsOf } from './pod-volumes.js';
import { memoryBytes, nanoCpus } from './quantities.js';

const ctxOf = (p = plan()): SpecContext => ({
  plan: p,
  scope: 's1',
  volumes: podVolumes(p, 's1'),
  startedAt: '2026-01-01T00:00:00Z',
});

describe('createOptions', () => {
  it('maps command to Entrypoint and args to Cmd, with Argo env, labels and name', () => {
    const p = plan({
      containers: [container(['sh', '-c'], ['echo hi'], { env: [{ name: 'A', value: '1' }] })],
    });
    const o = createOptions(ctxOf(p), p.containers[0]!, 'main');
    assert.deepEqual(o.Entrypoint, ['sh', '-c']);
    assert.deepEqual(o.Cmd, ['echo hi']);
    assert.ok(o.Env?.includes('A=1'));
    assert.ok(o.Env?.includes(`ARGO_POD_NAME=${p.podName}`));
    assert.equal(o.name, `argosy-s1-${p.podName}-main`);
    assert.equal(o.Labels?.['io.argosy.pod'], p.podName);
    assert.equal(o.Labels?.['io.argosy.role'], 'main');
    assert.deepEqual(JSON.parse(o.Labels?.['io.argosy.outputs'] ?? ''), p.outputs);
  });

  it('keeps the image entrypoint when only args are given', () => {
    const p = plan({ containers: [container([], ['echo', 'x'])] });
    const o = createOptions(ctxOf(p), p.containers[0]!, 'main');
    assert.equal(o.Entrypoint, undefined);
    assert.deepEqual(o.Cmd, ['echo', 'x']);
  });

  it('applies limits, user/group (container over pod), binds and the network', () => {
    const p = plan({
      securityContext: { runAsUser: 1, runAsGroup: 2 },
      volumes: [
        { name: 'w', emptyDir: {} },
        { name: 'h', hostPath: { path: '/srv' } },
      ],
      containers: [
        container(['true'], [], {
          extra: {
            resources: { limits: { memory: '64Mi', cpu: '500m' } },
            securityContext: { runAsUser: 7 },
            volumeMounts: [
              { name: 'w', mountPath: '/w' },
              { name: 'h', mountPath: '/h', readOnly: true },
            ],
          },
        }),
      ],
    });
    const o = createOptions({ ...ctxOf(p), networkMode: 'container:abc' }, p.containers[0]!, 'main');
    assert.equal(o.User, '7:2');
    assert.equal(o.HostConfig?.Memory, 64 * 1024 * 1024);
    assert.equal(o.HostConfig?.NanoCpus, 500_000_000);
    assert.equal(o.HostConfig?.NetworkMode, 'container:abc');
    assert.deepEqual(o.HostConfig?.Binds, [`argosy-s1-${p.podName}-w:/w`, '/srv:/h:ro']);
  });
});

describe('quantities', () => {
  it('reads Kubernetes quantities', () => {
    assert.equal(memoryBytes('1Gi'), 2 ** 30);
    assert.equal(memoryBytes('100M'), 1e8);
    assert.equal(memoryBytes(1024), 1024);
    assert.equal(memoryBytes('lots'), undefined);
    assert.equal(nanoCpus('2'), 2e9);
    assert.equal(nanoCpus('250m'), 2.5e8);
    assert.equal(nanoCpus('0.5'), 5e8);
  });
});

describe('pod volumes', () => {
  it('emptyDir per pod, claims per namespace or workflow, others refused by check', () => {
    const p = plan({
      workflowClaims: ['wf-data'],
      volumes: [
        { name: 'e', emptyDir: {} },
        { name: 'c', persistentVolumeClaim: { claimName: 'shared' } },
        { name: 'data', persistentVolumeClaim: { claimName: 'wf-data' } },
        { name: 's', secret: { secretName: 'x' } },
      ],
    });
    const v = podVolumes(p, 's1');
    assert.deepEqual(v.get('e'), { kind: 'volume', name: `argosy-s1-${p.podName}-e`, lifetime: 'pod' });
    assert.deepEqual(v.get('c'), { kind: 'volume', name: 'argosy-s1-argo-shared', lifetime: 'claim' });
    assert.deepEqual(v.get('data'), {
      kind: 'volume',
      name: 'argosy-s1-uid-1-wf-data',
      lifetime: 'workflow',
    });
    assert.throws(
      () => checkContainerPlan(p),
      (e: unknown) => e instanceof ValidationError && /its Secret was not read/.test(e.message),
    );
    const withFiles = { ...p, configVolumes: { s: [] } };
    assert.deepEqual(podVolumes(withFiles, 's1', '/h/cfg').get('s'), {
      kind: 'config',
      hostPath: '/h/cfg/s',
    });
    const gone = plan({ volumes: [{ name: 'n', nfs: { server: 'x', path: '/' } }] });
    assert.throws(
      () => checkContainerPlan(gone),
      (e: unknown) => e instanceof ValidationError && /volume 'n' of kind nfs/.test(e.message),
    );
  });

  it('binds subPath and subPathExpr inside the volume, read-only for config volumes', () => {
    const volumes = podVolumes(
      {
        ...plan({
          volumes: [
            { name: 'h', hostPath: { path: '/data' } },
            { name: 'c', configMap: { name: 'x' } },
          ],
        }),
        configVolumes: { c: [] },
      },
      's1',
      '/cfg',
    );
    const mounts = volumeMountsOf(
      {
        volumeMounts: [
          { name: 'h', mountPath: '/in', subPathExpr: '$(POD)/out' },
          { name: 'c', mountPath: '/etc/a.conf', subPath: 'a.conf' },
        ],
      },
      [{ name: 'POD', value: 'p1' }],
    );
    assert.deepEqual(bindsOf(mounts, volumes), ['/data/p1/out:/in', '/cfg/c/a.conf:/etc/a.conf:ro']);
    assert.throws(
      () => bindsOf([{ name: 'h', mountPath: '/x', subPath: '../etc' }], volumes),
      /must not contain/,
    );
  });
});

describe('checkContainerPlan', () => {
  it('refuses what it cannot honour, naming the field', () => {
    const refuse = (p: ReturnType<typeof plan>, re: RegExp) =>
      assert.throws(
        () => checkContainerPlan(p),
        (e: unknown) => e instanceof ValidationError && re.test(e.message),
      );
    refuse(plan({ containers: [container(['true'], [], { image: '' })] }), /containers\[0\]\.image/);
    refuse(
      plan({
        containers: [
          container(['true'], [], { extra: { volumeMounts: [{ name: 'nope', mountPath: '/x' }] } }),
        ],
      }),
      /no volume named 'nope'/,
    );
    refuse(
      plan({ containers: [container(['true'], [], { extra: { envFrom: [{}] } })] }),
      /ConfigMaps or Secrets was not read/,
    );
    refuse(
      plan({ containers: [container(['true'], [], { extra: { imagePullPolicy: 'Sometimes' } })] }),
      /Always, IfNotPresent or Never/,
    );
    refuse(
      plan({ inputArtifacts: [{ name: 'a', path: 'a', spec: { s3: { key: 'k' } } }] }),
      /path must be absolute/,
    );
    // Every kind of input artifact is placed (through the executor), not only raw ones.
    checkContainerPlan(plan({ inputArtifacts: [{ name: 'a', path: '/a', spec: { s3: { key: 'k' } } }] }));
    checkContainerPlan(
      plan({ containers: [container(['true'], [], { extra: { ports: [{ containerPort: 80 }] } })] }),
    );
  });
});

describe('podSpecPatch', () => {
  it('merges container resources, env and the pod securityContext', () => {
    const p = applyPodSpecPatch(
      plan({
        podSpecPatch:
          '{"containers":[{"name":"main","resources":{"limits":{"memory":"32Mi"}},"env":[{"name":"X","value":"y"}]}],"securityContext":{"runAsUser":5}}',
      }),
    );
    assert.deepEqual(p.containers[0]?.extra?.resources, { limits: { memory: '32Mi' } });
    assert.deepEqual(p.containers[0]?.env, [{ name: 'X', value: 'y' }]);
    assert.deepEqual(p.securityContext, { runAsUser: 5 });
    assert.throws(() => applyPodSpecPatch(plan({ podSpecPatch: '[1' })), /podSpecPatch/);
  });
});

describe('podOutcome', () => {
  it('words outcomes like Argo', () => {
    assert.equal(podOutcome([{ name: 'main', exitCode: 0 }]).phase, 'Succeeded');
    assert.equal(podOutcome([{ name: 'main', exitCode: 2 }]).message, 'Error (exit code 2)');
    assert.equal(
      podOutcome([{ name: 'main', exitCode: 137, memoryLimited: true }]).message,
      'OOMKilled (exit code 137)',
    );
    assert.equal(podOutcome([{ name: 'main', exitCode: 137 }]).message, 'Error (exit code 137)');
    assert.equal(
      podOutcome([{ name: 'main', exitCode: 137 }], 'deadline').message,
      'Pod was active on the node longer than the specified deadline',
    );
    assert.equal(
      podOutcome([{ name: 'main', exitCode: 143 }], 'stop').message,
      "Stopped with strategy 'Stop'",
    );
  });
});

describe('a pod found ended after a controller restart', () => {
  const at = '2026-11-25T01:00:01.000Z';
  it('labels every container with when its deadline runs out', () => {
    const p = plan({ activeDeadlineSeconds: 1 });
    const labels = podLabels({
      plan: p,
      scope: 's',
      volumes: new Map(),
      startedAt: '2026-11-25T01:00:00.000Z',
    });
    assert.equal(labels['io.argosy.deadline-at'], at);
    assert.equal(deadlineAt('2026-11-25T01:00:00.500Z', 2), '2026-11-25T01:00:02.500Z');
    assert.equal(
      podLabels({ plan: plan({}), scope: 's', volumes: new Map(), startedAt: at })['io.argosy.deadline-at'],
      undefined,
    );
  });
  it('was stopped by its deadline when a main failed at or after it (podman reports nanoseconds)', () => {
    assert.equal(
      recoveredStopReason(at, [{ exitCode: 137, finishedAt: '2026-11-25T01:00:03.123456789Z' }]),
      'deadline',
    );
    assert.equal(recoveredStopReason(at, [{ exitCode: 0 }, { exitCode: 143, finishedAt: at }]), 'deadline');
  });
  it('was not, when it failed before the deadline, succeeded, or had none', () => {
    assert.equal(
      recoveredStopReason(at, [{ exitCode: 1, finishedAt: '2026-11-25T01:00:00.900Z' }]),
      undefined,
    );
    assert.equal(recoveredStopReason(at, [{ exitCode: 0, finishedAt: '2026-11-25T01:00:05Z' }]), undefined);
    assert.equal(
      recoveredStopReason(undefined, [{ exitCode: 137, finishedAt: '2026-11-25T01:00:05Z' }]),
      undefined,
    );
    assert.equal(
      recoveredStopReason('garbage', [{ exitCode: 137, finishedAt: '2026-11-25T01:00:05Z' }]),
      undefined,
    );
  });
});

describe('engineAddress', () => {
  it('reads DOCKER_HOST (unix and tcp)', () => {
    assert.deepEqual(engineAddress({ DOCKER_HOST: 'unix:///run/x.sock' }), {
      socketPath: '/run/x.sock',
      source: 'DOCKER_HOST=unix:///run/x.sock',
    });
    assert.deepEqual(engineAddress({ DOCKER_HOST: 'tcp://10.0.0.1:2376' }), {
      host: '10.0.0.1',
      port: 2376,
      source: 'DOCKER_HOST=tcp://10.0.0.1:2376',
    });
  });
});

describe('fullImageName', async () => {
  const { fullImageName } = await import('../../controller/conformance/classify-example.js');
  it('expands short names as engines do', () => {
    assert.equal(fullImageName('busybox'), 'docker.io/library/busybox:latest');
    assert.equal(fullImageName('alpine:3.23'), 'docker.io/library/alpine:3.23');
    assert.equal(fullImageName('argoproj/argosay:v2'), 'docker.io/argoproj/argosay:v2');
    assert.equal(fullImageName('quay.io/x/y'), 'quay.io/x/y:latest');
  });
});
