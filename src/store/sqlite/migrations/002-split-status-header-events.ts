import type { Migration } from './index.js';

/**
 * A status write costs O(changed nodes + status), not O(whole object): the object is kept as
 * `metadata`, `body` (everything but metadata and status: spec...) and `status` (without nodes),
 * so a write whose spec did not change leaves `body` alone; and watch events keep only their
 * header (the object is read from the current rows when delivered), except a DELETED event, which
 * keeps the last object as its tombstone. Existing rows are converted in place.
 */
export const splitStatusHeaderEvents: Migration = {
  version: 2,
  name: 'split-status-header-events',
  sql: `
ALTER TABLE resources ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
ALTER TABLE resources ADD COLUMN body TEXT NOT NULL DEFAULT '{}';
ALTER TABLE resources ADD COLUMN status TEXT;
UPDATE resources SET
  metadata = object -> '$.metadata',
  body = json_remove(object, '$.metadata', '$.status'),
  status = object -> '$.status';
ALTER TABLE resources DROP COLUMN object;

CREATE TABLE events_v2 (
  resource_version INTEGER PRIMARY KEY,
  type             TEXT NOT NULL,
  kind             TEXT NOT NULL,
  namespace        TEXT NOT NULL,
  name             TEXT NOT NULL,
  uid              TEXT NOT NULL,
  tombstone        TEXT,
  created_at_ms    INTEGER NOT NULL
);
INSERT INTO events_v2 (resource_version, type, kind, namespace, name, uid, tombstone, created_at_ms)
  SELECT resource_version, type, kind, namespace, name, uid,
         CASE WHEN type = 'DELETED' THEN object END, created_at_ms
  FROM events;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
`,
};
