import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchRoute, workflowPath } from './routes.ts';

test("Argo UI's routes resolve to their pages", () => {
  assert.deepEqual(matchRoute('/'), { page: 'workflows' });
  assert.deepEqual(matchRoute('/workflows'), { page: 'workflows' });
  assert.deepEqual(matchRoute('/workflows/argo'), { page: 'workflows', namespace: 'argo' });
  assert.deepEqual(matchRoute('/workflows/argo/hello-x', '?nodeId=hello-x-1&tab=yaml'), {
    page: 'workflow',
    namespace: 'argo',
    name: 'hello-x',
    nodeId: 'hello-x-1',
    tab: 'yaml',
  });
  assert.deepEqual(matchRoute('/workflow-templates/ns/t'), {
    page: 'workflow-template',
    namespace: 'ns',
    name: 't',
  });
  assert.deepEqual(matchRoute('/cluster-workflow-templates/c'), {
    page: 'cluster-workflow-template',
    name: 'c',
  });
  assert.deepEqual(matchRoute('/cron-workflows/ns/c'), { page: 'cron-workflow', namespace: 'ns', name: 'c' });
  assert.deepEqual(matchRoute('/archived-workflows/ns/uid-1'), {
    page: 'archived-workflow',
    namespace: 'ns',
    uid: 'uid-1',
  });
  assert.deepEqual(matchRoute('/event-flow/ns'), { page: 'event-flow', namespace: 'ns' });
  assert.deepEqual(matchRoute('/userinfo'), { page: 'userinfo' });
  assert.deepEqual(matchRoute('/submit', '?template=t'), { page: 'submit', template: 't' });
  assert.deepEqual(matchRoute('/login', '?redirect=%2Fworkflows'), { page: 'login', redirect: '/workflows' });
});

test('unknown and over-long paths are not found; names are decoded and encoded', () => {
  assert.equal(matchRoute('/nope').page, 'not-found');
  assert.equal(matchRoute('/workflows/a/b/c').page, 'not-found');
  assert.deepEqual(matchRoute('/workflows/a/b%20c'), { page: 'workflow', namespace: 'a', name: 'b c' });
  assert.equal(workflowPath('a', 'b c', 'n/1'), '/workflows/a/b%20c?nodeId=n%2F1');
});
