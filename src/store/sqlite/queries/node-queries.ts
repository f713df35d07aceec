/**
 * Rows of `workflow_nodes` (one per node of a Workflow, keyed by the workflow's uid) and of
 * `workflow_node_children` (a node's `children`, one row per child, appended to as the list grows;
 * migration 003 says why). Reads put each list back as its node's last key.
 */

import type { NodeMap } from '../../workflow-nodes.js';
import type { Statements } from './statements.js';

/** The nodes to write (by id, taken from the map) and the node ids to delete. */
export interface NodeWrites {
  upserts: readonly string[];
  deletes: readonly string[];
}

/** Workflows whose children lists are remembered (the ones being written to). */
const MAX_REMEMBERED = 256;

/** The children lists this store wrote for a workflow, valid while the workflow is at `rv`. */
interface Remembered {
  rv: number;
  lists: Map<string, string[]>;
}

export class NodeQueries {
  /** By workflow uid: lets an append write only the new rows, without reading the stored list back. */
  private readonly remembered = new Map<string, Remembered>();
  /** Workflows written in the transaction running now: forgotten if it rolls back. */
  private readonly touched = new Set<string>();

  constructor(private readonly sql: Statements) {}

  /** [node id, node JSON with its children], sorted by node id (as Argo's JSON sorts map keys). */
  all(workflowUid: string): Array<[string, string]> {
    const rows = this.sql
      .get<[string, string]>(
        'SELECT node_id, node FROM workflow_nodes WHERE workflow_uid = ? ORDER BY node_id',
      )
      .raw(true)
      .all(workflowUid);
    const children = new Map<string, string[]>();
    const childRows = this.sql
      .get<[string, string]>(
        'SELECT node_id, child_id FROM workflow_node_children WHERE workflow_uid = ? ORDER BY node_id, seq',
      )
      .raw(true)
      .all(workflowUid);
    for (const [nodeId, childId] of childRows) {
      const list = children.get(nodeId);
      if (list) list.push(childId);
      else children.set(nodeId, [childId]);
    }
    if (children.size === 0) return rows;
    return rows.map(([id, json]) => {
      const list = children.get(id);
      return list ? [id, withChildren(json, list)] : [id, json];
    });
  }

  /**
   * Writes the given nodes of `nodes` and deletes the others listed. `storedRv` is the workflow's
   * resourceVersion before this write, `rv` the one it gets: a remembered list is trusted only when
   * this store wrote the version that is stored.
   */
  apply(
    workflowUid: string,
    nodes: NodeMap,
    writes: NodeWrites,
    storedRv: number | undefined,
    rv: number,
  ): void {
    let memory = this.remembered.get(workflowUid);
    if (!memory || memory.rv !== storedRv) memory = { rv, lists: new Map() };
    this.remembered.delete(workflowUid);
    if (writes.upserts.length > 0) {
      const upsert = this.sql.get(
        'INSERT INTO workflow_nodes (workflow_uid, node_id, node) VALUES (?, ?, ?) ' +
          'ON CONFLICT (workflow_uid, node_id) DO UPDATE SET node = excluded.node',
      );
      for (const id of writes.upserts) {
        const node = nodes[id];
        const list = childrenOf(node);
        upsert.run(
          workflowUid,
          id,
          JSON.stringify(list ? { ...(node as object), children: undefined } : node),
        );
        this.writeChildren(workflowUid, id, list ?? [], memory.lists);
      }
    }
    if (writes.deletes.length > 0) {
      const del = this.sql.get('DELETE FROM workflow_nodes WHERE workflow_uid = ? AND node_id = ?');
      const delChildren = this.sql.get(
        'DELETE FROM workflow_node_children WHERE workflow_uid = ? AND node_id = ?',
      );
      for (const id of writes.deletes) {
        del.run(workflowUid, id);
        delChildren.run(workflowUid, id);
        memory.lists.delete(id);
      }
    }
    memory.rv = rv;
    this.remembered.set(workflowUid, memory);
    this.touched.add(workflowUid);
    if (this.remembered.size > MAX_REMEMBERED) {
      const oldest = this.remembered.keys().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
  }

  /** The write transaction committed: what it remembered holds. */
  committed(): void {
    this.touched.clear();
  }

  /** The write transaction rolled back: what it remembered never reached the database. */
  rolledBack(): void {
    for (const uid of this.touched) this.remembered.delete(uid);
    this.touched.clear();
  }

  /** A deleted workflow's rows go with it (ON DELETE CASCADE); so does what is remembered of it. */
  forget(workflowUid: string): void {
    this.remembered.delete(workflowUid);
  }

  /** Appends the new children of a node, or rewrites its rows when the list changed otherwise. */
  private writeChildren(
    workflowUid: string,
    id: string,
    list: readonly string[],
    lists: Map<string, string[]>,
  ): void {
    let stored = lists.get(id);
    if (stored === undefined) {
      stored = this.sql
        .get<string>(
          'SELECT child_id FROM workflow_node_children WHERE workflow_uid = ? AND node_id = ? ORDER BY seq',
        )
        .pluck(true)
        .all(workflowUid, id);
    }
    let prefix = stored.length <= list.length;
    for (let i = 0; prefix && i < stored.length; i++) prefix = stored[i] === list[i];
    if (!prefix) {
      this.sql
        .get('DELETE FROM workflow_node_children WHERE workflow_uid = ? AND node_id = ?')
        .run(workflowUid, id);
      stored = [];
    }
    if (stored.length < list.length) {
      const insert = this.sql.get(
        'INSERT INTO workflow_node_children (workflow_uid, node_id, seq, child_id) VALUES (?, ?, ?, ?)',
      );
      for (let i = stored.length; i < list.length; i++) {
        insert.run(workflowUid, id, i, list[i]);
        stored.push(list[i]!);
      }
    }
    lists.set(id, stored);
  }
}

/** A node's `children` when it is a non-empty list of strings (kept as rows); anything else stays in its JSON. */
function childrenOf(node: unknown): string[] | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const children = (node as { children?: unknown }).children;
  if (!Array.isArray(children) || children.length === 0) return undefined;
  if (!children.every((c) => typeof c === 'string')) return undefined;
  return children as string[];
}

/** Puts a node's children back into its JSON, as its last key. */
function withChildren(json: string, children: readonly string[]): string {
  const list = `"children":${JSON.stringify(children)}`;
  return json === '{}' ? `{${list}}` : `${json.slice(0, -1)},${list}}`;
}
