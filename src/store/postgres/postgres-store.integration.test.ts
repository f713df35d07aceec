// The Store contract against a real PostgreSQL, in a database of its own (skipped, saying why, when none answers).
import { test } from 'node:test';
import { runStoreContract } from '../contract/store-contract.js';
import { openStore } from '../open-store.js';
import { createPostgresDatabase, probePostgres } from '../sql/test-databases.js';

const probe = await probePostgres();
if (!probe.available) {
  test('PostgreSQL store contract', { skip: probe.reason }, () => {});
} else {
  runStoreContract('PostgreSQL store', async ({ clock, eventRetention }) => {
    const db = await createPostgresDatabase();
    const options = { clock: clock.now, pollMs: 20, ...(eventRetention ? { eventRetention } : {}) };
    const store = await openStore(db.url, options);
    return {
      store,
      openPeer: () => openStore(db.url, options),
      cleanup: async () => {
        await store.close();
        await db.drop();
      },
    };
  });
}
