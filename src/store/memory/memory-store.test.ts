import { runStoreContract } from '../contract/store-contract.js';
import { MemoryStore } from './memory-store.js';

runStoreContract('MemoryStore', async ({ clock, eventRetention }) => {
  const store = new MemoryStore({ clock: clock.now, ...(eventRetention ? { eventRetention } : {}) });
  return { store, openPeer: async () => store, cleanup: () => store.close() };
});
