// A second process on a shared database: opens the store (database clock), prints "ready", waits
// for "go" on stdin, tries the lease once, prints the result as JSON, then holds until killed or
// told "close".
import { createInterface } from 'node:readline';
import { openStore } from '../../open-store.js';

const [url, name, holder, ttl] = process.argv.slice(2);
const store = await openStore(url ?? '');
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'go') {
    const acquired = await store.tryAcquireLease(name ?? '', holder ?? '', Number(ttl));
    process.stdout.write(`${JSON.stringify({ holder, acquired })}\n`);
  } else if (line === 'close') break;
}
await store.close();
