/**
 * A Workflow's `status.nodes` is kept as rows (node id -> JSON), not inside the stored object
 * (decision 5), so an update writes only the nodes that changed. These functions split the nodes
 * off an object, work out which rows to write, and put the nodes back on read.
 */

import { isPlainObject } from './json.js';
import { WORKFLOW_KIND } from './kinds.js';
import type { StoredObject } from './resource-meta.js';
import type { Resource } from './store.js';

export type NodeMap = Record<string, unknown>;

/** Rows to write: upserts as [node id, JSON], deletes as node ids. */
export interface NodeChanges {
  upserts: Array<[string, string]>;
  deletes: string[];
}

/**
 * Separates `status.nodes` from a Workflow without touching the caller's object: `rest` shares
 * everything but a fresh `status`; `nodes` is the caller's map. Undefined nodes (not a Workflow, or
 * no `status.nodes`) mean "keep the stored nodes" on update.
 */
export function splitNodes<T extends Resource>(obj: T): { rest: T; nodes: NodeMap | undefined } {
  const status = (obj as { status?: unknown }).status;
  if (obj.kind !== WORKFLOW_KIND || !isPlainObject(status) || !('nodes' in status))
    return { rest: obj, nodes: undefined };
  const { nodes, ...restStatus } = status;
  return { rest: { ...obj, status: restStatus }, nodes: isPlainObject(nodes) ? nodes : undefined };
}

/** Every node of a new Workflow as rows. */
export function allNodeRows(nodes: NodeMap | undefined): NodeChanges {
  const upserts: Array<[string, string]> = [];
  for (const [id, node] of Object.entries(nodes ?? {})) upserts.push([id, JSON.stringify(node)]);
  return { upserts, deletes: [] };
}

/** Compares every node with its stored JSON: O(all nodes). */
export function diffNodes(nodes: NodeMap, stored: ReadonlyMap<string, string>): NodeChanges {
  const upserts: Array<[string, string]> = [];
  for (const [id, node] of Object.entries(nodes)) {
    const json = JSON.stringify(node);
    if (stored.get(id) !== json) upserts.push([id, json]);
  }
  const deletes: string[] = [];
  for (const id of stored.keys()) if (!Object.hasOwn(nodes, id)) deletes.push(id);
  return { upserts, deletes };
}

/** Trusts the caller's list of changed node ids: O(changed nodes). */
export function hintedNodeChanges(nodes: NodeMap, changedIds: Iterable<string>): NodeChanges {
  const upserts: Array<[string, string]> = [];
  const deletes: string[] = [];
  for (const id of new Set(changedIds)) {
    if (Object.hasOwn(nodes, id)) upserts.push([id, JSON.stringify(nodes[id])]);
    else deletes.push(id);
  }
  return { upserts, deletes };
}

/** The node ids a caller says changed, as ids to write and ids to delete (no JSON made). */
export function hintedNodeIds(
  nodes: NodeMap,
  changedIds: Iterable<string>,
): { upserts: string[]; deletes: string[] } {
  const upserts: string[] = [];
  const deletes: string[] = [];
  for (const id of new Set(changedIds)) (Object.hasOwn(nodes, id) ? upserts : deletes).push(id);
  return { upserts, deletes };
}

/** Builds the nodes map from rows sorted by node id, parsing once rather than per node. */
export function nodesFromRows(rows: Iterable<readonly [string, string]>): NodeMap | undefined {
  const parts: string[] = [];
  for (const [id, json] of rows) parts.push(`${JSON.stringify(id)}:${json}`);
  return parts.length === 0 ? undefined : (JSON.parse(`{${parts.join(',')}}`) as NodeMap);
}

/** Puts assembled nodes back under `status.nodes`. */
export function attachNodes(obj: StoredObject, nodes: NodeMap | undefined): StoredObject {
  if (nodes === undefined) return obj;
  const status = isPlainObject(obj.status) ? obj.status : {};
  status.nodes = nodes;
  obj.status = status;
  return obj;
}
