// Child process for the kill -9 test: creates workflows and prints "ok <name>" after each create
// resolves (the moment an API client would be told "created"), until it is killed.
import { SqliteStore } from '../sqlite-store.js';

const [path = '', synchronous = 'FULL'] = process.argv.slice(2);
const store = await SqliteStore.open({ path, synchronous: synchronous === 'NORMAL' ? 'NORMAL' : 'FULL' });
for (let i = 0; ; i++) {
  const name = `w-${i}`;
  await store.create({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'argo' },
    spec: { entrypoint: 'main' },
    status: { nodes: { [name]: { id: name, phase: 'Running' } } },
  } as never);
  process.stdout.write(`ok ${name}\n`);
}
