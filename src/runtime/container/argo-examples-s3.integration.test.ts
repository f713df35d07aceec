/**
 * Argo's examples that name their own S3 server (output-artifact-s3, input-artifact-s3,
 * data-transformations, work-avoidance...), on the container runtime against an S3 server on
 * loopback (s3rver): every s3 location naming a bucket or endpoint is pointed at it (bucket, key and
 * region kept), the buckets they name exist, the Secrets they name hold its credentials, and the
 * default repository (key-only artifacts) is its bucket `my-bucket`. Each must end in the phase Argo
 * gives it with a working S3, and what the examples write must be on the server afterwards.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3_ACCESS_KEY, S3_SECRET_KEY, startS3Server } from '../../artifacts/testing/servers.js';
import { classifyForContainers } from '../../controller/conformance/classify-example.js';
import { EXPECTED_PHASE, NOT_RUN } from '../../controller/conformance/expected-phases.js';
import {
  bucketsOf,
  localS3Repository,
  namesS3Server,
  pointS3At,
  s3SecretsOf,
} from '../../controller/conformance/local-s3.js';
import { collectExamples, type Example, runExamples } from '../../controller/conformance/run-examples.js';
import type { Secret } from '../../spec/types.js';
import type { Resource } from '../../store/index.js';
import { ARGO_EXAMPLES_DIR, skipUnless } from '../../testing/shared-dir.js';
import { ContainerRuntime } from './container-runtime.js';
import type { Engine } from './engine-client.js';
import { leftovers, testEngine } from './test-engine.js';

const TIMEOUT_MS = 120_000;
/** The default repository's bucket: data-transformations lists it and reads its key-only artifacts there. */
const DEFAULT_BUCKET = 'my-bucket';
/** Credentials for locations that name no Secret (a bucket-only data source, the default repository). */
const LOCAL_SECRET = 'my-s3-credentials';

/** What the examples expect to find on their server (bucket -> key -> content). */
const INPUTS: Record<string, Record<string, string>> = {
  'my-bucket-name': { 'path/in/bucket': 'an input artifact from the loopback S3 server\n' },
  [DEFAULT_BUCKET]: {
    'logs/api/main.log': 'api started\napi stopped\n',
    'logs/worker/main.log': 'worker started\n',
    'logs/worker/debug.log': 'not a main log: filtered out\n',
  },
};

/** The keys data-transformations lists in the default bucket and keeps (ending in main.log), sorted. */
const MAIN_LOGS = ['logs/api/main.log', 'logs/worker/main.log'];

/** What the examples must have written (example -> bucket/key), whatever their phase. */
const OUTPUTS: Record<string, string[]> = {
  'output-artifact-s3.yaml': ['my-bucket/path/in/bucket/hello_world.txt.tgz'],
  'work-avoidance.yaml': ['my-bucket/work-avoidance-markers'], // saved by its exit handler
};

const engineOrReason = await testEngine();
const skip = skipUnless(ARGO_EXAMPLES_DIR) || (typeof engineOrReason === 'string' ? engineOrReason : false);

describe('Argo examples naming their own S3 server, on a loopback one', { skip }, () => {
  it('end in the phase Argo gives them', { timeout: 600_000 }, async () => {
    const engine = engineOrReason as Engine;
    const images = new Set((await engine.docker.listImages()).flatMap((i) => i.RepoTags ?? []));
    const s3 = await startS3Server(DEFAULT_BUCKET);
    const client = new S3Client({
      endpoint: `http://${s3.endpoint}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY },
    });
    const local = { endpoint: s3.endpoint, secret: LOCAL_SECRET };
    const runtimes: ContainerRuntime[] = [];
    let scope = '';
    try {
      const skipped: Array<{ id: string; reason: string }> = [];
      const runnable: Example[] = [];
      for (const e of await collectExamples(ARGO_EXAMPLES_DIR)) {
        if (!namesS3Server(e.workflow)) continue;
        const workflow = pointS3At(e.workflow, local);
        const resolved =
          e.classification.runnable || !/cannot resolve|not found/.test(e.classification.reason);
        const c = resolved ? classifyForContainers(workflow, images) : e.classification;
        const reason = c.runnable ? NOT_RUN[e.id] : c.reason;
        if (reason === undefined) runnable.push({ ...e, workflow });
        else skipped.push({ id: e.id, reason });
      }
      const only = process.env.ARGO_EXAMPLES_ONLY?.split(',');
      const toRun = only ? runnable.filter((e) => only.includes(e.id)) : runnable;
      const workflows = toRun.map((e) => e.workflow);
      for (const bucket of new Set([...bucketsOf(workflows), ...Object.keys(INPUTS)])) {
        if (bucket !== DEFAULT_BUCKET) await client.send(new CreateBucketCommand({ Bucket: bucket }));
      }
      for (const [bucket, objects] of Object.entries(INPUTS)) {
        for (const [key, body] of Object.entries(objects)) {
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        }
      }
      const secrets = {
        ...s3SecretsOf(workflows, S3_ACCESS_KEY, S3_SECRET_KEY),
        [LOCAL_SECRET]: { accessKey: S3_ACCESS_KEY, secretKey: S3_SECRET_KEY },
      };
      const started = Date.now();
      const outcomes = await runExamples(toRun, {
        concurrency: 4,
        timeoutMs: TIMEOUT_MS,
        artifactRepository: localS3Repository(local, DEFAULT_BUCKET),
        seed: async (store) => {
          for (const [name, data] of Object.entries(secrets)) {
            const secret: Secret = {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name, namespace: 'default' },
              data: Object.fromEntries(
                Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
              ),
            };
            await store.create(secret as Secret & Resource);
          }
        },
        runtime: async (home, artifacts) => {
          scope = home;
          const runtime = new ContainerRuntime({
            scope: home,
            stagingDir: join(home, 'pods'),
            engine,
            killGraceMs: 500,
            artifacts,
          });
          await runtime.prepare();
          runtimes.push(runtime);
          return runtime;
        },
      });
      const failures: string[] = [];
      let passed = 0;
      for (const o of outcomes) {
        const want: string[] = [EXPECTED_PHASE[o.id]?.phase ?? 'Succeeded'].flat();
        const missing: string[] = [];
        for (const object of OUTPUTS[o.id] ?? []) {
          const [bucket = '', ...key] = object.split('/');
          const found = await client
            .send(new HeadObjectCommand({ Bucket: bucket, Key: key.join('/') }))
            .then(() => true)
            .catch(() => false);
          if (!found) missing.push(`s3://${object} (not written)`);
        }
        if (o.id === 'data-transformations.yaml') {
          // One process-logs step per listed main.log, each given it as a key-only artifact.
          const files = Object.values(o.final?.status?.nodes ?? {})
            .filter((n) => n.templateName === 'process-logs' && n.type === 'Pod')
            .map((n) => n.inputs?.parameters?.find((p) => p.name === 'file-name')?.value ?? '')
            .sort();
          if (JSON.stringify(files) !== JSON.stringify(MAIN_LOGS))
            missing.push(`process-logs for ${MAIN_LOGS.join(', ')} (ran for: ${files.join(', ') || 'none'})`);
        }
        if (want.includes(o.phase) && missing.length === 0) {
          passed++;
          continue;
        }
        failures.push(
          [
            `FAIL ${o.id}: ${o.phase}, want ${want.join(' or ')} (${o.ms} ms) ${o.message}`,
            ...missing.map((m) => `    missing: ${m}`),
            ...o.nodes.map((n) => `    ${n}`),
          ].join('\n'),
        );
      }
      const listed = await client.send(new ListObjectsV2Command({ Bucket: DEFAULT_BUCKET }));
      const lines = [
        `argo examples on a loopback S3 server: ${toRun.length} runnable, ${passed} passed, ${failures.length} failed; ${skipped.length} skipped (${((Date.now() - started) / 1000).toFixed(0)} s)`,
        ...outcomes.map((o) => `  ran ${o.id}: ${o.phase} in ${o.ms} ms`),
        ...skipped.map((s) => `  skip ${s.id}: ${s.reason}`),
        `  s3://${DEFAULT_BUCKET} holds: ${(listed.Contents ?? []).map((c) => c.Key).join(', ')}`,
        ...failures,
      ];
      console.log(lines.join('\n'));
      assert.ok(toRun.length > 0 || only, 'some example names its own S3 server');
      assert.deepEqual(failures, []);
      const left = scope ? await leftovers(engine, scope, { volumes: false }) : 0;
      if (outcomes.every((o) => o.phase !== 'Timeout')) assert.equal(left, 0, 'containers left behind');
    } finally {
      for (const r of runtimes) await r.removeAll();
      client.destroy();
      await s3.close();
    }
  });
});
