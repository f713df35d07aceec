import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drive } from '../testing/driver.js';
import { loadFixture } from '../testing/fixtures.js';

test('pod template: metrics tags ({{status}}, {{duration}}) are not substituted when the pod starts', () => {
  const wf = loadFixture('hello');
  const tmpl = wf.spec.templates?.[0];
  if (tmpl) {
    tmpl.metrics = {
      prometheus: [
        {
          name: 'result_counter',
          help: 'Count of step execution by result status',
          when: '{{status}} == Succeeded',
          labels: [{ key: 'name', value: '{{inputs.parameters.message}}' }],
          gauge: { realtime: false, value: '{{duration}}' },
        },
      ],
    };
  }
  const { workflow, plans } = drive(wf);
  assert.equal(workflow.status?.phase, 'Succeeded');
  assert.deepEqual(plans[0]?.containers[0]?.args, ['hi there', 'hello', 'hello']);
});
