import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Template } from '../spec/types.js';
import { drive, nodesByName } from './testing/driver.js';
import { workflowFromYaml } from './testing/fixtures.js';

const echo = (word: string): Template =>
  ({ name: 'leaf', container: { image: 'alpine', command: ['echo', word] } }) as Template;

test('inside a referenced WorkflowTemplate, a plain template name resolves in that WorkflowTemplate', () => {
  const wf = workflowFromYaml(`
metadata: {name: scoped}
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: call
            templateRef: {name: lib, template: pipeline}
    - name: leaf
      container: {image: alpine, command: [echo, local]}
`);
  wf.status = {
    storedTemplates: {
      'namespaced/lib/pipeline': { name: 'pipeline', steps: [[{ name: 'inner', template: 'leaf' }]] },
      'namespaced/lib/leaf': echo('from-lib'),
    },
  } as never;
  const { workflow, plans } = drive(wf);
  assert.equal(workflow.status?.phase, 'Succeeded');
  assert.deepEqual(
    plans.map((p) => p.containers[0]?.command),
    [['echo', 'from-lib']],
  );
  assert.equal(nodesByName(workflow).get('scoped[0].call')?.templateScope, 'namespaced/lib');
});
