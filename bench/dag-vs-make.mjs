// Benchmark: a wide DAG (root -> N parallel `true` tasks -> sink, parallelism 2) run by Argosy on the
// host runtime, against the same graph as a Makefile run by `make -j2`. Prints the wall-time ratio.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;

export function dagWorkflowYaml(n) {
  const tasks = ['        - name: root\n          template: t'];
  for (let i = 0; i < n; i++)
    tasks.push(`        - name: t${i}\n          template: t\n          dependencies: [root]`);
  const deps = Array.from({ length: n }, (_, i) => `t${i}`).join(', ');
  tasks.push(`        - name: sink\n          template: t\n          dependencies: [${deps}]`);
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wide-dag-${n}
spec:
  entrypoint: main
  parallelism: 2
  templates:
    - name: main
      dag:
        tasks:
${tasks.join('\n')}
    - name: t
      container:
        image: busybox
        command: ["true"]
`;
}

export function makefile(n) {
  const mids = Array.from({ length: n }, (_, i) => `t${i}`);
  const lines = [`.PHONY: all root sink ${mids.join(' ')}`, 'all: sink', 'root:', '\t@true'];
  for (const m of mids) lines.push(`${m}: root`, '\t@true');
  lines.push(`sink: ${mids.join(' ')}`, '\t@true');
  return `${lines.join('\n')}\n`;
}

function timed(fn) {
  const start = process.hrtime.bigint();
  const out = fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, out };
}

export function runDagBench(n) {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-bench-'));
  let home;
  try {
    writeFileSync(join(dir, 'Makefile'), makefile(n));
    writeFileSync(join(dir, 'wf.yaml'), dagWorkflowYaml(n));
    const make = timed(() => execFileSync('make', ['-j2', '-s', '-C', dir], { stdio: 'ignore' }));
    // A fresh ARGOSY_HOME where the default one lives (~/.argosy): a home under /tmp costs each step
    // a mirror of its HOME inside its private /tmp (pod-dir.ts), which the default location does not.
    home = mkdtempSync(join(benchHomeBase(), '.argosy-bench-'));
    const env = { ...process.env, ARGOSY_HOME: home };
    const argosy = timed(() =>
      spawnSync(
        '/usr/bin/time',
        ['-f', '%M', process.execPath, CLI, 'submit', '--wait', '-o', 'name', join(dir, 'wf.yaml')],
        {
          env,
          encoding: 'utf8',
        },
      ),
    );
    const res = argosy.out;
    if (res.status !== 0) throw new Error(`argosy failed (${res.status}): ${res.stdout}\n${res.stderr}`);
    const maxRssKb = Number(res.stderr.trim().split('\n').pop());
    return {
      n,
      makeSeconds: make.seconds,
      argosySeconds: argosy.seconds,
      ratio: argosy.seconds / make.seconds,
      maxRssMb: maxRssKb / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (home) rmSync(home, { recursive: true, force: true });
  }
}

/** The user's home directory when writable (where ~/.argosy is), else the temporary directory. */
function benchHomeBase() {
  try {
    accessSync(homedir(), constants.W_OK);
    return homedir();
  } catch {
    return tmpdir();
  }
}
