import type { SqlMigration } from '../sql/sql-migrations.js';

/**
 * The MySQL/MariaDB schema, as numbered migrations: the same tables as PostgreSQL's. Keys and
 * names are case-sensitive (`_bin` collations, ordered by code point as in SQLite and JS); names,
 * namespaces and uids are ASCII (Kubernetes names are), so the unique keys stay within InnoDB's
 * 3072-byte index limit; JSON is LONGTEXT.
 */
const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';
const ASCII = 'CHARACTER SET ascii COLLATE ascii_bin';

export const MYSQL_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'initial',
    statements: [
      `CREATE TABLE counters (
        name  VARCHAR(64) ${ASCII} PRIMARY KEY,
        value BIGINT NOT NULL
      ) ${TABLE}`,
      `INSERT INTO counters (name, value) VALUES ('resource_version', 0), ('events_pruned_through', 0), ('log_seq', 0)`,
      `CREATE TABLE resources (
        uid              VARCHAR(64) ${ASCII} PRIMARY KEY,
        kind             VARCHAR(100) NOT NULL,
        namespace        VARCHAR(253) ${ASCII} NOT NULL,
        name             VARCHAR(253) ${ASCII} NOT NULL,
        resource_version BIGINT NOT NULL,
        phase            VARCHAR(255) NOT NULL DEFAULT '',
        metadata         LONGTEXT NOT NULL,
        body             LONGTEXT NOT NULL,
        status           LONGTEXT NULL,
        UNIQUE KEY resources_by_key (kind, namespace, name)
      ) ${TABLE}`,
      `CREATE TABLE labels (
        uid         VARCHAR(64) ${ASCII} NOT NULL,
        label_key   VARCHAR(317) ${ASCII} NOT NULL,
        label_value VARCHAR(63) ${ASCII} NOT NULL,
        PRIMARY KEY (uid, label_key),
        KEY labels_by_key_value (label_key, label_value, uid),
        FOREIGN KEY (uid) REFERENCES resources (uid) ON DELETE CASCADE
      ) ${TABLE}`,
      `CREATE TABLE workflow_nodes (
        workflow_uid VARCHAR(64) ${ASCII} NOT NULL,
        node_id      VARCHAR(700) NOT NULL,
        node         LONGTEXT NOT NULL,
        PRIMARY KEY (workflow_uid, node_id),
        FOREIGN KEY (workflow_uid) REFERENCES resources (uid) ON DELETE CASCADE
      ) ${TABLE}`,
      `CREATE TABLE events (
        resource_version BIGINT PRIMARY KEY,
        type             VARCHAR(16) NOT NULL,
        kind             VARCHAR(100) NOT NULL,
        namespace        VARCHAR(253) ${ASCII} NOT NULL,
        name             VARCHAR(253) ${ASCII} NOT NULL,
        uid              VARCHAR(64) ${ASCII} NOT NULL,
        tombstone        LONGTEXT NULL,
        created_at_ms    BIGINT NOT NULL
      ) ${TABLE}`,
      `CREATE TABLE logs (
        seq       BIGINT PRIMARY KEY,
        namespace VARCHAR(253) NOT NULL,
        workflow  VARCHAR(253) NOT NULL,
        pod_name  VARCHAR(253) NOT NULL,
        container VARCHAR(253) NOT NULL,
        stream    VARCHAR(8) NOT NULL,
        time      VARCHAR(40) NOT NULL,
        content   LONGTEXT NOT NULL,
        partial   TINYINT(1) NOT NULL,
        KEY logs_by_workflow (namespace, workflow, seq)
      ) ${TABLE}`,
      `CREATE TABLE leases (
        name          VARCHAR(512) PRIMARY KEY,
        holder        VARCHAR(512) NOT NULL,
        expires_at_ms BIGINT NOT NULL
      ) ${TABLE}`,
    ],
  },
];
