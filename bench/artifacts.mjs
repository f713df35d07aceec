// Artifact throughput: save a directory (tar+gzip into the repository) and load it back (download +
// extract) through the executor, against `tar czf` + `cp` (and `cp` + `tar xzf`) of the same data in
// the same run, on the local repository and on S3 (s3rver on loopback). The executor runs in a child
// process so its peak RSS is its own: the S3 server runs in this (parent) process and is not counted.
// The child reports its peak RSS after the save and at the end (save + load, a whole workflow's two
// steps in one process), and the run fails unless the loaded tree has every byte of the saved one.
// Size: ARGOSY_BENCH_ARTIFACT_MB (default 1024).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

function makeData(dir, totalMb) {
  // Half random (incompressible), half text-like (compressible), in 4 MB files over a few directories.
  const fileMb = 4;
  const text = Buffer.from('the quick brown fox jumps over the lazy dog 0123456789\n'.repeat(80000)).subarray(
    0,
    fileMb << 20,
  );
  for (let i = 0; i < totalMb / fileMb; i++) {
    const sub = join(dir, `d${i % 8}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.bin`), i % 2 === 0 ? randomBytes(fileMb << 20) : text);
  }
}

function timed(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/** Runs the executor (save, then load) in a child process; returns its timings and peak RSS. */
async function executorRun(work, repo) {
  const script = `
    import { executorServices, saveOutputArtifacts, loadInputArtifacts } from ${JSON.stringify(join(DIST, 'executor/index.js'))};
    const [work, repo] = [process.argv[1], JSON.parse(process.argv[2])];
    const services = executorServices({ home: work, secrets: async (_ns, ref) => ref.key === 'a' ? 'S3RVER' : 'S3RVER' });
    const identity = { writePath: (p) => p, readPath: (p) => p };
    const plan = (extra) => ({ podName: 'p', nodeId: 'n', workflow: { namespace: 'default', name: 'wf', uid: 'u' }, templateName: 't',
      containers: [], initContainers: [], sidecars: [], volumes: [], files: [], inputArtifacts: [], labels: {}, annotations: {},
      artifactRepository: { location: repo }, outputs: { parameters: [], artifacts: [], captureResult: false }, ...extra });
    let t = process.hrtime.bigint();
    const saved = await saveOutputArtifacts(plan({ outputs: { parameters: [], captureResult: false,
      artifacts: [{ name: 'data', path: work + '/data' }] } }), identity, services, work + '/scratch');
    if (saved.errors.length) throw new Error(saved.errors.join('; '));
    const save = Number(process.hrtime.bigint() - t) / 1e9;
    const saveRssMb = process.resourceUsage().maxRSS / 1024;
    t = process.hrtime.bigint();
    await loadInputArtifacts(plan({ inputArtifacts: [{ name: 'data', path: work + '/loaded', spec: saved.artifacts[0].location }] }), identity, services);
    const load = Number(process.hrtime.bigint() - t) / 1e9;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const { readdirSync, statSync } = await import('node:fs');
    const bytes = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .reduce((sum, e) => sum + statSync(e.parentPath + '/' + e.name).size, 0);
    if (bytes(work + '/loaded') !== bytes(work + '/data')) throw new Error('the loaded tree differs in size from the saved one');
    console.log(JSON.stringify({ save, load, saveRssMb, maxRssMb }));
    process.exit(0);
  `;
  // Asynchronous: the S3 server answers from this process's event loop meanwhile.
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, work, JSON.stringify(repo)]);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`executor run failed: ${err}`);
  return JSON.parse(out.trim().split('\n').pop());
}

export async function runArtifactBench(totalMb = Number(process.env.ARGOSY_BENCH_ARTIFACT_MB ?? 1024)) {
  const work = mkdtempSync(join(process.env.ARGOSY_BENCH_DIR ?? '/var/tmp', 'argosy-artifact-bench-'));
  try {
    makeData(join(work, 'data'), totalMb);
    // Baseline: tar czf + cp into a "repository" directory; cp back + tar xzf.
    mkdirSync(join(work, 'base-repo'));
    mkdirSync(join(work, 'base-out'));
    const baseSave = timed(() => {
      execFileSync('tar', ['czf', join(work, 'base.tgz'), '-C', work, 'data']);
      execFileSync('cp', [join(work, 'base.tgz'), join(work, 'base-repo', 'data.tgz')]);
    });
    const baseLoad = timed(() => {
      execFileSync('cp', [join(work, 'base-repo', 'data.tgz'), join(work, 'copy.tgz')]);
      execFileSync('tar', ['xzf', join(work, 'copy.tgz'), '-C', join(work, 'base-out')]);
    });
    rmSync(join(work, 'base-out'), { recursive: true, force: true });
    rmSync(join(work, 'base-repo'), { recursive: true, force: true });
    const local = await executorRun(work, { local: { key: 'wf/p', path: join(work, 'repo') } });
    rmSync(join(work, 'loaded'), { recursive: true, force: true });
    rmSync(join(work, 'repo'), { recursive: true, force: true });
    let s3;
    if (process.env.ARGOSY_BENCH_S3 !== '0') {
      const { default: S3rver } = await import('s3rver');
      const server = new S3rver({
        address: '127.0.0.1',
        port: 0,
        silent: true,
        directory: join(work, 's3'),
        configureBuckets: [{ name: 'bench' }],
      });
      const { port } = await server.run();
      try {
        s3 = await executorRun(work, {
          s3: {
            bucket: 'bench',
            endpoint: `127.0.0.1:${port}`,
            insecure: true,
            key: 'wf/p',
            accessKeySecret: { name: 's', key: 'a' },
            secretKeySecret: { name: 's', key: 'b' },
          },
        });
      } finally {
        await server.close();
      }
    }
    return { totalMb, baseSave, baseLoad, local, s3 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runArtifactBench();
  console.log(JSON.stringify(r, null, 2));
}
