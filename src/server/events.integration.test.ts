/**
 * POST /api/v1/events/{namespace}/{discriminator} on a real `argosy server`: a WorkflowEventBinding
 * whose selector matches submits its WorkflowTemplate with a parameter taken from the payload, and a
 * header (never the Authorization one) reaches the selector as metadata.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { homesForThisFile } from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';
import { eventMetadata } from './routes/events.js';
import { waitForPhase } from './testing/fixtures.js';
import { request, type ServerProcess, startServer } from './testing/server-process.js';

const NS = 'events';
let server: ServerProcess;
after(async () => {
  await server.stop();
});
const home = homesForThisFile();
before(async () => {
  server = await startServer(home());
});

test('the event metadata is the request headers, lower-cased, without credentials', () => {
  assert.deepEqual(eventMetadata({ 'X-Source': 'ci', authorization: 'Bearer s3cret', cookie: 'a=b' }), {
    'x-source': ['ci'],
  });
});

test('an event matching a binding submits its template with a parameter from the payload', async () => {
  const template = {
    metadata: { name: 'greet' },
    spec: {
      entrypoint: 'main',
      arguments: { parameters: [{ name: 'who', value: 'nobody' }] },
      templates: [
        {
          name: 'main',
          inputs: { parameters: [{ name: 'who', value: '{{workflow.parameters.who}}' }] },
          container: { image: 'busybox', command: ['echo', 'hello {{inputs.parameters.who}}'] },
        },
      ],
    },
  };
  const t = await request(server.url, 'POST', `/api/v1/workflow-templates/${NS}`, {
    namespace: NS,
    template,
  });
  assert.equal(t.status, 200, JSON.stringify(t.body));
  const binding = {
    metadata: { name: 'on-greet' },
    spec: {
      event: { selector: 'payload.kind == "greet" && metadata["x-source"] == ["ci"]' },
      submit: {
        workflowTemplateRef: { name: 'greet' },
        arguments: { parameters: [{ name: 'who', valueFrom: { event: 'payload.who' } }] },
      },
    },
  };
  const b = await request(server.url, 'POST', `/api/v1/workflow-event-bindings/${NS}`, {
    namespace: NS,
    binding,
  });
  assert.equal(b.status, 200, JSON.stringify(b.body));

  const send = (payload: unknown, source: string) =>
    fetch(`${server.url}/api/v1/events/${NS}/greeter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-source': source },
      body: JSON.stringify(payload),
    });
  const ignored = await send({ kind: 'other', who: 'x' }, 'ci');
  assert.equal(ignored.status, 200);
  assert.deepEqual(await ignored.json(), {});
  assert.equal((await send({ kind: 'greet', who: 'y' }, 'laptop')).status, 200);
  assert.equal((await send({ kind: 'greet', who: 'argosy' }, 'ci')).status, 200);

  const list = await request<{ items: Workflow[] | null }>(server.url, 'GET', `/api/v1/workflows/${NS}`);
  const items = list.body.items ?? [];
  assert.equal(
    items.length,
    1,
    `one workflow, for the one matching event: ${items.map((w) => w.metadata.name)}`,
  );
  const wf = await waitForPhase(server.url, NS, items[0]?.metadata.name ?? '');
  assert.equal(wf.status?.phase, 'Succeeded');
  const params = wf.spec.arguments?.parameters ?? [];
  assert.equal(params.find((p) => p.name === 'who')?.value, 'argosy');
});

test('an event for a namespace with bad JSON is refused with a clear 400', async () => {
  const r = await request(server.url, 'POST', `/api/v1/events/${NS}/x`, '{nope');
  assert.equal(r.status, 400);
  assert.match(JSON.stringify(r.body), /not valid JSON/);
});
