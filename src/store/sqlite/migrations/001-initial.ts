import type { Migration } from './index.js';

/**
 * Resources (one row per object, a Workflow's nodes apart), their labels for selection in SQL,
 * workflow node rows, the watch event log, log lines, and leases.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('resource_version', 0), ('events_pruned_through', 0);

CREATE TABLE resources (
  uid              TEXT PRIMARY KEY,
  kind             TEXT NOT NULL,
  namespace        TEXT NOT NULL,
  name             TEXT NOT NULL,
  resource_version INTEGER NOT NULL,
  phase            TEXT NOT NULL DEFAULT '',
  object           TEXT NOT NULL,
  UNIQUE (kind, namespace, name)
);

CREATE TABLE labels (
  uid   TEXT NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
  key   TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (uid, key)
) WITHOUT ROWID;
CREATE INDEX labels_by_key_value ON labels (key, value, uid);

CREATE TABLE workflow_nodes (
  workflow_uid TEXT NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
  node_id      TEXT NOT NULL,
  node         TEXT NOT NULL,
  PRIMARY KEY (workflow_uid, node_id)
) WITHOUT ROWID;

CREATE TABLE events (
  resource_version INTEGER PRIMARY KEY,
  type             TEXT NOT NULL,
  kind             TEXT NOT NULL,
  namespace        TEXT NOT NULL,
  name             TEXT NOT NULL,
  uid              TEXT NOT NULL,
  object           TEXT NOT NULL,
  created_at_ms    INTEGER NOT NULL
);

CREATE TABLE logs (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  namespace  TEXT NOT NULL,
  workflow   TEXT NOT NULL,
  pod_name   TEXT NOT NULL,
  container  TEXT NOT NULL,
  stream     TEXT NOT NULL,
  time       TEXT NOT NULL,
  content    TEXT NOT NULL,
  partial    INTEGER NOT NULL
);
CREATE INDEX logs_by_workflow ON logs (namespace, workflow, seq);

CREATE TABLE leases (
  name          TEXT PRIMARY KEY,
  holder        TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
);
`,
};
