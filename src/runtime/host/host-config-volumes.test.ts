/** The host runtime with env and configMap/secret volumes resolved from ConfigMaps and Secrets. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type ConfigReader, configData, resolveConfigSources } from '../config-sources.js';
import { HostRuntime } from './host-runtime.js';
import { container, plan, run, tempBase } from './test-helpers.js';

const reader: ConfigReader = async (kind, _ns, name) =>
  kind === 'Secret' && name === 'db'
    ? configData(kind, {
        data: {
          password: Buffer.from('pa55').toString('base64'),
          user: Buffer.from('ann').toString('base64'),
        },
      })
    : undefined;

describe('HostRuntime: ConfigMap and Secret sources', () => {
  const base = tempBase();
  const runtime = new HostRuntime({ baseDir: base.dir, spawner: 'node' });
  let isolated = false;
  before(async () => {
    isolated = (await runtime.isolation()).mode === 'namespace';
  });
  after(async () => {
    await runtime.close();
    base.cleanup();
  });

  it('gives env from a secretKeyRef', async () => {
    const c = container(['sh', '-c'], ['echo "$PW"'], {
      env: [{ name: 'PW', value: '' }],
      extra: { envValueFrom: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] },
    });
    const obs = await run(runtime, await resolveConfigSources(plan({ containers: [c] }), reader));
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.equal(obs.outputs?.result, 'pa55');
  });

  it('places a secret volume at its mount path inside the step only', async (t) => {
    if (!isolated) return t.skip('no private mount namespace on this host');
    const dir = `/etc/argosy-test-${process.pid}`;
    const c = container(['sh', '-c'], [`cat ${dir}/password; echo; cat /etc/one-${process.pid}`], {
      extra: {
        volumeMounts: [
          { name: 'db', mountPath: dir },
          { name: 'db', mountPath: `/etc/one-${process.pid}`, subPath: 'user' },
        ],
      },
    });
    const p = await resolveConfigSources(
      plan({ containers: [c], volumes: [{ name: 'db', secret: { secretName: 'db' } }] }),
      reader,
    );
    const obs = await run(runtime, p);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.equal(obs.outputs?.result, 'pa55\nann');
    assert.ok(!existsSync(dir), 'nothing written into the real /etc');
  });

  it('refuses other volume kinds and unresolved ones', () => {
    assert.throws(
      () => runtime.check(plan({ volumes: [{ name: 'v', emptyDir: {} }] })),
      /places configMap and secret volumes only/,
    );
    assert.throws(
      () => runtime.check(plan({ volumes: [{ name: 'v', configMap: { name: 'x' } }] })),
      /was not read/,
    );
  });
});
