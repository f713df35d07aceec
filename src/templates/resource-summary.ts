/** The `Name: / Namespace: / Created:` block `argo template get` and friends print. */
import type { Resource } from '../store/index.js';

export function summaryLines(obj: Resource, extra: Array<[string, string]> = []): string {
  const rows: Array<[string, string]> = [
    ['Name:', obj.metadata.name ?? ''],
    ...(obj.metadata.namespace ? ([['Namespace:', obj.metadata.namespace]] as Array<[string, string]>) : []),
    ['Created:', String(obj.metadata.creationTimestamp ?? '')],
    ...extra,
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 1;
  return rows.map(([k, v]) => `${k.padEnd(width)}${v}\n`).join('');
}
