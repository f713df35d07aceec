/**
 * The UI in Chromium against a real `argosy server`: submit a DAG from the submit page and watch it
 * go green, open a node's logs, lint errors inline, resume a suspended workflow, submit a template
 * with parameters, a cron workflow's next runs, the list's filters. Screenshots of every page go to
 * test-artifacts/ui-screenshots/.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fixture } from '../testing/argosy-server.ts';
import { browserTestsMissing, openUiSession, type UiSession } from '../testing/ui-session.ts';

const skip = browserTestsMissing();
if (skip) console.log(`# ${skip}`);

const nodeButton = (s: UiSession, label: string) =>
  s.page.locator(`[data-node-id][aria-label^="${label},"]`).first();

async function waitForRoot(s: UiSession, name: string, phase: string, timeout = 60_000) {
  await s.page.waitForSelector(`[data-node-id="${name}"][data-phase="${phase}"]`, { timeout });
}

describe('UI against argosy server', { skip: skip ?? false, timeout: 300_000 }, () => {
  let s: UiSession;
  before(async () => {
    s = await openUiSession();
  });
  after(async () => {
    await s?.close();
  });

  test('a DAG submitted from the submit page goes green in the graph, and a node shows its logs', async () => {
    const { page } = s;
    await page.goto(`${s.server.url}/submit`);
    await page.getByLabel('Workflow YAML').fill(fixture('dag-diamond.yaml'));
    await page
      .locator('section[aria-labelledby="yaml-title"]')
      .getByRole('button', { name: 'Submit' })
      .click();
    await page.waitForURL(/\/workflows\/default\/ui-diamond-[a-z0-9]+$/);
    const name = page.url().split('/').pop()!;
    await waitForRoot(s, name, 'Succeeded');
    for (const task of ['A', 'B', 'C', 'D']) {
      assert.equal(await nodeButton(s, task).getAttribute('data-phase'), 'Succeeded', task);
      assert.equal(await nodeButton(s, task).getAttribute('data-shape'), 'pod');
    }
    assert.equal(await page.locator(`[data-node-id="${name}"]`).getAttribute('data-shape'), 'boundary');
    assert.equal(await page.locator('.graph-edge').count(), 5);
    await s.screenshot('workflow-graph');

    await nodeButton(s, 'B').click();
    const panel = page.getByRole('complementary', { name: /Node B/ });
    await panel.getByText('Input parameters').waitFor();
    assert.match((await panel.textContent()) ?? '', /bravo/);
    await panel.getByRole('tab', { name: 'Logs' }).click();
    await page.getByTestId('log-lines').getByText('said bravo').waitFor();
    await s.screenshot('node-logs');

    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.getByTestId('yaml').getByText(`name: ${name}`).first().waitFor();
    await s.screenshot('workflow-yaml');
  });

  test('a loop of 20 items is collapsed in the graph and expands on a click', async () => {
    const { page } = s;
    const wf = await s.createFromFixture('loop-20.yaml');
    const name = wf.metadata.name;
    await page.goto(`${s.server.url}/workflows/default/${name}`);
    await waitForRoot(s, name, 'Succeeded');
    const collapsed = page.locator('[data-shape="collapsed"]');
    assert.equal(await collapsed.count(), 1);
    assert.match((await collapsed.getAttribute('aria-label')) ?? '', /^17 more, Collapsed, Succeeded$/);
    assert.equal(await page.locator('[data-node-id][aria-label^="item("]').count(), 3);
    assert.equal(await nodeButton(s, 'after').getAttribute('data-phase'), 'Succeeded');
    await s.screenshot('workflow-loop-collapsed');
    await collapsed.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-node-id][aria-label^="item("]').length === 20,
    );
    assert.equal(await page.locator('[data-shape="collapsed"]').count(), 0);
  });

  test("a running pod's logs stream in with follow while the graph is still running", async () => {
    const { page } = s;
    const wf = await s.createFromFixture('slow-ticker.yaml');
    const name = wf.metadata.name;
    await page.goto(`${s.server.url}/workflows/default/${name}`);
    const root = page.locator(`[data-node-id="${name}"]`);
    await page.waitForSelector(`[data-node-id="${name}"][data-phase="Running"]`);
    await root.click();
    await page.getByRole('complementary').getByRole('tab', { name: 'Logs' }).click();
    const lines = page.getByTestId('log-lines');
    await lines.getByText('tick 1').waitFor();
    // The first line arrived while the pod was still running; the rest follow on the open stream.
    const phaseAtFirstLine = await root.getAttribute('data-phase');
    await lines.getByText('tick 4').waitFor();
    await waitForRoot(s, name, 'Succeeded');
    assert.equal(phaseAtFirstLine, 'Running');
    assert.match((await lines.textContent()) ?? '', /tick 1\ntick 2\ntick 3\ntick 4/);
  });

  test('lint problems show inline before anything is submitted', async () => {
    const { page } = s;
    await page.goto(`${s.server.url}/submit`);
    await page.getByLabel('Workflow YAML').fill(fixture('dag-broken.yaml'));
    await page.getByRole('button', { name: 'Lint' }).click();
    const problems = page.getByRole('list', { name: 'Lint problems' });
    await problems.waitFor();
    assert.match((await problems.textContent()) ?? '', /line 12: .*nowhere/);
    // The gutter marks the line the server's field path points at.
    assert.deepEqual(await page.locator('.gutter .bad-line').allTextContents(), ['12']);
    await s.screenshot('submit-lint-error');

    // An uploaded file replaces the editor's text.
    await page.getByLabel('Upload a file').setInputFiles({
      name: 'diamond.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(fixture('dag-diamond.yaml')),
    });
    await page.waitForFunction(
      (text) =>
        (document.querySelector('textarea[aria-label="Workflow YAML"]') as HTMLTextAreaElement)?.value ===
        text,
      fixture('dag-diamond.yaml'),
    );

    await page.getByLabel('Workflow YAML').fill('kind: Workflow\nspec:\n  a: [1, 2\n  b: 3\n');
    await page.getByRole('button', { name: 'Lint' }).click();
    await page.locator('.gutter .bad-line').first().waitFor();
    assert.match((await problems.textContent()) ?? '', /line \d+/);
    assert.match(page.url(), /\/submit$/);
  });

  test('a suspended workflow is resumed from its page after confirmation', async () => {
    const { page } = s;
    const wf = await s.createFromFixture('approval.yaml');
    const name = wf.metadata.name;
    await page.goto(`${s.server.url}/workflows/default/${name}`);
    await page.waitForSelector('[data-node-id][data-phase="Suspended"][data-shape="suspend"]', {
      timeout: 60_000,
    });
    await s.screenshot('workflow-suspended');
    await page.locator('.page-header').getByRole('button', { name: 'Resume' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Resume' }).click();
    // Live, from the watch stream: no reload.
    await waitForRoot(s, name, 'Succeeded');
    assert.equal(await nodeButton(s, 'after').getAttribute('data-phase'), 'Succeeded');
  });

  test("a resume's answer arriving after the watch showed the end does not roll the page back", async () => {
    // The race behind a resumed workflow that once seemed stuck: the PUT's answer (the workflow
    // just resumed, still Running) reached the page after the watch had sent the finished
    // workflow, and replaced it; the watch had nothing more to send. Here the answer is held back
    // until the page shows the end, then delivered.
    const { page } = s;
    const wf = await s.createFromFixture('approval.yaml');
    const name = wf.metadata.name;
    const resumePath = `/api/v1/workflows/default/${name}/resume`;
    let answered: Promise<void> | undefined;
    await page.route(`**${resumePath}`, (route) => {
      answered = (async () => {
        const response = await route.fetch();
        await waitForRoot(s, name, 'Succeeded');
        await route.fulfill({ response });
      })();
    });
    await page.goto(`${s.server.url}/workflows/default/${name}`);
    await page.waitForSelector('[data-node-id][data-phase="Suspended"][data-shape="suspend"]', {
      timeout: 60_000,
    });
    const finished = page.waitForEvent('requestfinished', {
      predicate: (r) => r.url().endsWith(resumePath),
      timeout: 90_000,
    });
    await page.locator('.page-header').getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await finished;
    await answered;
    // The page has read the late answer once its promise chain has run and React has committed:
    // a few frames after the request finished.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))),
        ),
    );
    await page.unroute(`**${resumePath}`);
    assert.equal(await page.locator(`[data-node-id="${name}"]`).getAttribute('data-phase'), 'Succeeded');
    assert.equal(await nodeButton(s, 'after').getAttribute('data-phase'), 'Succeeded');
    assert.match((await page.locator('.summary').textContent()) ?? '', /Succeeded/);
  });

  test("a node's output artifact is a download link that serves the file", async () => {
    const { page } = s;
    const wf = await s.createFromFixture('artifact-out.yaml');
    const name = wf.metadata.name;
    await page.goto(`${s.server.url}/workflows/default/${name}`);
    await waitForRoot(s, name, 'Succeeded');
    await page.locator(`[data-node-id="${name}"]`).click();
    const link = page.getByRole('complementary').getByRole('link', { name: /greeting/ });
    await link.waitFor();
    const href = (await link.getAttribute('href')) ?? '';
    assert.equal(href, `/artifact-files/default/workflows/${name}/${name}/outputs/greeting`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const body = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    });
    assert.equal(body, 'hello from an artifact\n');
    await s.screenshot('node-artifacts');
  });

  test('resubmit makes a new copy and delete removes a workflow, each after confirmation', async () => {
    const { page } = s;
    const wf = await s.createFromFixture('artifact-out.yaml');
    const name = wf.metadata.name;
    await page.goto(`${s.server.url}/workflows/default/${name}`);
    await waitForRoot(s, name, 'Succeeded');
    const header = page.locator('.page-header');
    await header.getByRole('button', { name: 'Resubmit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.match(page.url(), new RegExp(`/workflows/default/${name}$`));
    await header.getByRole('button', { name: 'Resubmit' }).click();
    await dialog.getByRole('button', { name: 'Resubmit' }).click();
    await page.waitForURL(
      (url) => /\/workflows\/default\/ui-artifact-/.test(url.pathname) && !url.pathname.endsWith(name),
    );
    const copy = page.url().split('/').pop()!;
    await waitForRoot(s, copy, 'Succeeded');

    await page.locator('.page-header').getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/workflows\/default$/);
    await page.getByRole('table', { name: 'Workflows' }).locator(`tr[data-workflow="${name}"]`).waitFor();
    assert.equal(await page.locator(`tr[data-workflow="${copy}"]`).count(), 0);
    await assert.rejects(s.api('GET', `/api/v1/workflows/default/${copy}`), /404/);
  });

  test('a WorkflowTemplate is submitted through its parameter form', async () => {
    const { page } = s;
    await s.createFromFixture('greeting-template.yaml');
    await page.goto(`${s.server.url}/workflow-templates/default`);
    await page.getByRole('link', { name: 'ui-greeting' }).waitFor();
    await s.screenshot('workflow-templates');
    await page.goto(`${s.server.url}/submit?template=ui-greeting`);
    const colour = page.locator('#param-colour');
    await colour.waitFor();
    assert.deepEqual(await colour.locator('option').allTextContents(), ['red', 'green', 'blue']);
    assert.equal(await colour.inputValue(), 'red');
    assert.equal(await page.locator('#param-greeting').inputValue(), 'hello');
    await colour.selectOption('blue');
    await page.locator('#param-greeting').fill('hi');
    await s.screenshot('submit-template-form');
    await page.locator('form.param-form').getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/\/workflows\/default\/ui-greeting-[a-z0-9]+$/);
    const name = page.url().split('/').pop()!;
    await waitForRoot(s, name, 'Succeeded');
    await page.locator(`[data-node-id="${name}"]`).click();
    const panel = page.getByRole('complementary');
    await panel.getByText('Input parameters').waitFor();
    const text = (await panel.textContent()) ?? '';
    assert.match(text, /colour\s*blue/);
    assert.match(text, /greeting\s*hi/);
  });

  test("a cron workflow's next runs are listed, and suspend stops them", async () => {
    const { page } = s;
    await s.createFromFixture('nightly-cron.yaml');
    await page.goto(`${s.server.url}/cron-workflows/default`);
    await page.getByRole('link', { name: 'ui-nightly' }).click();
    const runs = page.locator('.next-runs time');
    await runs.first().waitFor();
    const times = await runs.evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    assert.equal(times.length, 5);
    const now = new Date();
    const expected = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 2, 30));
    if (expected.getTime() <= now.getTime()) expected.setUTCDate(expected.getUTCDate() + 1);
    assert.equal(times[0], expected.toISOString());
    assert.equal(Date.parse(times[1]!) - Date.parse(times[0]!), 86_400_000);
    await s.screenshot('cron-workflow');
    await page.locator('.page-header').getByRole('button', { name: 'Suspend' }).click();
    await page.getByTestId('cron-state').getByText('Suspended').waitFor();
    assert.equal(await runs.count(), 0);
    await page.locator('.page-header').getByRole('button', { name: 'Resume' }).waitFor();
  });

  test('the workflows list shows every workflow, filters by name and phase, and updates live', async () => {
    const { page } = s;
    await page.goto(`${s.server.url}/workflows/default`);
    const table = page.getByRole('table', { name: 'Workflows' });
    await table.locator('tr[data-workflow^="ui-diamond-"]').waitFor();
    assert.ok((await table.locator('tr[data-workflow]').count()) >= 3);
    await s.screenshot('workflows-list');
    // A new workflow appears without a reload.
    const wf = await s.createFromFixture('approval.yaml');
    await table.locator(`tr[data-workflow="${wf.metadata.name}"]`).waitFor();
    await page.getByRole('searchbox', { name: 'Name' }).fill('greeting');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-workflow]').length === 1);
    assert.match(
      (await table.locator('tr[data-workflow]').getAttribute('data-workflow')) ?? '',
      /^ui-greeting-/,
    );
    await page.getByRole('searchbox', { name: 'Name' }).fill('');
    await page.getByRole('checkbox', { name: 'Running' }).check();
    await table.locator(`tr[data-workflow="${wf.metadata.name}"]`).waitFor();
    await page.waitForFunction(() => !document.querySelector('tr[data-workflow^="ui-diamond-"]'));
    await s.api('PUT', `/api/v1/workflows/default/${wf.metadata.name}/stop`, {});
    // Stopped, it leaves the Running filter live.
    await page.waitForSelector(`tr[data-workflow="${wf.metadata.name}"]`, {
      state: 'detached',
      timeout: 60_000,
    });
  });

  test('the list pages through the server (limit + continue) and keeps only visible rows in the DOM', async () => {
    const { page } = s;
    const created: string[] = [];
    for (let i = 0; i < 55; i++) created.push((await s.createFromFixture('paged.yaml')).metadata.name);
    const asked: URL[] = [];
    const onRequest = (r: { url(): string }) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/workflows/default') asked.push(url);
    };
    page.on('request', onRequest);
    try {
      await page.goto(`${s.server.url}/workflows/default`);
      const table = page.getByRole('table', { name: 'Workflows' });
      await table.locator('tr[data-workflow]').first().waitFor();
      await page.getByLabel('Labels').fill('ui-paging=yes');
      await page.getByLabel('Labels').press('Enter');
      await page.getByLabel('Per page').selectOption('50');
      await page.waitForFunction(
        () => document.querySelector('table[aria-label="Workflows"]')?.getAttribute('aria-rowcount') === '51',
      );
      // 50 rows on the page, far fewer in the DOM: the rest are spacers until scrolled to.
      const inDom = await table.locator('tr[data-workflow]').count();
      assert.ok(inDom > 0 && inDom < 50, `${inDom} rows in the DOM`);
      assert.equal(await table.locator('tr[data-workflow]:not([data-workflow^="ui-paged-"])').count(), 0);
      await page.locator('.virtual-rows').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await table.locator('tr[aria-rowindex="51"]').waitFor();
      await s.screenshot('workflows-list-paged');
      const first = asked.at(-1)!;
      assert.equal(first.searchParams.get('listOptions.limit'), '50');
      assert.equal(first.searchParams.get('listOptions.labelSelector'), 'ui-paging=yes');
      assert.equal(first.searchParams.get('listOptions.continue'), null);

      await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next ›' }).click();
      await page.waitForFunction(
        () => document.querySelector('table[aria-label="Workflows"]')?.getAttribute('aria-rowcount') === '6',
      );
      const second = asked.at(-1)!;
      assert.ok(second.searchParams.get('listOptions.continue'), 'the second page asks with continue');
      // All five are drawn at once, though the first page was left scrolled to its end.
      await page.waitForFunction(() => document.querySelectorAll('tr[data-workflow]').length === 5);
      const names = await table
        .locator('tr[data-workflow]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-workflow')));
      assert.equal(names.length, 5);
      assert.ok(names.every((n) => created.includes(n ?? '')));
      assert.equal(await page.getByRole('button', { name: 'Next ›' }).isDisabled(), true);
    } finally {
      page.off('request', onRequest);
      for (const name of created) await s.api('DELETE', `/api/v1/workflows/default/${name}`);
    }
  });

  test('at a laptop width (1024 px) no page scrolls sideways, the graph and its panel included', async () => {
    const { page } = s;
    await page.setViewportSize({ width: 1024, height: 700 });
    try {
      await page.goto(`${s.server.url}/workflows/default`);
      const first = page
        .getByRole('table', { name: 'Workflows' })
        .locator('tr[data-workflow^="ui-diamond-"]');
      const name = (await first.getAttribute('data-workflow')) ?? '';
      const fits = async (what: string) => {
        const [scroll, inner] = await page.evaluate(() => [
          document.documentElement.scrollWidth,
          window.innerWidth,
        ]);
        assert.ok(scroll <= inner, `${what}: ${scroll} px wide in a ${inner} px window`);
      };
      await fits('workflows list');
      await s.screenshot('laptop-workflows-list');
      await page.goto(`${s.server.url}/workflows/default/${name}?nodeId=${name}`);
      await page.getByRole('complementary', { name: new RegExp(`Node ${name}`) }).waitFor();
      await page.locator(`[data-node-id="${name}"]`).waitFor();
      await fits('workflow with its node panel');
      await s.screenshot('laptop-workflow-node');
      await page.goto(`${s.server.url}/submit`);
      await page.getByLabel('Workflow YAML').waitFor();
      await fits('submit');
      await page.goto(`${s.server.url}/cron-workflows/default/ui-nightly`);
      await page.locator('.next-runs').waitFor();
      await fits('cron workflow');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  test('keyboard and labels: skip link, nodes by Tab and Enter, Escape closes a dialog, every control named', async () => {
    const { page } = s;
    await page.goto(`${s.server.url}/workflows/default`);
    const diamond = page.locator('tr[data-workflow^="ui-diamond-"]').first();
    const name = (await diamond.getAttribute('data-workflow')) ?? '';
    await page.goto(`${s.server.url}/workflows/default/${name}`);
    await waitForRoot(s, name, 'Succeeded');
    // The first Tab reaches the skip link, which moves focus past the sidebar.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    // Graph nodes are in the tab order; Enter on one opens its panel.
    await nodeButton(s, 'A').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: /Node A/ }).waitFor();
    // A confirmation takes focus and closes with Escape, doing nothing.
    await page.locator('.page-header').getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus is in the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(
      (await s.api<{ metadata: { name: string } }>('GET', `/api/v1/workflows/default/${name}`)).metadata.name,
      name,
    );

    for (const path of [
      '/workflows/default',
      `/workflows/default/${name}?nodeId=${name}`,
      '/submit',
      '/submit?template=ui-greeting',
      '/workflow-templates/default',
      '/cron-workflows/default/ui-nightly',
      '/archived-workflows/default',
      '/event-flow/default',
      '/userinfo',
    ]) {
      await page.goto(`${s.server.url}${path}`);
      await page.locator('main h1').waitFor();
      await page.waitForFunction(() => !document.body.textContent?.includes('Loading'));
      const unnamed = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea, button, a[href], [role="button"]')]
          .filter((el) => {
            const e = el as HTMLElement & { labels?: NodeListOf<HTMLLabelElement> | null };
            if (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')) return false;
            if (e.labels && e.labels.length > 0) return false;
            if (e.tagName === 'INPUT' && (e as HTMLInputElement).type === 'hidden') return false;
            return (e.textContent ?? '').trim() === '';
          })
          .map((e) => e.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(unnamed, [], `${path}: controls without a name`);
    }
  });

  test('the other pages render: cluster templates, archive, event flow, user info', async () => {
    const { page } = s;
    for (const [path, heading, shot] of [
      ['/cluster-workflow-templates', 'Cluster workflow templates', 'cluster-workflow-templates'],
      ['/archived-workflows/default', 'Archived workflows', 'archived-workflows'],
      ['/event-flow/default', 'Event flow', 'event-flow'],
      ['/userinfo', 'User info', 'userinfo'],
    ] as const) {
      await page.goto(`${s.server.url}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForFunction(() => !document.body.textContent?.includes('Loading'));
      assert.equal(
        await page.getByRole('alert').count(),
        0,
        `${path}: ${await page.getByRole('alert').allTextContents()}`,
      );
      await s.screenshot(shot);
    }
  });
});
