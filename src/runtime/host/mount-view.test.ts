import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { directView, type Mount, mountOps, namespaceView, reusableView } from './mount-view.js';
import { fstabOf, setupScript } from './shell-launcher.js';
import { tempBase } from './test-helpers.js';

const base = tempBase();
after(() => base.cleanup());

const setupFstab = (mounts: readonly Mount[], home: string) => fstabOf(mountOps(mounts, home));

describe('namespaceView', () => {
  it('binds /tmp and /argo to scratch and overlays other directories, /tmp last', () => {
    const view = namespaceView(['/tmp/a', '/argo/staging', '/bin', '/etc/ssl'], '/s');
    const targets = view.mounts.map((m) => `${m.kind}:${m.target}`);
    assert.equal(targets.at(-1), 'bind:/tmp');
    assert.ok(targets.includes('bind:/argo'));
    assert.ok(targets.some((t) => t.startsWith('overlay:') && t.endsWith('/bin')));
    assert.ok(targets.includes('overlay:/etc/ssl'));
    assert.equal(view.writePath('/tmp/a/x.txt'), '/s/tmp/a/x.txt');
    assert.equal(view.writePath('/argo/staging/script'), '/s/argo/staging/script');
    assert.match(view.writePath('/etc/ssl/x'), /^\/s\/mounts\/\d+\/upper\/x$/);
  });

  it('binds an empty scratch directory at the top of a path that does not exist', () => {
    const view = namespaceView(['/argosy-nowhere/deep/dir'], '/s');
    const mount = view.mounts.find((m) => m.target === '/argosy-nowhere');
    assert.deepEqual(mount && { kind: mount.kind, create: mount.kind === 'bind' && mount.createTarget }, {
      kind: 'bind',
      create: true,
    });
    assert.match(view.writePath('/argosy-nowhere/deep/dir/f'), /^\/s\/mounts\/\d+\/deep\/dir\/f$/);
  });

  it('reads from the upper layer, then the real directory, and treats whiteouts as deleted', () => {
    const scratch = `${base.dir}/pod`;
    const view = namespaceView(['/etc'], scratch);
    assert.equal(view.readPath('/etc/hostname'), '/etc/hostname');
    const upper = view.writePath('/etc/hostname');
    mkdirSync(upper.slice(0, upper.lastIndexOf('/')), { recursive: true });
    writeFileSync(upper, 'changed');
    assert.equal(view.readPath('/etc/hostname'), upper);
    const whiteout = view.writePath('/etc/passwd');
    assert.equal(view.readPath('/etc/passwd'), '/etc/passwd');
    if (spawnSync('mknod', [whiteout, 'c', '0', '0']).status === 0)
      assert.equal(view.readPath('/etc/passwd'), undefined);
    assert.equal(view.readPath('/etc/no-such-file-argosy'), undefined);
  });

  it('directView rewrites nothing', () => {
    assert.equal(directView.writePath('/tmp/x'), '/tmp/x');
    assert.deepEqual(directView.mounts, []);
  });
});

describe('setupScript and setupFstab', () => {
  it('mounts everything with one mount -a, enters the working directory, checks the command and execs it', () => {
    const view = namespaceView(['/bin', '/argosy-nowhere/x'], '/var/s');
    const script = setupScript({
      mounts: view.mounts,
      home: '/var/s/home',
      fstabPath: '/var/s/fstab',
      workingDir: "/w'd",
    });
    assert.match(script, /mount -a -T '\/var\/s\/fstab'/);
    assert.match(script, /cd '\/w'\\''d'/);
    assert.match(script, /exec "\$@" 3>&-$/);
    const fstab = setupFstab(view.mounts, '/var/s/home').trim().split('\n');
    assert.match(
      fstab[0] ?? '',
      /^overlay \S+bin overlay lowerdir=\S+bin,upperdir=\/var\/s\/mounts\/\d+\/upper,workdir=/,
    );
    assert.ok(
      fstab.includes('/var/s/argo /argo none bind 0 0') ||
        fstab.includes('/var/s/argo /argo none bind,X-mount.mkdir 0 0'),
    );
    assert.ok(
      fstab.some((l) => /^\/var\/s\/mounts\/\d+ \/argosy-nowhere none bind,X-mount.mkdir 0 0$/.test(l)),
    );
    assert.equal(fstab.at(-1), '/var/s/tmp /tmp none rbind 0 0');
  });

  it('re-exposes a pod directory that lives under /tmp, and escapes spaces', () => {
    const view = namespaceView([], '/tmp/b a/pod');
    const fstab = setupFstab(view.mounts, '/tmp/b a/pod/home');
    assert.match(
      fstab,
      /^\/tmp\/b\\040a\/pod\/home \/tmp\/b\\040a\/pod\/tmp\/b\\040a\/pod\/home none bind,X-mount.mkdir 0 0$/m,
    );
  });
});

describe('reusableView', () => {
  it('reuses a view of binds of the pod directory, not one with an overlay or a HOME mirror', () => {
    const binds = mountOps(namespaceView(['/tmp/a', '/argo/x'], '/pods/p').mounts, '/pods/p/home');
    assert.equal(reusableView(binds, '/pods/p/home'), true);
    const overlay = mountOps(namespaceView(['/etc/ssl'], '/pods/p').mounts, '/pods/p/home');
    assert.equal(reusableView(overlay, '/pods/p/home'), false);
    // Under /tmp, HOME is bound at a path that holds the pod's name.
    const mirrored = mountOps(namespaceView(['/tmp/a'], '/tmp/pods/p').mounts, '/tmp/pods/p/home');
    assert.ok(mirrored.some((op) => op.source === '/tmp/pods/p/home'));
    assert.equal(reusableView(mirrored, '/tmp/pods/p/home'), false);
  });
});
