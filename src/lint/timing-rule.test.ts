import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDurationOrSeconds, isGoDuration } from './duration-syntax.js';
import { lintYaml, workflow } from './test-support.js';
import { timingRule } from './timing-rule.js';

const lint = (text: string, spec = '') => lintYaml(workflow(text, spec), [timingRule]);

describe('duration syntax', () => {
  it('accepts Go durations and, where Argo does, whole seconds', () => {
    for (const ok of ['1m30s', '90s', '1.5h', '300ms', '0', '2h45m10s']) assert.ok(isGoDuration(ok), ok);
    for (const bad of ['30', '1 minute', 'm', '', '1d', '5s5']) assert.ok(!isGoDuration(bad), bad);
    assert.ok(isDurationOrSeconds('30') && isDurationOrSeconds(30) && isDurationOrSeconds('2m'));
    assert.ok(!isDurationOrSeconds(-1) && !isDurationOrSeconds('soon'));
  });
});

describe('timing rule', () => {
  it('accepts good values and tags', () => {
    const text = `    - name: main
      timeout: "{{inputs.parameters.t}}"
      activeDeadlineSeconds: "{{workflow.parameters.d}}"
      retryStrategy:
        limit: "{{inputs.parameters.n}}"
        backoff: { duration: "5", factor: "2", maxDuration: 1h }
      container: { image: alpine }
    - name: wait
      suspend: { duration: "{{inputs.parameters.d}}" }
`;
    assert.deepEqual(lint(text, '  parallelism: 3\n  activeDeadlineSeconds: 60\n'), []);
  });

  it('reports bad limit, backoff, timeout, deadline and suspend duration', () => {
    const text = `    - name: main
      timeout: 10
      activeDeadlineSeconds: "soon"
      retryStrategy:
        limit: "two"
        backoff: { duration: "1 minute", factor: 0 }
      container: { image: alpine }
    - name: wait
      suspend: { duration: "tomorrow" }
`;
    assert.deepEqual(
      lint(text).map((p) => p.split(':')[0]),
      [
        '9 spec.templates[0].timeout',
        '10 spec.templates[0].activeDeadlineSeconds',
        '12 spec.templates[0].retryStrategy.limit',
        '13 spec.templates[0].retryStrategy.backoff.duration',
        '13 spec.templates[0].retryStrategy.backoff.factor',
        '16 spec.templates[1].suspend.duration',
      ],
    );
  });

  it('checks workflow-level retryStrategy and parallelism', () => {
    const problems = lint(
      '    - name: main\n      container: { image: alpine }\n',
      '  parallelism: "-2"\n  retryStrategy: { limit: -1 }\n',
    );
    assert.equal(problems.length, 2);
  });
});
