import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '../contract/store-contract.js';
import { SqliteStore } from './sqlite-store.js';

runStoreContract('SqliteStore', async ({ clock, eventRetention }) => {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-store-'));
  const path = join(dir, 'home', 'argosy.db');
  const options = {
    path,
    clock: clock.now,
    synchronous: 'NORMAL' as const,
    ...(eventRetention ? { eventRetention } : {}),
  };
  const store = await SqliteStore.open(options);
  return {
    store,
    openPeer: () => SqliteStore.open(options),
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
