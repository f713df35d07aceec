import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ValidationError } from '../errors/index.js';
import { loadControllerConfig, parseControllerConfig } from './load-config.js';

const home = mkdtempSync(join(tmpdir(), 'argosy-config-'));
after(() => rmSync(home, { recursive: true, force: true }));

function problem(text: string): ValidationError {
  try {
    parseControllerConfig(text, 'config.yaml');
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return err;
  }
  return assert.fail('accepted a bad configuration');
}

describe('controller configuration', () => {
  it('no file: defaults (local repository, no limits); a missing --config file is an error', () => {
    assert.deepEqual(loadControllerConfig(home), { source: '' });
    assert.throws(
      () => loadControllerConfig(home, join(home, 'nope.yaml')),
      /cannot read the configuration file .*no such file/,
    );
  });

  it('reads $ARGOSY_HOME/config.yaml with Argo keys', () => {
    writeFileSync(
      join(home, 'config.yaml'),
      `
parallelism: 3
namespaceParallelism: 2
artifactRepository:
  archiveLogs: true
  s3:
    bucket: my-bucket
    endpoint: 127.0.0.1:9000
    insecure: true
    keyFormat: "{{workflow.name}}/{{pod.name}}"
    accessKeySecret: {name: my-s3-credentials, key: accessKey}
    secretKeySecret: {name: my-s3-credentials, key: secretKey}
workflowDefaults:
  metadata:
    labels: {team: data}
  spec:
    ttlStrategy: {secondsAfterCompletion: 60}
    parallelism: 5
metricsConfig: {enabled: true}
`,
    );
    const config = loadControllerConfig(home);
    assert.equal(config.parallelism, 3);
    assert.equal(config.namespaceParallelism, 2);
    assert.equal(config.artifactRepository?.s3?.bucket, 'my-bucket');
    assert.equal(config.artifactRepository?.archiveLogs, true);
    assert.equal(config.workflowDefaults?.spec?.parallelism, 5);
    assert.equal(config.source, join(home, 'config.yaml'));
  });

  it("accepts Argo's workflow-controller-configmap as it is (data values are YAML text)", () => {
    const config = parseControllerConfig(
      `
apiVersion: v1
kind: ConfigMap
metadata: {name: workflow-controller-configmap}
data:
  parallelism: "10"
  artifactRepository: |
    s3:
      bucket: b
      endpoint: minio:9000
`,
      'cm.yaml',
    );
    assert.equal(config.parallelism, 10);
    assert.equal(config.artifactRepository?.s3?.endpoint, 'minio:9000');
  });

  it('names the key and the reason for each mistake', () => {
    assert.match(problem('paralelism: 3').message, /paralelism: unknown key/);
    assert.match(problem('parallelism: -1').message, /parallelism: must be a whole number >= 0/);
    assert.match(
      problem('artifactRepository: {s3: {endpoint: x}}').message,
      /artifactRepository\.s3\.bucket: is required/,
    );
    assert.match(
      problem('artifactRepository: {s3: {bucket: b, acessKeySecret: {name: a, key: b}}}').message,
      /s3\.acessKeySecret: unknown field/,
    );
    assert.match(problem('artifactRepository: {s3: {bucket: b}, local: {}}').message, /names 2 repositories/);
    assert.match(
      problem('artifactRepository: {gcs: {bucket: b}}').message,
      /gcs repositories are not supported/,
    );
    assert.match(
      problem('artifactRepository: {s3: {bucket: b, accessKeySecret: {name: a, key: b}}}').message,
      /given together/,
    );
    assert.match(
      problem('workflowDefaults: {spec: {parallelism: many}}').message,
      /workflowDefaults\.spec\.parallelism/,
    );
    assert.match(problem('a: [').message, /not valid YAML/);
    assert.equal(problem('paralelism: 3').document?.file, 'config.yaml');
    assert.equal(problem('paralelism: 3').path, 'paralelism');
  });
});
