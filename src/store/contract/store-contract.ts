/**
 * The behaviour every Store must have, as one suite: call `runStoreContract` with a factory from
 * an implementation's test file (memory, sqlite, later postgres and mysql).
 */

import { describe } from 'node:test';
import { crudContract } from './crud-contract.js';
import { finalizersContract } from './finalizers-contract.js';
import type { StoreFactory } from './harness.js';
import { listContract } from './list-contract.js';
import { logsLeasesContract } from './logs-leases-contract.js';
import { nodesContract } from './nodes-contract.js';
import { watchContract } from './watch-contract.js';

export { FakeClock, type HarnessOptions, type StoreFactory, type StoreHarness } from './harness.js';

export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name} (Store contract)`, () => {
    crudContract(factory);
    finalizersContract(factory);
    listContract(factory);
    watchContract(factory);
    nodesContract(factory);
    logsLeasesContract(factory);
  });
}
