import type { SqlMigration } from '../sql/sql-migrations.js';

/**
 * The PostgreSQL schema, as numbered migrations. The same tables as SQLite's (after its migration 2):
 * resources as metadata/body/status, labels, workflow node rows, header-only watch events, log
 * lines, leases, and counters. Text that is sorted or compared (names, node ids, label keys) uses
 * the "C" collation, so order is by code point whatever the server's locale, as in SQLite and JS.
 */
export const PG_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'initial',
    statements: [
      `CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value BIGINT NOT NULL
      )`,
      `INSERT INTO counters (name, value) VALUES ('resource_version', 0), ('events_pruned_through', 0), ('log_seq', 0)`,
      `CREATE TABLE resources (
        uid              TEXT PRIMARY KEY,
        kind             TEXT COLLATE "C" NOT NULL,
        namespace        TEXT COLLATE "C" NOT NULL,
        name             TEXT COLLATE "C" NOT NULL,
        resource_version BIGINT NOT NULL,
        phase            TEXT COLLATE "C" NOT NULL DEFAULT '',
        metadata         TEXT NOT NULL,
        body             TEXT NOT NULL,
        status           TEXT,
        UNIQUE (kind, namespace, name)
      )`,
      `CREATE TABLE labels (
        uid         TEXT NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
        label_key   TEXT COLLATE "C" NOT NULL,
        label_value TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (uid, label_key)
      )`,
      'CREATE INDEX labels_by_key_value ON labels (label_key, label_value, uid)',
      `CREATE TABLE workflow_nodes (
        workflow_uid TEXT NOT NULL REFERENCES resources (uid) ON DELETE CASCADE,
        node_id      TEXT COLLATE "C" NOT NULL,
        node         TEXT NOT NULL,
        PRIMARY KEY (workflow_uid, node_id)
      )`,
      `CREATE TABLE events (
        resource_version BIGINT PRIMARY KEY,
        type             TEXT NOT NULL,
        kind             TEXT NOT NULL,
        namespace        TEXT NOT NULL,
        name             TEXT NOT NULL,
        uid              TEXT NOT NULL,
        tombstone        TEXT,
        created_at_ms    BIGINT NOT NULL
      )`,
      `CREATE TABLE logs (
        seq       BIGINT PRIMARY KEY,
        namespace TEXT NOT NULL,
        workflow  TEXT NOT NULL,
        pod_name  TEXT NOT NULL,
        container TEXT NOT NULL,
        stream    TEXT NOT NULL,
        time      TEXT NOT NULL,
        content   TEXT NOT NULL,
        partial   BOOLEAN NOT NULL
      )`,
      'CREATE INDEX logs_by_workflow ON logs (namespace, workflow, seq)',
      `CREATE TABLE leases (
        name          TEXT PRIMARY KEY,
        holder        TEXT NOT NULL,
        expires_at_ms BIGINT NOT NULL
      )`,
    ],
  },
];
