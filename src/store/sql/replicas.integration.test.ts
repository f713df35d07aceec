// Two controller replicas, each with its own store (pool) on one PostgreSQL or MySQL database,
// share workflows through the stores' leases: every workflow completes and no pod starts twice.
// (A store test reaching up to the controller: it checks what the stores are for, issue 6 part 5.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkflowController } from '../../controller/workflow-controller.js';
import { prepareSubmission } from '../../engine/index.js';
import { FakeRuntime } from '../../runtime/index.js';
import type { Workflow } from '../../spec/types.js';
import { openStore } from '../open-store.js';
import type { Store } from '../store.js';
import { createMysqlDatabase, createPostgresDatabase, probeMysql, probePostgres } from './test-databases.js';

function dag(name: string, tasks: number): Workflow {
  return prepareSubmission({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          dag: {
            tasks: [
              { name: 'root', template: 't' },
              ...Array.from({ length: tasks }, (_, i) => ({
                name: `t${i}`,
                template: 't',
                dependencies: ['root'],
              })),
            ],
          },
        },
        { name: 't', container: { image: 'alpine', command: ['true'] } },
      ],
    },
  } as Workflow);
}

const servers = [
  { name: 'PostgreSQL', probe: probePostgres, create: createPostgresDatabase },
  { name: 'MySQL/MariaDB', probe: probeMysql, create: createMysqlDatabase },
];
const probes = await Promise.all(servers.map((s) => s.probe()));

for (const [i, server] of servers.entries()) {
  const probe = probes[i] ?? { available: false, reason: 'not probed' };
  describe(`${server.name}: controller replicas on one database`, {
    skip: probe.available ? false : probe.reason,
  }, () => {
    test('two replicas share 6 workflows; each completes, no pod starts twice', async (t) => {
      const db = await server.create();
      const stores: Store[] = [];
      const controllers: WorkflowController[] = [];
      try {
        const runtimes = [0, 1].map(() => new FakeRuntime({ onStart: () => ({ phase: 'Succeeded' }) }));
        for (const [r, runtime] of runtimes.entries()) {
          const store = await openStore(db.url, { pollMs: 20 });
          stores.push(store);
          const controller = new WorkflowController({ store, runtime, holder: `replica-${r}`, workers: 2 });
          controllers.push(controller);
          await controller.start();
        }
        const [submitter] = stores as [Store];
        const names = Array.from({ length: 6 }, (_, k) => `wf-${k}`);
        for (const name of names) await submitter.create(dag(name, 5));
        const deadline = Date.now() + 60_000;
        for (const name of names) {
          for (;;) {
            const wf = await submitter.get<Workflow>('Workflow', 'default', name, { withNodes: false });
            if (wf.status?.phase === 'Succeeded') break;
            assert.ok(Date.now() < deadline, `${name} still ${wf.status?.phase ?? 'Pending'} after 60 s`);
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        const started = runtimes.flatMap((r) => r.started.map((p) => p.podName));
        assert.equal(started.length, 6 * 6, 'root and 5 tasks per workflow');
        assert.equal(new Set(started).size, started.length, 'no pod started twice');
        t.diagnostic(`pods started per replica: ${runtimes.map((r) => r.started.length).join(', ')}`);
      } finally {
        for (const c of controllers) await c.stop();
        for (const s of stores) await s.close();
        await db.drop();
      }
    });
  });
}
