/**
 * workflowDefaults from $ARGOSY_HOME/config.yaml on a real `argosy server`: every way the API
 * creates a Workflow (create, submit from a WorkflowTemplate, resubmit, an event) stores it with
 * the defaults under its own values.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { homesForThisFile } from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';
import { request, type ServerProcess, startServer } from './testing/server-process.js';

const NS = 'defaults';
let server: ServerProcess;
const home = homesForThisFile();
before(async () => {
  const h = home();
  writeFileSync(
    join(h, 'config.yaml'),
    'workflowDefaults:\n  metadata:\n    labels: {team: platform}\n  spec:\n    activeDeadlineSeconds: 600\n',
  );
  server = await startServer(h);
});
after(async () => {
  await server.stop();
});

const spec = {
  entrypoint: 'main',
  templates: [{ name: 'main', container: { name: 'main', image: 'busybox', command: ['true'] } }],
};

function assertDefaulted(wf: Workflow, what: string): void {
  assert.equal(wf.metadata.labels?.team, 'platform', `${what}: label`);
  const effective = wf.status?.storedWorkflowTemplateSpec ?? wf.spec;
  assert.equal(effective.activeDeadlineSeconds, 600, `${what}: activeDeadlineSeconds`);
}

test('create, submit from a template, resubmit and an event all apply workflowDefaults', async () => {
  const created = await request(server.url, 'POST', `/api/v1/workflows/${NS}`, {
    workflow: { metadata: { generateName: 'd-' }, spec },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assertDefaulted(created.body as unknown as Workflow, 'create');

  const own = await request(server.url, 'POST', `/api/v1/workflows/${NS}`, {
    workflow: {
      metadata: { generateName: 'd-', labels: { team: 'mine' } },
      spec: { ...spec, activeDeadlineSeconds: 5 },
    },
  });
  assert.equal(
    (own.body as unknown as Workflow).metadata.labels?.team,
    'mine',
    "the Workflow's own label wins",
  );
  assert.equal(
    (own.body as unknown as Workflow).spec.activeDeadlineSeconds,
    5,
    "the Workflow's own value wins",
  );

  const t = await request(server.url, 'POST', `/api/v1/workflow-templates/${NS}`, {
    template: { metadata: { name: 'tpl' }, spec },
  });
  assert.equal(t.status, 200, JSON.stringify(t.body));
  const submitted = await request(server.url, 'POST', `/api/v1/workflows/${NS}/submit`, {
    resourceKind: 'WorkflowTemplate',
    resourceName: 'tpl',
  });
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
  assertDefaulted(submitted.body as unknown as Workflow, 'submit');

  const name = (created.body as unknown as Workflow).metadata.name;
  const resubmitted = await request(server.url, 'PUT', `/api/v1/workflows/${NS}/${name}/resubmit`, {});
  assert.equal(resubmitted.status, 200, JSON.stringify(resubmitted.body));
  assertDefaulted(resubmitted.body as unknown as Workflow, 'resubmit');

  const b = await request(server.url, 'POST', `/api/v1/workflow-event-bindings/${NS}`, {
    binding: {
      metadata: { name: 'on-go' },
      spec: {
        event: { selector: 'discriminator == "go"' },
        submit: { workflowTemplateRef: { name: 'tpl' } },
      },
    },
  });
  assert.equal(b.status, 200, JSON.stringify(b.body));
  const e = await request(server.url, 'POST', `/api/v1/events/${NS}/go`, {});
  assert.equal(e.status, 200, JSON.stringify(e.body));
  const list = await request(
    server.url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.labelSelector=workflows.argoproj.io/workflow-event-binding%3Don-go`,
  );
  const items = ((list.body as { items?: Workflow[] }).items ?? []) as Workflow[];
  assert.equal(items.length, 1, JSON.stringify(list.body));
  const fromEvent = await request(server.url, 'GET', `/api/v1/workflows/${NS}/${items[0]?.metadata.name}`);
  assertDefaulted(fromEvent.body as unknown as Workflow, 'event');
});
