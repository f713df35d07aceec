/**
 * Micro-benchmark: drives a 1,000- and a 10,000-task DAG (parallelism 2) to completion with fake
 * observations and prints the total reconcile time, for two shapes: layered dependencies, and wide
 * (root -> N parallel tasks -> sink, the shape of `npm run bench -- dag`).
 * Run: node --import tsx src/engine/dag-scale.bench.ts
 */
import type { PodObservation } from '../runtime/pod-plan.js';
import type { DAGTask, Workflow } from '../spec/types.js';
import { reconcile } from './reconcile.js';
import type { Observation } from './types.js';

type Shape = 'layered' | 'wide';

function wideTasks(size: number): DAGTask[] {
  const tasks: DAGTask[] = [
    { name: 'root', template: 'work', arguments: { parameters: [{ name: 'n', value: 'r' }] } },
  ];
  for (let i = 0; i < size; i++) {
    tasks.push({
      name: `t${i}`,
      template: 'work',
      dependencies: ['root'],
      arguments: { parameters: [{ name: 'n', value: String(i) }] },
    });
  }
  const all = tasks.slice(1).map((t) => t.name);
  tasks.push({
    name: 'sink',
    template: 'work',
    dependencies: all,
    arguments: { parameters: [{ name: 'n', value: 's' }] },
  });
  return tasks;
}

function dagWorkflow(size: number, shape: Shape): Workflow {
  const tasks: DAGTask[] = shape === 'wide' ? wideTasks(size) : [];
  for (let i = 0; shape === 'layered' && i < size; i++) {
    const task: DAGTask = {
      name: `t${i}`,
      template: 'work',
      arguments: { parameters: [{ name: 'n', value: String(i) }] },
    };
    if (i >= 10)
      task.dependencies = [`t${i - 10}`, `t${i - 1 - ((i * 7) % 10)}`].filter(
        (v, j, a) => a.indexOf(v) === j,
      );
    tasks.push(task);
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: `bench-${size}`, namespace: 'argo', uid: 'u' },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', parallelism: 2, dag: { tasks } },
        {
          name: 'work',
          inputs: { parameters: [{ name: 'n' }] },
          container: { name: 'main', image: 'alpine', command: ['echo', '{{inputs.parameters.n}}'] },
        },
      ],
    },
  };
}

function run(size: number, shape: Shape): void {
  const wf = dagWorkflow(size, shape);
  let clock = Date.parse('2024-01-01T00:00:00Z');
  let observations: Observation[] = [];
  let calls = 0;
  let total = 0;
  for (;;) {
    const now = new Date(clock).toISOString();
    const t0 = performance.now();
    const result = reconcile({ workflow: wf, observations, now });
    total += performance.now() - t0;
    calls++;
    if (result.status.phase !== 'Running') break;
    clock += 1000;
    const later = new Date(clock).toISOString();
    observations = [];
    for (const action of result.actions) {
      if (action.type !== 'startPod') continue;
      const obs: PodObservation = {
        podName: action.plan.podName,
        nodeId: action.plan.nodeId,
        phase: 'Succeeded',
        finishedAt: later,
        containers: [{ name: 'main', state: 'terminated', exitCode: 0 }],
        outputs: { parameters: [], artifacts: [], exitCode: '0' },
      };
      observations.push(obs);
    }
    if (calls > size * 3) throw new Error('did not finish');
  }
  const nodes = Object.keys(wf.status?.nodes ?? {}).length;
  console.log(
    `${shape} ${size} tasks: ${wf.status?.phase} after ${calls} reconciles, ${nodes} nodes, total ${total.toFixed(0)} ms, ${((total / calls) * 1000).toFixed(0)} µs/reconcile`,
  );
}

for (const shape of ['layered', 'wide'] as const) for (const size of [1000, 10000]) run(size, shape);
