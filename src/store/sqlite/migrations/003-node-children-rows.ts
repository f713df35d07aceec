import type { Migration } from './index.js';

/**
 * A node's `children` list as rows, appended to, instead of inside the node's JSON: a DAG task that
 * N tasks depend on has N children, and rewriting that list with every status write (each adds one
 * child) made a wide DAG cost O(N²) bytes of writes (10,000 tasks: ~250 KB per write).
 * Existing lists move out of the node JSON; reads put them back as the node's last key. (A
 * `children` that is not a non-empty list of strings stays in the JSON, as the store writes it.)
 */
export const nodeChildrenRows: Migration = {
  version: 3,
  name: 'node-children-rows',
  sql: `
CREATE TABLE workflow_node_children (
  workflow_uid TEXT NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
  node_id      TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  child_id     TEXT NOT NULL,
  PRIMARY KEY (workflow_uid, node_id, seq)
) WITHOUT ROWID;
INSERT INTO workflow_node_children (workflow_uid, node_id, seq, child_id)
  SELECT n.workflow_uid, n.node_id, c.key, c.value
  FROM workflow_nodes n, json_each(n.node, '$.children') c
  WHERE json_type(n.node, '$.children') = 'array' AND json_array_length(n.node, '$.children') > 0
    AND NOT EXISTS (SELECT 1 FROM json_each(n.node, '$.children') WHERE type <> 'text');
UPDATE workflow_nodes SET node = json_remove(node, '$.children')
  WHERE json_type(node, '$.children') = 'array' AND json_array_length(node, '$.children') > 0
    AND NOT EXISTS (SELECT 1 FROM json_each(node, '$.children') WHERE type <> 'text');
`,
};
