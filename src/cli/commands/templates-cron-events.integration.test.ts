/**
 * WorkflowTemplates, ClusterWorkflowTemplates, CronWorkflows and WorkflowEventBindings through the
 * CLI with real processes: create (linted, all or nothing), get/list/delete, submit --from,
 * templateRef to stored templates, cron suspend/resume and a real `argosy controller` scheduling,
 * and `event send`.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { describe, test } from 'node:test';
import type { CronWorkflow, Workflow } from '../../spec/types.js';
import { SqliteStore } from '../../store/index.js';
import {
  hasStackTrace,
  homesForThisFile,
  expectOk as ok,
  readWorkflow,
  runCli,
  spawnCli,
  waitFor,
} from '../testing/run-cli.js';

const home = homesForThisFile();
const T = 'testdata/templates';

async function listRuns(h: string, selector?: string): Promise<Workflow[]> {
  const store = await SqliteStore.open({ path: `${h}/argosy.db` });
  try {
    return (
      await store.list<Workflow>('Workflow', {
        namespace: 'default',
        labelSelector: selector,
        withNodes: false,
      })
    ).items;
  } finally {
    await store.close();
  }
}

describe('argosy template', () => {
  test('create lints, stores, and get/list/delete show and remove it', async () => {
    const h = home();
    const created = ok(
      await runCli(['template', 'create', `${T}/greeter-template.yaml`], { home: h }),
      'create',
    );
    assert.match(created.stdout, /^Name:\s+greeter\nNamespace:\s+default\nCreated:/);
    assert.match(
      ok(await runCli(['template', 'list'], { home: h }), 'list').stdout,
      /^NAME\s+AGE\ngreeter\s+\d+s\n$/,
    );
    const got = JSON.parse(
      ok(await runCli(['template', 'get', 'greeter', '-o', 'json'], { home: h }), 'get').stdout,
    );
    assert.equal(got.kind, 'WorkflowTemplate');
    assert.equal(got.spec.entrypoint, 'greet');
    const again = await runCli(['template', 'create', `${T}/greeter-template.yaml`], { home: h });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /workflowtemplates.argoproj.io "greeter" already exists/);
    ok(await runCli(['template', 'delete', 'greeter'], { home: h }), 'delete');
    assert.equal(ok(await runCli(['template', 'list', '-o', 'name'], { home: h }), 'list').stdout, '');
  });

  test('a bad file is refused with FILE:LINE errors and nothing of it is stored', async () => {
    const h = home();
    const r = await runCli(['template', 'create', `${T}/bad-template.yaml`], { home: h });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /bad-template.yaml:22: WorkflowTemplate\/broken: spec.templates\[0\].steps\[0\]\[0\].template: template "nowhere" not found/,
    );
    assert.match(r.stderr, /nothing was created/);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
    assert.equal(ok(await runCli(['template', 'list', '-o', 'name'], { home: h }), 'list').stdout, '');
  });

  test('a cycle of workflowTemplateRefs is refused at create time', async () => {
    const h = home();
    // The first half alone points at a template that does not exist yet.
    const first = await runCli(['template', 'create', `${T}/cycle-a.yaml`, `${T}/cycle-b.yaml`], { home: h });
    assert.equal(first.code, 1);
    assert.match(
      first.stderr,
      /workflowTemplateRef cycle: WorkflowTemplate\/cycle-a -> WorkflowTemplate\/cycle-b -> WorkflowTemplate\/cycle-a/,
    );
    assert.equal(ok(await runCli(['template', 'list', '-o', 'name'], { home: h }), 'list').stdout, '');
  });

  test('submit resolves templateRef and --from against stored templates, with -p and labels', async () => {
    const h = home();
    ok(await runCli(['template', 'create', `${T}/greeter-template.yaml`], { home: h }), 'create');
    const viaRef = ok(
      await runCli(['submit', '--wait', '-o', 'name', `${T}/uses-stored-template.yaml`], { home: h }),
      'submit',
    );
    const refName = viaRef.stdout.trim();
    const wf = await readWorkflow(h, refName);
    assert.equal(wf?.status?.phase, 'Succeeded');
    assert.deepEqual(Object.keys(wf?.status?.storedTemplates ?? {}), ['namespaced/greeter/greet']);
    const logs = ok(await runCli(['logs', refName], { home: h }), 'logs').stdout;
    assert.match(logs, /hello from-a-step/);

    const from = ok(
      await runCli(
        ['submit', '--from', 'workflowtemplate/greeter', '-p', 'who=cli', '--wait', '-o', 'name'],
        { home: h },
      ),
      'from',
    );
    const fromName = from.stdout.trim();
    assert.match(fromName, /^greeter-\w{5}$/);
    const fromWf = await readWorkflow(h, fromName);
    assert.equal(fromWf?.metadata.labels?.['workflows.argoproj.io/workflow-template'], 'greeter');
    assert.deepEqual(fromWf?.spec.workflowTemplateRef, { name: 'greeter' });
    assert.equal(fromWf?.status?.storedWorkflowTemplateSpec?.entrypoint, 'greet');
    assert.match(ok(await runCli(['logs', fromName], { home: h }), 'logs').stdout, /hello cli/);

    const missing = await runCli(['submit', '--from', 'workflowtemplate/nope'], { home: h });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /workflowtemplates.argoproj.io "nope" not found/);
    const badKind = await runCli(['submit', '--from', 'pod/x'], { home: h });
    assert.match(badKind.stderr, /expected workflowtemplate\/NAME/);
  });

  test('cluster-template is cluster-scoped and found with clusterScope: true', async () => {
    const h = home();
    const created = ok(
      await runCli(['cluster-template', 'create', `${T}/cluster-greeter.yaml`], { home: h }),
      'create',
    );
    assert.doesNotMatch(created.stdout, /Namespace:/);
    assert.match(
      ok(await runCli(['cluster-template', 'list', '-o', 'name'], { home: h }), 'list').stdout,
      /^cluster-greeter\n$/,
    );
    const r = ok(
      await runCli(['submit', '--wait', '-o', 'name', `${T}/uses-cluster-template.yaml`], { home: h }),
      'submit',
    );
    const wf = await readWorkflow(h, r.stdout.trim());
    assert.equal(wf?.status?.phase, 'Succeeded');
    assert.equal(wf?.metadata.labels?.['workflows.argoproj.io/cluster-workflow-template'], 'cluster-greeter');
    assert.match(ok(await runCli(['logs', r.stdout.trim()], { home: h }), 'logs').stdout, /hello cluster/);
    // submit --from clusterworkflowtemplate/NAME runs it too.
    const from = await runCli(
      ['submit', '--from', 'clusterworkflowtemplate/cluster-greeter', '-p', 'who=x', '--wait', '-o', 'name'],
      { home: h },
    );
    ok(from, 'submit --from clusterworkflowtemplate');
  });
});

describe('argosy cron', () => {
  test('create/get/list/suspend/resume/delete, and a bad timezone is refused', async () => {
    const h = home();
    ok(await runCli(['template', 'create', `${T}/greeter-template.yaml`], { home: h }), 'template');
    const created = ok(
      await runCli(['cron', 'create', `${T}/every-second-cron.yaml`], { home: h }),
      'create',
    );
    assert.match(created.stdout, /Schedules:\s+@every 1s\n/);
    assert.match(created.stdout, /ConcurrencyPolicy:\s+Forbid\n/);
    assert.match(
      ok(await runCli(['cron', 'list'], { home: h }), 'list').stdout,
      /^NAME\s+AGE\s+LAST RUN\s+NEXT RUN\s+SCHEDULES\s+TIMEZONE\s+SUSPENDED\nevery-second\s+\S+\s+N\/A\s+\S+\s+@every 1s\s+false\n$/,
    );
    assert.match(
      ok(await runCli(['cron', 'suspend', 'every-second'], { home: h }), 'suspend').stdout,
      /CronWorkflow 'every-second' suspended/,
    );
    assert.match(
      ok(await runCli(['cron', 'get', 'every-second'], { home: h }), 'get').stdout,
      /Suspended:\s+true/,
    );
    ok(await runCli(['cron', 'resume', 'every-second'], { home: h }), 'resume');
    assert.match(
      ok(await runCli(['cron', 'get', 'every-second'], { home: h }), 'get').stdout,
      /Suspended:\s+false/,
    );
    const manual = ok(
      await runCli(['submit', '--from', 'cronwf/every-second', '-p', 'who=manual', '--wait', '-o', 'name'], {
        home: h,
      }),
      'submit --from cronwf',
    );
    const manualWf = await readWorkflow(h, manual.stdout.trim());
    assert.match(manualWf?.metadata.name ?? '', /^every-second-\w{5}$/);
    assert.equal(manualWf?.metadata.labels?.['workflows.argoproj.io/cron-workflow'], 'every-second');
    assert.equal(manualWf?.status?.phase, 'Succeeded');
    ok(await runCli(['cron', 'delete', 'every-second'], { home: h }), 'delete');
    assert.equal(ok(await runCli(['cron', 'list', '-o', 'name'], { home: h }), 'list').stdout, '');
    assert.ok(
      await readWorkflow(h, manual.stdout.trim()),
      'a run submitted by hand is not owned by the cron: kept',
    );

    const bad = await runCli(['cron', 'lint', 'testdata/lint/broken/53-cron-timezone-invalid.yaml'], {
      home: h,
    });
    assert.equal(bad.code, 1);
    assert.match(
      bad.stdout,
      /53-cron-timezone-invalid.yaml:\d+: CronWorkflow\/\S+: spec.timezone: unknown time zone/,
    );
  });

  test('a long-lived `argosy controller` schedules it; the idle-exiting one does not keep running for it', async () => {
    const h = home();
    ok(await runCli(['template', 'create', `${T}/greeter-template.yaml`], { home: h }), 'template');
    ok(await runCli(['cron', 'create', `${T}/every-second-cron.yaml`], { home: h }), 'cron');
    // The detached controller started by submit exits once idle although a CronWorkflow exists.
    const idle = ok(
      await runCli(['controller', '--exit-when-idle'], { home: h, timeoutMs: 20_000 }),
      'idle controller',
    );
    assert.equal(idle.code, 0);
    assert.deepEqual(await listRuns(h), [], 'the idle-exiting controller schedules nothing');
    let controller: ChildProcess | undefined;
    try {
      controller = spawnCli(['controller'], { home: h });
      const runs = await waitFor(
        'three succeeded cron runs',
        async () => {
          const cron = await readCron(h);
          return (cron?.status?.succeeded ?? 0) >= 3 ? cron : undefined;
        },
        30_000,
        200,
      );
      const left = await listRuns(h, 'workflows.argoproj.io/cron-workflow=every-second');
      assert.ok(left.length <= 3, `history limit 2 (+1 running) keeps few runs, found ${left.length}`);
      for (const wf of left) {
        assert.match(wf.metadata.name ?? '', /^every-second-\d{10}$/);
        assert.equal(wf.metadata.labels?.['workflows.argoproj.io/workflow-template'], 'greeter');
        assert.equal(wf.metadata.ownerReferences?.[0]?.name, 'every-second');
      }
      assert.ok(runs.status?.lastScheduledTime);
      controller.kill('SIGTERM');
      await new Promise((r) => controller?.once('exit', r));
      ok(await runCli(['cron', 'delete', 'every-second'], { home: h }), 'delete');
      assert.deepEqual(await listRuns(h), [], 'deleting the CronWorkflow deletes the runs it owns');
    } finally {
      if (controller && controller.exitCode === null && controller.signalCode === null) {
        controller.kill('SIGTERM');
        await new Promise((r) => controller?.once('exit', r));
      }
    }
  });
});

async function readCron(h: string): Promise<CronWorkflow | undefined> {
  const store = await SqliteStore.open({ path: `${h}/argosy.db` });
  try {
    return await store.get<CronWorkflow>('CronWorkflow', 'default', 'every-second');
  } catch {
    return undefined;
  } finally {
    await store.close();
  }
}

describe('argosy event', () => {
  test('event-binding create refuses a bad selector; event send submits the template with payload parameters', async () => {
    const h = home();
    ok(await runCli(['template', 'create', `${T}/greeter-template.yaml`], { home: h }), 'template');
    const bad = await runCli(['event-binding', 'create', `${T}/bad-selector-binding.yaml`], { home: h });
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /bad-selector-binding.yaml:7: WorkflowEventBinding\/bad-selector: spec.event.selector: invalid selector/,
    );
    ok(await runCli(['event-binding', 'create', `${T}/greeter-binding.yaml`], { home: h }), 'binding');
    const none = ok(
      await runCli(['event', 'send', 'default', 'other', '--payload', '{"who":"x"}'], { home: h }),
      'no match',
    );
    assert.equal(none.stdout, '');
    const sent = ok(
      await runCli(['event', 'send', 'default', 'greet', '--payload', '{"who":"Mr Fox"}'], { home: h }),
      'send',
    );
    const name = sent.stdout.trim();
    assert.match(name, /^greeter-\w{5}$/);
    const done = await waitFor('the event workflow to finish', async () => {
      const wf = await readWorkflow(h, name);
      return wf?.status?.phase === 'Succeeded' ? wf : undefined;
    });
    assert.deepEqual(done.spec.arguments?.parameters, [{ name: 'who', value: 'Mr Fox' }]);
    assert.match(ok(await runCli(['logs', name], { home: h }), 'logs').stdout, /hello Mr Fox/);
    const notJson = await runCli(['event', 'send', 'default', 'greet', '--payload', '{nope'], { home: h });
    assert.equal(notJson.code, 1);
    assert.match(notJson.stderr, /--payload: not JSON/);
  });
});
