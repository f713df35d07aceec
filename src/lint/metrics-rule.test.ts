import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { metricsRule } from './metrics-rule.js';
import { lintYaml, workflow } from './test-support.js';

const lint = (text: string, spec = '') => lintYaml(workflow(text, spec), [metricsRule]);

describe('metrics rule', () => {
  it('accepts good metrics, with tags in labels and values', () => {
    const text = `    - name: main
      metrics:
        prometheus:
          - name: result_counter
            help: Results
            labels: [{ key: status, value: "{{status}}" }]
            when: "{{status}} == Failed"
            counter: { value: "1" }
          - name: took
            help: Duration
            gauge: { realtime: true, value: "{{duration}}" }
      container: { image: alpine }
`;
    assert.deepEqual(
      lint(
        text,
        '  metrics:\n    prometheus:\n      - { name: wf, help: h, histogram: { value: "{{workflow.duration}}", buckets: [1, 2] } }\n',
      ),
      [],
    );
  });

  it('reports bad names, missing help, bad buckets and label keys with their paths', () => {
    const text = `    - name: main
      metrics:
        prometheus:
          - name: bad-name
            help: h
            counter: { value: "1" }
          - name: nohelp
            counter: { value: "1" }
          - name: hist
            help: h
            histogram: { value: "1", buckets: [5, 1] }
          - name: lbl
            help: h
            labels: [{ key: "my-key", value: v }]
            gauge: { realtime: false, value: "x" }
      container: { image: alpine }
`;
    assert.deepEqual(
      lint(text).map((p) => p.split(':')[0]),
      [
        '11 spec.templates[0].metrics.prometheus[0].name',
        '14 spec.templates[0].metrics.prometheus[1].help',
        '18 spec.templates[0].metrics.prometheus[2].histogram.buckets[1]',
        '21 spec.templates[0].metrics.prometheus[3].labels[0].key',
        '22 spec.templates[0].metrics.prometheus[3].gauge.value',
      ],
    );
  });
});
