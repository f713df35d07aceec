// Several processes (here: threads, each with its own connection) opening one new database file at
// once. SQLite answered one of them SQLITE_BUSY at once while both turned the file to WAL, and
// `argosy submit` failed with "database is locked" when two ran on a fresh home (CI).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { retryWhileBusy } from './database.js';

const OPENERS = 4;
const ROUNDS = 25;

/** Each thread waits at the barrier, then opens round r's file: all at the same moment. */
const opener = `
const { workerData, parentPort } = require('node:worker_threads');
const { openDatabase } = require(workerData.module);
const barrier = new Int32Array(workerData.barrier);
const failures = [];
for (let r = 0; r < workerData.rounds; r++) {
  Atomics.add(barrier, 0, 1);
  while (Atomics.load(barrier, 0) < (r + 1) * workerData.openers) {}
  try { openDatabase(workerData.dir + '/' + r + '.db').close(); }
  catch (e) { failures.push(e.code + ': ' + e.message); }
}
parentPort.postMessage(failures);
`;

test('threads opening one new database at once all succeed (WAL switch retried while busy)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-open-race-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const barrier = new SharedArrayBuffer(4);
  // The compiled module: workers do not get the test runner's TypeScript loader.
  const module = new URL('../../../dist/store/sqlite/database.js', import.meta.url).pathname;
  assert.ok(existsSync(module), `${module} is missing: run \`npm run build\` first (npm test does)`);
  const failures = await Promise.all(
    Array.from(
      { length: OPENERS },
      () =>
        new Promise<string[]>((resolve, reject) => {
          const w = new Worker(opener, {
            eval: true,
            workerData: { module, barrier, dir, rounds: ROUNDS, openers: OPENERS },
          });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  assert.deepEqual(failures.flat(), []);
});

test('retryWhileBusy retries SQLITE_BUSY only, and gives up after the timeout', () => {
  let calls = 0;
  const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  assert.equal(
    retryWhileBusy(() => {
      calls += 1;
      if (calls < 3) throw busy;
      return 'wal';
    }, 1000),
    'wal',
  );
  assert.equal(calls, 3);
  const other = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
  calls = 0;
  assert.throws(
    () =>
      retryWhileBusy(() => {
        calls += 1;
        throw other;
      }, 1000),
    /disk I\/O/,
  );
  assert.equal(calls, 1);
  let clock = 0;
  assert.throws(
    () =>
      retryWhileBusy(
        () => {
          clock += 40;
          throw busy;
        },
        100,
        () => clock,
      ),
    /database is locked/,
  );
});
