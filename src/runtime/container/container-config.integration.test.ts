/**
 * The container runtime with ConfigMap and Secret sources (resolved as the controller resolves them)
 * and subPath mounts, against a real engine. Skips, saying why, when no engine answers.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ConfigReader, configData, resolveConfigSources } from '../config-sources.js';
import { container, plan, run } from '../host/test-helpers.js';
import type { Engine } from './engine-client.js';
import { configVolumesDir } from './pod-volumes.js';
import { type TestRuntime, testEngine, testRuntime } from './test-engine.js';

const engineOrReason = await testEngine();
const skip = typeof engineOrReason === 'string' ? engineOrReason : false;
const bb = (script: string, extra = {}) => container(['sh', '-c'], [script], { image: 'busybox', ...extra });

const resources: Record<string, Record<string, unknown>> = {
  'ConfigMap/app': { data: { 'app.conf': 'port=8080\n', greeting: 'hi' } },
  'Secret/db': { data: { password: Buffer.from('pa55').toString('base64') } },
};
const reader: ConfigReader = async (kind, _ns, name) => {
  const found = resources[`${kind}/${name}`];
  return found ? configData(kind, found) : undefined;
};

describe('container runtime: configMap, secret and subPath mounts', { skip }, () => {
  let t: TestRuntime;
  before(async () => {
    t = await testRuntime(engineOrReason as Engine);
  });
  after(async () => {
    const left = await t.cleanup();
    assert.equal(left, 0, 'containers or volumes left behind after release');
  });

  it('gives env from keys and envFrom, and mounts configMap and secret volumes read-only', async () => {
    const main = bb(
      'echo "$GREETING $password"; cat /etc/app/app.conf; cat /etc/db/pw; echo; stat -c %a /etc/db/pw; ' +
        'touch /etc/app/x 2>/dev/null && echo writable || echo read-only',
      {
        env: [{ name: 'GREETING', value: '' }],
        extra: {
          envValueFrom: [
            { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'app', key: 'greeting' } } },
          ],
          envFrom: [{ secretRef: { name: 'db' } }],
          volumeMounts: [
            { name: 'app', mountPath: '/etc/app' },
            { name: 'db', mountPath: '/etc/db' },
          ],
        },
      },
    );
    const p = await resolveConfigSources(
      plan({
        containers: [main],
        volumes: [
          { name: 'app', configMap: { name: 'app' } },
          {
            name: 'db',
            secret: { secretName: 'db', items: [{ key: 'password', path: 'pw' }], defaultMode: 0o440 },
          },
        ],
      }),
      reader,
    );
    const obs = await run(t.runtime, p);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.equal(obs.outputs?.result, 'hi pa55\nport=8080\npa55\n440\nread-only');
    assert.ok(existsSync(configVolumesDir(join(t.dir, 'pods'), p.podName)));
    t.runtime.release(p.podName);
    await t.runtime.close();
    assert.ok(
      !existsSync(configVolumesDir(join(t.dir, 'pods'), p.podName)),
      'secret files removed on release',
    );
  });

  it('mounts subPath and subPathExpr of an emptyDir and one key of a configMap as a file', async () => {
    const writer = bb('echo one > /work/a.txt; echo in-b > /b/b.txt', {
      name: 'init',
      extra: {
        volumeMounts: [
          { name: 'scratch', mountPath: '/work', subPath: 'dir-a' },
          { name: 'scratch', mountPath: '/b', subPathExpr: '$(ARGO_CONTAINER_NAME)-b' },
        ],
      },
    });
    const main = bb('cat /all/dir-a/a.txt /all/init-b/b.txt /cfg/app.conf; ls /cfg', {
      extra: {
        volumeMounts: [
          { name: 'scratch', mountPath: '/all' },
          { name: 'app', mountPath: '/cfg/app.conf', subPath: 'app.conf' },
        ],
      },
    });
    const p = await resolveConfigSources(
      plan({
        initContainers: [writer],
        containers: [main],
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'app', configMap: { name: 'app' } },
        ],
      }),
      reader,
    );
    const obs = await run(t.runtime, p);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.equal(obs.outputs?.result, 'one\nin-b\nport=8080\napp.conf');
    t.runtime.release(p.podName);
    await t.runtime.close();
  });

  it('refuses a subPath that leaves its volume', () => {
    const p = plan({
      containers: [
        bb('true', { extra: { volumeMounts: [{ name: 's', mountPath: '/x', subPath: '../etc' }] } }),
      ],
      volumes: [{ name: 's', emptyDir: {} }],
    });
    assert.throws(() => t.runtime.check(p), /subPath.*must not contain '\.\.'/);
  });
});
