/**
 * Token login against `argosy server --auth-mode client`: the UI sends you to the login screen, a
 * wrong token is refused, the right one lands you on the page you asked for, and the token lives in
 * sessionStorage only.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserTestsMissing, openUiSession, type UiSession } from '../testing/ui-session.ts';

const skip = browserTestsMissing();
if (skip) console.log(`# ${skip}`);

describe('UI login in client auth mode', { skip: skip ?? false, timeout: 120_000 }, () => {
  let s: UiSession;
  let token = '';
  before(async () => {
    s = await openUiSession({ authMode: 'client', token: () => token });
    token = (
      await s.server.cli(['auth', 'token', 'create', '--namespace', 'default', '--role', 'editor'])
    ).trim();
  });
  after(async () => {
    await s?.close();
  });

  test('the login screen takes a token and returns to the page asked for', async () => {
    const { page } = s;
    await page.goto(`${s.server.url}/cron-workflows/default`);
    await page.waitForURL(/\/login\?redirect=%2Fcron-workflows%2Fdefault$/);
    await s.screenshot('login');

    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page
      .getByRole('alert')
      .getByText(/refused/)
      .waitFor();
    assert.match(page.url(), /\/login/);

    await page.getByLabel('Token').fill(`Bearer ${token}`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/cron-workflows\/default$/);
    await page.getByRole('heading', { name: 'Cron workflows', level: 1 }).waitFor();
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('argosy.token'),
      local: JSON.stringify({ ...localStorage }),
      cookies: document.cookie,
    }));
    assert.equal(stored.session, token);
    assert.ok(!stored.local.includes(token), 'the token is not in localStorage');
    assert.equal(stored.cookies, '');

    // The token is sent on every request, streams included: the list loads and updates live.
    await s.createFromFixture('approval.yaml');
    await page.goto(`${s.server.url}/workflows/default`);
    await page.locator('tr[data-workflow^="ui-approval-"]').waitFor();

    await page.goto(`${s.server.url}/userinfo`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('argosy.token')), null);
  });
  test("a node's artifact downloads with the token, which a plain link could not send", async () => {
    const { page } = s;
    const wf = await s.createFromFixture('artifact-out.yaml');
    const name = wf.metadata.name;
    await page.goto(`${s.server.url}/login?redirect=${encodeURIComponent(`/workflows/default/${name}`)}`);
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForSelector(`[data-node-id="${name}"][data-phase="Succeeded"]`, { timeout: 60_000 });
    await page.locator(`[data-node-id="${name}"]`).click();
    const link = page.getByRole('complementary').getByRole('link', { name: /greeting/ });
    const href = (await link.getAttribute('href')) ?? '';
    // Without the Authorization header the server refuses the file.
    assert.equal((await fetch(s.server.url + href)).status, 401);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString('utf8'), 'hello from an artifact\n');
    assert.equal(download.suggestedFilename(), 'hello.txt');
    assert.equal(await page.getByRole('alert').count(), 0);
  });
});
