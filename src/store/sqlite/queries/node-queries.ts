/** Rows of `workflow_nodes`: one per node of a Workflow, keyed by the workflow's uid. */

import type { NodeChanges } from '../../workflow-nodes.js';
import type { Statements } from './statements.js';

export class NodeQueries {
  constructor(private readonly sql: Statements) {}

  /** [node id, node JSON], sorted by node id (as Argo's JSON sorts map keys). */
  all(workflowUid: string): Array<[string, string]> {
    return this.sql
      .get<[string, string]>(
        'SELECT node_id, node FROM workflow_nodes WHERE workflow_uid = ? ORDER BY node_id',
      )
      .raw(true)
      .all(workflowUid);
  }

  apply(workflowUid: string, changes: NodeChanges): void {
    if (changes.upserts.length > 0) {
      const upsert = this.sql.get(
        'INSERT INTO workflow_nodes (workflow_uid, node_id, node) VALUES (?, ?, ?) ' +
          'ON CONFLICT (workflow_uid, node_id) DO UPDATE SET node = excluded.node',
      );
      for (const [id, json] of changes.upserts) upsert.run(workflowUid, id, json);
    }
    if (changes.deletes.length > 0) {
      const del = this.sql.get('DELETE FROM workflow_nodes WHERE workflow_uid = ? AND node_id = ?');
      for (const id of changes.deletes) del.run(workflowUid, id);
    }
  }
}
