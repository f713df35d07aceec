/**
 * A real `argosy server` (auth-mode server, port 0, own ARGOSY_HOME): every route family on Argo's
 * paths, errors in the grpc-gateway shape, streams, logs, archive and metrics. Responses are checked
 * against Argo's swagger definitions when ../shared is present (said so when skipped).
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { homesForThisFile } from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';
import { approvalWorkflow, shellWorkflow, waitForNode, waitForPhase } from './testing/fixtures.js';
import { readStream, request, type ServerProcess, startServer } from './testing/server-process.js';
import { contractProblems, SWAGGER_JSON, swaggerPresent } from './testing/swagger-contract.js';

let server: ServerProcess;
let url: string;
const NS = 'team-a';
// Registered before the homes' cleanup (which kills what is left), so the server stops on its own first.
after(async () => {
  assert.equal(await server.stop(), 0, 'the server exits 0 on SIGTERM');
  assert.match(server.output(), /argosy server stopped/);
});
const home = homesForThisFile();

/** Asserts the value matches the swagger definition (when swagger.json is there). */
function contract(definition: string, value: unknown): void {
  if (!swaggerPresent()) return;
  assert.deepEqual(contractProblems(definition, value), [], `${definition} contract`);
}

async function create(wf: Record<string, unknown>, ns = NS): Promise<Workflow> {
  const r = await request<Workflow>(url, 'POST', `/api/v1/workflows/${ns}`, { namespace: ns, workflow: wf });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/**
 * A POST announcing a body of `length` bytes through node:http, sending only its start: the server
 * must refuse it from the Content-Length alone, before reading it.
 */
function postTooLarge(target: string, length: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      target,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text });
          req.destroy();
        });
      },
    );
    req.on('error', reject);
    req.write('{"workflow": {"pad": "');
  });
}

before(async () => {
  server = await startServer(home(), ['--archive-ttl', '0']);
  url = server.url;
});
describe('contract test', {
  skip: swaggerPresent() ? false : `${SWAGGER_JSON} is absent: swagger contract checks skipped`,
}, () => {
  test('the checker rejects a response that breaks the schema', () => {
    assert.notDeepEqual(contractProblems('Workflow', { metadata: {}, spec: { templates: 'nope' } }), []);
    assert.notDeepEqual(contractProblems('Version', { version: 1 }), []);
  });
});

test('info, version, userinfo', async () => {
  const info = await request(url, 'GET', '/api/v1/info');
  assert.equal(info.status, 200);
  contract('InfoResponse', info.body);
  const version = await request<{ version: string }>(url, 'GET', '/api/v1/version');
  assert.match(version.body.version, /^v\d+\.\d+\.\d+/);
  contract('Version', version.body);
  const user = await request(url, 'GET', '/api/v1/userinfo');
  assert.equal(user.status, 200);
  contract('GetUserInfoResponse', user.body);
  assert.ok(version.headers.get('x-request-id'), 'every response carries a request id');
});

test('workflows: create, get, list with selectors, paging and fields, run to Succeeded, delete', async () => {
  const a = await create(shellWorkflow('list-a-', 'echo a', { app: 'x' }));
  const b = await create(shellWorkflow('list-b-', 'echo b', { app: 'y' }));
  contract('Workflow', a);
  assert.equal(a.metadata.namespace, NS);
  assert.match(a.metadata.name ?? '', /^list-a-[a-z0-9]{5}$/);
  const done = await waitForPhase(url, NS, a.metadata.name ?? '');
  assert.equal(done.status?.phase, 'Succeeded');
  contract('Workflow', done);

  const byLabel = await request<{ items: Workflow[] }>(
    url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.labelSelector=app%3Dx`,
  );
  assert.deepEqual(
    byLabel.body.items.map((w) => w.metadata.name),
    [a.metadata.name],
  );
  contract('WorkflowList', byLabel.body);
  const byField = await request<{ items: Workflow[] }>(
    url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.fieldSelector=metadata.name%3D${b.metadata.name}`,
  );
  assert.deepEqual(
    byField.body.items.map((w) => w.metadata.name),
    [b.metadata.name],
  );
  const byPrefix = await request<{ items: Workflow[] }>(
    url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.fieldSelector=metadata.name%3Dlist-&nameFilter=Prefix`,
  );
  assert.deepEqual(
    byPrefix.body.items.map((w) => w.metadata.name).sort(),
    [a.metadata.name, b.metadata.name].sort(),
  );

  const page1 = await request<{ items: Workflow[]; metadata: { continue?: string } }>(
    url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.limit=1`,
  );
  assert.equal(page1.body.items.length, 1);
  assert.ok(page1.body.metadata.continue, 'a first page of 1 has a continue token');
  const page2 = await request<{ items: Workflow[] }>(
    url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.limit=1&listOptions.continue=${encodeURIComponent(page1.body.metadata.continue ?? '')}`,
  );
  assert.equal(page2.body.items.length, 1);
  assert.notEqual(page2.body.items[0]?.metadata.name, page1.body.items[0]?.metadata.name);

  const slim = await request<{ items: Array<Record<string, unknown>> }>(
    url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.labelSelector=app%3Dx&fields=items.metadata.name,items.status.phase`,
  );
  assert.deepEqual(slim.body, {
    items: [{ metadata: { name: a.metadata.name }, status: { phase: 'Succeeded' } }],
  });
  const noNodes = await request<{ items: Workflow[] }>(
    url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.labelSelector=app%3Dx&fields=-items.status.nodes`,
  );
  assert.equal(noNodes.body.items[0]?.status?.nodes, undefined);
  assert.equal(noNodes.body.items[0]?.status?.phase, 'Succeeded');

  const del = await request(url, 'DELETE', `/api/v1/workflows/${NS}/${b.metadata.name}`);
  assert.equal(del.status, 200);
  contract('WorkflowDeleteResponse', del.body);
  const gone = await request(url, 'GET', `/api/v1/workflows/${NS}/${b.metadata.name}`);
  assert.equal(gone.status, 404);
  assert.deepEqual(Object.keys(gone.body).sort(), ['code', 'message']);
  assert.equal(gone.body.code, 5);
});

test('bad input: 400 naming the field, nothing stored; 404 unknown paths; 409; invalid JSON; body limit', async () => {
  const before = await request<{ items: Workflow[] }>(url, 'GET', `/api/v1/workflows/${NS}`);
  const bad = shellWorkflow('bad-', 'true');
  (bad.spec as Record<string, unknown>).entrypoint = 'nowhere';
  const r = await request(url, 'POST', `/api/v1/workflows/${NS}`, { workflow: bad });
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 3);
  assert.match(String(r.body.message), /workflow\.spec\.entrypoint/);
  const missing = await request(url, 'POST', `/api/v1/workflows/${NS}`, {});
  assert.equal(missing.status, 400);
  assert.match(String(missing.body.message), /^workflow: /);
  const wrongNs = await request(url, 'POST', `/api/v1/workflows/${NS}`, {
    workflow: { ...shellWorkflow('x-', 'true'), metadata: { generateName: 'x-', namespace: 'other' } },
  });
  assert.equal(wrongNs.status, 400);
  assert.match(String(wrongNs.body.message), /workflow\.metadata\.namespace/);
  const badNs = await request(url, 'GET', '/api/v1/workflows/Not_A_Namespace');
  assert.equal(badNs.status, 400);
  const badSelector = await request(
    url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.labelSelector=a%20in%20(`,
  );
  assert.equal(badSelector.status, 400);
  assert.match(String(badSelector.body.message), /listOptions\.labelSelector/);
  const badLimit = await request(url, 'GET', `/api/v1/workflows/${NS}?listOptions.limit=-3`);
  assert.equal(badLimit.status, 400);
  const json = await request(url, 'POST', `/api/v1/workflows/${NS}`, '{"workflow": ');
  assert.equal(json.status, 400);
  assert.match(String(json.body.message), /not valid JSON/);
  const big = await postTooLarge(`${url}/api/v1/workflows/${NS}`, 5 * 1024 * 1024);
  assert.equal(big.status, 413);
  assert.equal(JSON.parse(big.body).code, 8);
  const unknown = await request(url, 'GET', '/api/v1/nope');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.code, 5);
  const named = await create({ ...shellWorkflow('', 'true'), metadata: { name: 'fixed-name' } });
  const dup = await request(url, 'POST', `/api/v1/workflows/${NS}`, {
    workflow: { ...shellWorkflow('', 'true'), metadata: { name: 'fixed-name' } },
  });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.code, 6);
  const after = await request<{ items: Workflow[] }>(url, 'GET', `/api/v1/workflows/${NS}`);
  assert.equal(after.body.items.length, before.body.items.length + 1, 'only the good workflow was stored');
  await waitForPhase(url, NS, named.metadata.name ?? '');
});

test('lint: the admitted object, or 400', async () => {
  const ok = await request<Workflow>(url, 'POST', `/api/v1/workflows/${NS}/lint`, {
    workflow: shellWorkflow('lint-', 'true'),
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.metadata.namespace, NS);
  contract('Workflow', ok.body);
  const bad = await request(url, 'POST', `/api/v1/workflows/${NS}/lint`, {
    workflow: {
      metadata: { generateName: 'l-' },
      spec: {
        entrypoint: 'main',
        templates: [{ name: 'main', dag: { tasks: [{ name: 'a', template: 'main', depends: 'b' }] } }],
      },
    },
  });
  assert.equal(bad.status, 400);
  assert.match(String(bad.body.message), /workflow\.spec\.templates\[0\]\.dag/);
  const list = await request<{ items: Workflow[] }>(
    url,
    'GET',
    `/api/v1/workflows/${NS}?listOptions.fieldSelector=metadata.name%3D${ok.body.metadata.name ?? 'x'}`,
  );
  assert.equal(list.body.items.length, 0, 'lint stores nothing');
});

test('suspend/resume, set, stop, terminate, retry, resubmit', async () => {
  const wf = await create(approvalWorkflow('approve-'));
  const name = wf.metadata.name ?? '';
  await waitForNode(url, NS, name, (n) => n.type === 'Suspend' && n.phase === 'Running');
  const suspended = await request<Workflow>(url, 'PUT', `/api/v1/workflows/${NS}/${name}/suspend`, {});
  assert.equal(suspended.status, 200);
  assert.equal(suspended.body.spec.suspend, true);
  const noMatch = await request(url, 'PUT', `/api/v1/workflows/${NS}/${name}/set`, {
    nodeFieldSelector: 'displayName=nope',
    phase: 'Succeeded',
  });
  assert.equal(noMatch.status, 400);
  const set = await request<Workflow>(url, 'PUT', `/api/v1/workflows/${NS}/${name}/set`, {
    nodeFieldSelector: 'displayName=approve',
    phase: 'Succeeded',
    message: 'ok by test',
  });
  assert.equal(set.status, 200);
  assert.equal(set.body.spec.suspend, true, 'set leaves the workflow suspended');
  const resumed = await request<Workflow>(url, 'PUT', `/api/v1/workflows/${NS}/${name}/resume`, {});
  assert.equal(resumed.body.spec.suspend, undefined);
  assert.equal((await waitForPhase(url, NS, name)).status?.phase, 'Succeeded');

  const long = await create(shellWorkflow('stop-', 'sleep 30'));
  await waitForNode(url, NS, long.metadata.name ?? '', (n) => n.type === 'Pod' && n.phase === 'Running');
  const stopped = await request<Workflow>(url, 'PUT', `/api/v1/workflows/${NS}/${long.metadata.name}/stop`, {
    message: 'enough',
  });
  assert.equal(stopped.body.spec.shutdown, 'Stop');
  assert.equal((await waitForPhase(url, NS, long.metadata.name ?? '')).status?.phase, 'Failed');

  const long2 = await create(shellWorkflow('term-', 'sleep 30'));
  // Once its step runs (a terminate racing the step's start once left a workflow Running: see docs/server.md).
  await waitForNode(url, NS, long2.metadata.name ?? '', (n) => n.type === 'Pod' && n.phase === 'Running');
  const terminated = await request<Workflow>(
    url,
    'PUT',
    `/api/v1/workflows/${NS}/${long2.metadata.name}/terminate`,
    {},
  );
  assert.equal(terminated.body.spec.shutdown, 'Terminate');
  await waitForPhase(url, NS, long2.metadata.name ?? '');

  const failing = await create(shellWorkflow('retry-', 'exit 3'));
  assert.equal((await waitForPhase(url, NS, failing.metadata.name ?? '')).status?.phase, 'Failed');
  const retried = await request<Workflow>(
    url,
    'PUT',
    `/api/v1/workflows/${NS}/${failing.metadata.name}/retry`,
    {},
  );
  assert.equal(retried.status, 200);
  assert.notEqual(retried.body.status?.phase, 'Failed');
  const resub = await request<Workflow>(
    url,
    'PUT',
    `/api/v1/workflows/${NS}/${failing.metadata.name}/resubmit`,
    {},
  );
  assert.equal(resub.status, 200);
  assert.equal(
    resub.body.metadata.labels?.['workflows.argoproj.io/resubmitted-from-workflow'],
    failing.metadata.name,
  );
  assert.equal((await waitForPhase(url, NS, resub.body.metadata.name ?? '')).status?.phase, 'Failed');
  const missing = await request(url, 'PUT', `/api/v1/workflows/${NS}/nope/suspend`, {});
  assert.equal(missing.status, 404);
});

test('workflow templates: CRUD, lint, submit; cluster templates; a workflowTemplateRef resolves against stored ones', async () => {
  const template = {
    metadata: { name: 'greeter' },
    spec: {
      entrypoint: 'main',
      arguments: { parameters: [{ name: 'who', value: 'world' }] },
      templates: [
        {
          name: 'main',
          container: { image: 'alpine', command: ['echo', 'hello {{workflow.parameters.who}}'] },
        },
      ],
    },
  };
  const created = await request<Record<string, unknown>>(url, 'POST', `/api/v1/workflow-templates/${NS}`, {
    namespace: NS,
    template,
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  contract('WorkflowTemplate', created.body);
  const dup = await request(url, 'POST', `/api/v1/workflow-templates/${NS}`, { template });
  assert.equal(dup.status, 409);
  const list = await request(url, 'GET', `/api/v1/workflow-templates/${NS}`);
  contract('WorkflowTemplateList', list.body);
  assert.equal((list.body.items as unknown[]).length, 1);
  const lint = await request(url, 'POST', `/api/v1/workflow-templates/${NS}/lint`, {
    template: { metadata: { name: 'x' }, spec: { templates: 'no' } },
  });
  assert.equal(lint.status, 400);
  assert.match(String(lint.body.message), /template\.spec\.templates/);
  const got = await request<{ metadata: { resourceVersion: string } }>(
    url,
    'GET',
    `/api/v1/workflow-templates/${NS}/greeter`,
  );
  const updated = await request<{ spec: { arguments: { parameters: Array<{ value: string }> } } }>(
    url,
    'PUT',
    `/api/v1/workflow-templates/${NS}/greeter`,
    {
      template: {
        ...template,
        metadata: { name: 'greeter', resourceVersion: got.body.metadata.resourceVersion },
        spec: { ...template.spec, arguments: { parameters: [{ name: 'who', value: 'argosy' }] } },
      },
    },
  );
  assert.equal(updated.status, 200);
  assert.equal(updated.body.spec.arguments.parameters[0]?.value, 'argosy');
  const stale = await request(url, 'PUT', `/api/v1/workflow-templates/${NS}/greeter`, {
    template: {
      ...template,
      metadata: { name: 'greeter', resourceVersion: got.body.metadata.resourceVersion },
    },
  });
  assert.equal(stale.status, 409, 'an update from a stale resourceVersion conflicts');
  assert.equal(stale.body.code, 10);

  const submitted = await request<Workflow>(url, 'POST', `/api/v1/workflows/${NS}/submit`, {
    resourceKind: 'WorkflowTemplate',
    resourceName: 'greeter',
    submitOptions: { parameters: ['who=tests'], labels: 'from=submit' },
  });
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
  assert.equal(submitted.body.spec.workflowTemplateRef?.name, 'greeter');
  assert.equal(submitted.body.metadata.labels?.['workflows.argoproj.io/workflow-template'], 'greeter');
  assert.equal(submitted.body.metadata.labels?.from, 'submit');
  const ran = await waitForPhase(url, NS, submitted.body.metadata.name ?? '');
  assert.equal(ran.status?.phase, 'Succeeded', JSON.stringify(ran.status));
  const pod = Object.values(ran.status?.nodes ?? {}).find((n) => n.type === 'Pod');
  assert.equal(pod?.outputs?.result, 'hello tests');

  const missingRef = await request(url, 'POST', `/api/v1/workflows/${NS}`, {
    workflow: { metadata: { generateName: 'ref-' }, spec: { workflowTemplateRef: { name: 'absent' } } },
  });
  assert.equal(missingRef.status, 400);
  assert.match(String(missingRef.body.message), /absent/);
  const badKind = await request(url, 'POST', `/api/v1/workflows/${NS}/submit`, {
    resourceKind: 'Pod',
    resourceName: 'x',
  });
  assert.equal(badKind.status, 400);
  assert.match(String(badKind.body.message), /resourceKind/);
  const noTemplate = await request(url, 'POST', `/api/v1/workflows/${NS}/submit`, {
    resourceKind: 'WorkflowTemplate',
    resourceName: 'nope',
  });
  assert.equal(noTemplate.status, 404);

  const cwt = await request(url, 'POST', '/api/v1/cluster-workflow-templates', {
    template: { ...template, metadata: { name: 'cluster-greeter' } },
  });
  assert.equal(cwt.status, 200, JSON.stringify(cwt.body));
  assert.equal((cwt.body.metadata as { namespace?: string }).namespace, undefined);
  contract('ClusterWorkflowTemplate', cwt.body);
  const cwtList = await request(url, 'GET', '/api/v1/cluster-workflow-templates');
  contract('ClusterWorkflowTemplateList', cwtList.body);
  const fromCluster = await request<Workflow>(url, 'POST', `/api/v1/workflows/${NS}/submit`, {
    resourceKind: 'ClusterWorkflowTemplate',
    resourceName: 'cluster-greeter',
    submitOptions: { parameters: ['who=cluster'] },
  });
  assert.equal(fromCluster.status, 200, JSON.stringify(fromCluster.body));
  const clusterRun = await waitForPhase(url, NS, fromCluster.body.metadata.name ?? '');
  assert.equal(clusterRun.status?.phase, 'Succeeded', JSON.stringify(clusterRun.status));
  assert.equal(
    (await request(url, 'DELETE', '/api/v1/cluster-workflow-templates/cluster-greeter')).status,
    200,
  );
  assert.equal((await request(url, 'GET', '/api/v1/cluster-workflow-templates/cluster-greeter')).status, 404);
  assert.equal((await request(url, 'DELETE', `/api/v1/workflow-templates/${NS}/greeter`)).status, 200);
});

test('a template default parameter reaches {{workflow.parameters}} when the submit gives none', async () => {
  const template = {
    metadata: { name: 'defaults-only' },
    spec: {
      entrypoint: 'main',
      arguments: { parameters: [{ name: 'who', value: 'world' }] },
      templates: [
        {
          name: 'main',
          container: { image: 'alpine', command: ['echo', 'hello {{workflow.parameters.who}}'] },
        },
      ],
    },
  };
  assert.equal((await request(url, 'POST', `/api/v1/workflow-templates/${NS}`, { template })).status, 200);
  const run = await request<Workflow>(url, 'POST', `/api/v1/workflows/${NS}/submit`, {
    resourceKind: 'WorkflowTemplate',
    resourceName: 'defaults-only',
  });
  const done = await waitForPhase(url, NS, run.body.metadata.name ?? '');
  assert.equal(done.status?.phase, 'Succeeded', done.status?.message);
});

test('cron workflows: CRUD, lint, suspend/resume; submit from a CronWorkflow', async () => {
  const cron = {
    metadata: { name: 'nightly' },
    spec: {
      schedules: ['0 2 * * *'],
      workflowSpec: {
        entrypoint: 'main',
        templates: [{ name: 'main', container: { image: 'alpine', command: ['echo', 'cron'] } }],
      },
    },
  };
  const created = await request(url, 'POST', `/api/v1/cron-workflows/${NS}`, { cronWorkflow: cron });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  contract('CronWorkflow', created.body);
  const bad = await request(url, 'POST', `/api/v1/cron-workflows/${NS}/lint`, {
    cronWorkflow: { ...cron, spec: { ...cron.spec, schedules: ['not a cron'] } },
  });
  assert.equal(bad.status, 400);
  assert.match(String(bad.body.message), /cronWorkflow\.spec\.schedules/);
  const suspended = await request<{ spec: { suspend?: boolean } }>(
    url,
    'PUT',
    `/api/v1/cron-workflows/${NS}/nightly/suspend`,
    {},
  );
  assert.equal(suspended.body.spec.suspend, true);
  const resumed = await request<{ spec: { suspend?: boolean } }>(
    url,
    'PUT',
    `/api/v1/cron-workflows/${NS}/nightly/resume`,
    {},
  );
  assert.equal(resumed.body.spec.suspend, false);
  const list = await request(url, 'GET', `/api/v1/cron-workflows/${NS}`);
  contract('CronWorkflowList', list.body);
  const run = await request<Workflow>(url, 'POST', `/api/v1/workflows/${NS}/submit`, {
    resourceKind: 'CronWorkflow',
    resourceName: 'nightly',
  });
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.equal(run.body.metadata.labels?.['workflows.argoproj.io/cron-workflow'], 'nightly');
  assert.equal((await waitForPhase(url, NS, run.body.metadata.name ?? '')).status?.phase, 'Succeeded');
  assert.equal((await request(url, 'DELETE', `/api/v1/cron-workflows/${NS}/nightly`)).status, 200);
  assert.equal((await request(url, 'GET', `/api/v1/cron-workflows/${NS}/nightly`)).status, 404);
});

test('workflow event bindings: create, list, get, delete', async () => {
  const binding = {
    metadata: { name: 'on-push' },
    spec: {
      event: { selector: 'payload.ref == "main"' },
      submit: { workflowTemplateRef: { name: 'bound' } },
    },
  };
  const dangling = await request(url, 'POST', `/api/v1/workflow-event-bindings/${NS}`, { binding });
  assert.equal(dangling.status, 400, 'a binding to a template that is not stored is refused');
  assert.match(String(dangling.body.message), /bound/);
  const template = {
    metadata: { name: 'bound' },
    spec: { entrypoint: 'main', templates: [{ name: 'main', suspend: {} }] },
  };
  assert.equal((await request(url, 'POST', `/api/v1/workflow-templates/${NS}`, { template })).status, 200);
  const created = await request(url, 'POST', `/api/v1/workflow-event-bindings/${NS}`, { binding });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const list = await request<{ items: unknown[] }>(url, 'GET', `/api/v1/workflow-event-bindings/${NS}`);
  assert.equal(list.body.items.length, 1);
  contract('WorkflowEventBindingList', list.body);
  assert.equal((await request(url, 'GET', `/api/v1/workflow-event-bindings/${NS}/on-push`)).status, 200);
  assert.equal((await request(url, 'DELETE', `/api/v1/workflow-event-bindings/${NS}/on-push`)).status, 200);
});

test('workflow-events: server-sent events as grpc-gateway writes them, and NDJSON', async () => {
  const wf = await create(shellWorkflow('watched-', 'echo watched'));
  const name = wf.metadata.name ?? '';
  const sse = await readStream(
    url,
    `/api/v1/workflow-events/${NS}?listOptions.fieldSelector=metadata.name%3D${name}`,
    {
      sse: true,
      until: (m) =>
        ['Succeeded', 'Failed'].includes(
          ((m.result as { object: Workflow }).object.status?.phase as string) ?? '',
        ),
    },
  );
  assert.equal(sse.status, 200);
  assert.match(sse.contentType, /text\/event-stream/);
  assert.match(sse.raw, /^data: \{"result":\{"type":"(ADDED|MODIFIED)","object":\{/);
  const last = sse.messages.at(-1)?.result as { type: string; object: Workflow };
  assert.equal(last.object.metadata.name, name);
  assert.equal(last.object.status?.phase, 'Succeeded');
  for (const m of sse.messages) contract('WorkflowWatchEvent', m.result);
  const nd = await readStream(
    url,
    `/api/v1/workflow-events/${NS}?listOptions.fieldSelector=metadata.name%3D${name}&fields=result.type,result.object.metadata.name`,
    {
      until: () => true,
    },
  );
  assert.match(nd.contentType, /application\/json/);
  assert.deepEqual(nd.messages[0], { result: { type: 'ADDED', object: { metadata: { name } } } });
});

test('pod logs: all pods, one pod, grep, and follow until the workflow completes', async () => {
  const wf = await create(shellWorkflow('logs-', 'echo one; echo two; sleep 1; echo three'));
  const name = wf.metadata.name ?? '';
  const followed = await readStream(
    url,
    `/api/v1/workflows/${NS}/${name}/log?logOptions.container=main&logOptions.follow=true`,
    { timeoutMs: 30_000 },
  );
  assert.equal(followed.status, 200);
  assert.deepEqual(
    followed.messages.map((m) => (m.result as { content: string }).content),
    ['one', 'two', 'three'],
    'follow streams every line and ends when the workflow completes',
  );
  for (const m of followed.messages) contract('LogEntry', m.result);
  const podName = (followed.messages[0]?.result as { podName: string } | undefined)?.podName;
  const grep = await readStream(url, `/api/v1/workflows/${NS}/${name}/log?grep=t`);
  assert.deepEqual(
    grep.messages.map((m) => (m.result as { content: string }).content),
    ['two', 'three'],
  );
  const onePod = await readStream(
    url,
    `/api/v1/workflows/${NS}/${name}/${podName}/log?logOptions.container=main`,
    { sse: true },
  );
  assert.equal(onePod.messages.length, 3);
  const otherPod = await readStream(url, `/api/v1/workflows/${NS}/${name}/log?podName=nope`);
  assert.equal(otherPod.messages.length, 0);
  const badGrep = await request(url, 'GET', `/api/v1/workflows/${NS}/${name}/log?grep=(`);
  assert.equal(badGrep.status, 400);
  assert.match(String(badGrep.body.message), /^grep: /);
  const none = await request(url, 'GET', `/api/v1/workflows/${NS}/nope/log`);
  assert.equal(none.status, 404);
});

test('archive: a completed workflow is archived; list, get, label keys/values, resubmit, retry, delete', async () => {
  const wf = await create(shellWorkflow('arch-', 'exit 1', { team: 'blue' }));
  const name = wf.metadata.name ?? '';
  const uid = wf.metadata.uid ?? '';
  await waitForPhase(url, NS, name);
  let list: { items: Workflow[] } = { items: [] };
  for (let i = 0; i < 50 && !list.items.some((w) => w.metadata.uid === uid); i++) {
    list = (await request<{ items: Workflow[] }>(url, 'GET', `/api/v1/archived-workflows?namespace=${NS}`))
      .body;
    await new Promise((r) => setTimeout(r, 100));
  }
  const entry = list.items.find((w) => w.metadata.uid === uid);
  assert.ok(entry, 'the completed workflow is in the archive');
  assert.equal(entry.metadata.name, name);
  assert.equal(entry.status?.nodes, undefined, 'the archived list carries no nodes');
  contract('WorkflowList', list);
  const got = await request<Workflow>(url, 'GET', `/api/v1/archived-workflows/${uid}`);
  assert.equal(got.body.kind, 'Workflow');
  assert.ok(Object.keys(got.body.status?.nodes ?? {}).length > 0);
  contract('Workflow', got.body);
  const keys = await request<{ items: string[] }>(
    url,
    'GET',
    `/api/v1/archived-workflows-label-keys?namespace=${NS}`,
  );
  assert.ok(keys.body.items.includes('team'));
  contract('LabelKeys', keys.body);
  const values = await request<{ items: string[] }>(
    url,
    'GET',
    `/api/v1/archived-workflows-label-values?namespace=${NS}&listOptions.labelSelector=team`,
  );
  assert.deepEqual(values.body.items, ['blue']);
  const resub = await request<Workflow>(url, 'PUT', `/api/v1/archived-workflows/${uid}/resubmit`, {});
  assert.equal(resub.status, 200);
  assert.notEqual(resub.body.metadata.name, name);
  await waitForPhase(url, NS, resub.body.metadata.name ?? '');
  const live = await request(url, 'PUT', `/api/v1/archived-workflows/${uid}/retry`, {});
  assert.equal(live.status, 409, 'retry of an archived workflow whose live copy exists conflicts');
  await request(url, 'DELETE', `/api/v1/workflows/${NS}/${name}`);
  const retried = await request<Workflow>(url, 'PUT', `/api/v1/archived-workflows/${uid}/retry`, {});
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.metadata.name, name);
  assert.equal((await request(url, 'DELETE', `/api/v1/archived-workflows/${uid}`)).status, 200);
  assert.equal((await request(url, 'GET', `/api/v1/archived-workflows/${uid}`)).status, 404);
});

test('/metrics: Argo metric names, counting the workflows that ran', async () => {
  const r = await fetch(`${url}/metrics`);
  const text = await r.text();
  const succeeded = Number(/^argo_workflows_gauge\{phase="Succeeded"\} (\d+)$/m.exec(text)?.[1]);
  assert.ok(succeeded >= 3, `argo_workflows_gauge{phase="Succeeded"} = ${succeeded}`);
  assert.match(text, /^argo_workflows_count\{status="Failed"\} [1-9]/m);
  assert.match(text, /^argo_workflows_queue_depth_gauge\{queue_name="workflow_queue"\} \d+$/m);
  const ops = Number(/^argo_workflows_operation_duration_seconds_count (\d+)$/m.exec(text)?.[1]);
  assert.ok(ops > 5, `reconciles measured: ${ops}`);
  assert.match(text, /^argo_workflows_pods_gauge\{phase="Running"\} \d+$/m);
  assert.match(
    text,
    /^argosy_api_request_duration_seconds_count\{method="POST",route="\/api\/v1\/workflows\/:namespace",code="200"\} \d+$/m,
  );
});

test('logs are JSON lines with request ids; no token or secret in them', async () => {
  const lines = server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'));
  assert.ok(lines.length > 10);
  const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string });
  assert.ok(parsed.some((p) => p.reqId && p.msg === 'request completed'));
  assert.doesNotMatch(server.output(), /authorization|Bearer/i);
});
