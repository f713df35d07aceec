import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseLauncher, spawnerSettingFromEnv } from './choose-launcher.js';
import { findSpawner, spawnerPathFrom } from './spawner-client.js';

describe('chooseLauncher', () => {
  it('falls back to Node with one warning when the spawner is not built', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const first = chooseLauncher('auto', warn, '/nonexistent/argosy-spawner');
    const second = chooseLauncher('auto', warn, '/nonexistent/argosy-spawner');
    assert.equal(first.kind, 'node');
    assert.equal(second.kind, 'node');
    assert.equal(warnings.length, 1, 'one warning per process');
    assert.match(warnings[0] ?? '', /native step spawner is not built \(\/nonexistent\/argosy-spawner;/);
    assert.equal(warnings[0]?.includes('\n'), false, 'one line');
  });

  it('refuses `native` without the spawner, and honours `node`', () => {
    assert.throws(() => chooseLauncher('native', () => {}, '/nonexistent/argosy-spawner'), /is not built/);
    assert.equal(chooseLauncher('node', () => assert.fail('no warning')).kind, 'node');
  });

  it('uses the spawner when it is built', (t) => {
    const binary = findSpawner();
    if (!binary) return t.skip('the spawner is not built (npm run build:native)');
    const launcher = chooseLauncher('auto', () => assert.fail('no warning'), binary);
    assert.equal(launcher.kind, 'native');
    launcher.close();
  });

  it('reads ARGOSY_HOST_SPAWNER', () => {
    assert.equal(spawnerSettingFromEnv({ ARGOSY_HOST_SPAWNER: 'node' }), 'node');
    assert.equal(spawnerSettingFromEnv({ ARGOSY_HOST_SPAWNER: 'native' }), 'native');
    assert.equal(spawnerSettingFromEnv({ ARGOSY_HOST_SPAWNER: 'bogus' }), 'auto');
    assert.equal(spawnerSettingFromEnv({}), 'auto');
  });
});

describe('spawnerPathFrom', () => {
  it('finds dist/native from the compiled modules, the sources and the bundled CLI', () => {
    const want = '/pkg/dist/native/argosy-spawner';
    assert.equal(spawnerPathFrom('/pkg/dist/runtime/host/spawner-client.js'), want);
    assert.equal(spawnerPathFrom('/pkg/src/runtime/host/spawner-client.ts'), want);
    assert.equal(spawnerPathFrom('/pkg/dist/cli/main.js'), want);
    assert.equal(spawnerPathFrom('/pkg/dist/cli/chunks/chunk-ABC123.js'), want);
  });
});
