import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConfigReader, ConfigSourceError, configData, resolveConfigSources } from './config-sources.js';
import { plan } from './host/test-helpers.js';
import type { ContainerPlan } from './pod-plan.js';

const store: Record<string, Record<string, unknown>> = {
  'ConfigMap/settings': {
    data: { mode: 'fast', level: '3' },
    binaryData: { blob: Buffer.from([0, 1]).toString('base64') },
  },
  'Secret/creds': {
    data: { password: Buffer.from('s3cret').toString('base64') },
    stringData: { user: 'ann' },
  },
};
const reader: ConfigReader = async (kind, namespace, name) => {
  assert.equal(namespace, 'argo');
  const found = store[`${kind}/${name}`];
  return found ? configData(kind, found) : undefined;
};

function main(env: ContainerPlan['env'], extra: Record<string, unknown>): ContainerPlan {
  return { name: 'main', image: 'busybox', command: ['env'], args: [], env, extra };
}
const withMain = (c: ContainerPlan, volumes: Record<string, unknown>[] = []) => {
  const p = plan({ containers: [c], volumes });
  p.workflow.namespace = 'argo';
  return p;
};

describe('ConfigMap and Secret sources', () => {
  it('fills env from keys and envFrom (prefixed), env winning over envFrom', async () => {
    const c = main(
      [
        { name: 'MODE', value: '' },
        { name: 'PLAIN', value: 'p' },
        { name: 'PASS', value: '' },
        { name: 'CFG_level', value: 'mine' },
      ],
      {
        envValueFrom: [
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
          { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        ],
        envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }, { secretRef: { name: 'creds' } }],
        resources: {},
      },
    );
    const out = await resolveConfigSources(withMain(c), reader);
    const env = Object.fromEntries(out.containers[0]!.env.map((e) => [e.name, e.value]));
    assert.equal(env.MODE, 'fast');
    assert.equal(env.PASS, 's3cret');
    assert.equal(env.PLAIN, 'p');
    assert.equal(env.CFG_mode, 'fast');
    assert.equal(env.CFG_level, 'mine');
    assert.equal(env.user, 'ann');
    assert.equal(env.password, 's3cret');
    assert.deepEqual(out.containers[0]!.extra, { resources: {} }, 'the references are gone once resolved');
  });

  it("fails with Kubernetes' messages for a missing resource or key, unless optional", async () => {
    const ref = (r: Record<string, unknown>) =>
      main([{ name: 'X', value: '' }], { envValueFrom: [{ name: 'X', valueFrom: r }] });
    await assert.rejects(
      resolveConfigSources(withMain(ref({ configMapKeyRef: { name: 'nope', key: 'k' } })), reader),
      (e: Error) => e instanceof ConfigSourceError && e.message === 'configmap "nope" not found',
    );
    await assert.rejects(
      resolveConfigSources(withMain(ref({ secretKeyRef: { name: 'creds', key: 'k' } })), reader),
      (e: Error) => e.message === "couldn't find key k in Secret argo/creds",
    );
    const optional = await resolveConfigSources(
      withMain(ref({ configMapKeyRef: { name: 'settings', key: 'k', optional: true } })),
      reader,
    );
    assert.deepEqual(optional.containers[0]!.env, []);
    await assert.rejects(
      resolveConfigSources(withMain(main([], { envFrom: [{ secretRef: { name: 'gone' } }] })), reader),
      (e: Error) => e.message === 'secret "gone" not found',
    );
  });

  it('turns configMap and secret volumes into files (items, modes, optional)', async () => {
    const volumes = [
      { name: 'all', configMap: { name: 'settings', defaultMode: 0o600 } },
      {
        name: 'some',
        secret: { secretName: 'creds', items: [{ key: 'password', path: 'db/pass', mode: 0o400 }] },
      },
      { name: 'none', configMap: { name: 'missing', optional: true } },
    ];
    const out = await resolveConfigSources(withMain(main([], {}), volumes), reader);
    const all = out.configVolumes?.all ?? [];
    assert.deepEqual(all.map((f) => [f.path, f.mode]).sort(), [
      ['blob', 0o600],
      ['level', 0o600],
      ['mode', 0o600],
    ]);
    assert.deepEqual(out.configVolumes?.some, [
      { path: 'db/pass', content: Buffer.from('s3cret').toString('base64'), mode: 0o400 },
    ]);
    assert.deepEqual(out.configVolumes?.none, []);
    await assert.rejects(
      resolveConfigSources(withMain(main([], {}), [{ name: 'v', secret: { secretName: 'x' } }]), reader),
      (e: Error) => e.message === 'MountVolume.SetUp failed for volume "v" : secret "x" not found',
    );
  });

  it('never puts a secret value in an error message', async () => {
    const c = main([{ name: 'X', value: '' }], {
      envValueFrom: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'missing' } } }],
    });
    await assert.rejects(
      resolveConfigSources(withMain(c), reader),
      (e: Error) => !e.message.includes('s3cret'),
    );
  });
});
