/**
 * Builds the SELECT behind `list` and the initial state of a watch, for every SQL store: kind,
 * namespace, label and field selectors and the page position all in SQL (`?` placeholders), in
 * (namespace, name) order.
 */

import type { FieldRequirement, LabelRequirement, Selection } from './selectors/index.js';

export interface ListQuery {
  sql: string;
  params: unknown[];
}

const FIELD_COLUMNS: Record<FieldRequirement['field'], string> = {
  'metadata.name': 'r.name',
  'metadata.namespace': 'r.namespace',
  'status.phase': 'r.phase',
};

/** The label table's key and value columns (`key` is reserved in MySQL). */
export interface LabelColumns {
  key: string;
  value: string;
}

function labelClause(req: LabelRequirement, params: unknown[], cols: LabelColumns): string {
  const has = (extra: string) =>
    `EXISTS (SELECT 1 FROM labels l WHERE l.uid = r.uid AND l.${cols.key} = ?${extra})`;
  params.push(req.key);
  const placeholders = req.values.map(() => '?').join(', ');
  params.push(...req.values);
  switch (req.operator) {
    case 'exists':
      return has('');
    case '!exists':
      return `NOT ${has('')}`;
    case 'in':
      return has(` AND l.${cols.value} IN (${placeholders})`);
    case 'notin':
      return `NOT ${has(` AND l.${cols.value} IN (${placeholders})`)}`;
  }
  return 'FALSE';
}

/** LIKE's wildcards escaped with `!`, an escape character all three SQL dialects accept as is. */
const likeText = (value: string) => value.replace(/[!%_]/g, (c) => `!${c}`);

function fieldClause(req: FieldRequirement, params: unknown[]): string {
  const column = FIELD_COLUMNS[req.field];
  if (req.operator === '=' || req.operator === '!=') {
    params.push(req.value);
    return `${column} ${req.operator === '=' ? '=' : '<>'} ?`;
  }
  // Names are DNS-1123 (lowercase; checked on create), so a value with an upper-case letter matches
  // nothing, as Argo's case-sensitive match says; SQLite's LIKE alone would ignore case.
  if (req.value !== req.value.toLowerCase()) return '1 = 0';
  params.push(req.operator === 'contains' ? `%${likeText(req.value)}%` : `${likeText(req.value)}%`);
  return `${column} LIKE ? ESCAPE '!'`;
}

export function buildListQuery(
  kind: string,
  namespace: string,
  selection: Selection,
  after: { namespace: string; name: string } | undefined,
  limit: number,
  labelColumns: LabelColumns = { key: 'key', value: 'value' },
): ListQuery {
  const where = ['r.kind = ?'];
  const params: unknown[] = [kind];
  if (namespace !== '') {
    where.push('r.namespace = ?');
    params.push(namespace);
  }
  for (const req of selection.labels) where.push(labelClause(req, params, labelColumns));
  for (const req of selection.fields) where.push(fieldClause(req, params));
  if (after) {
    where.push('(r.namespace, r.name) > (?, ?)');
    params.push(after.namespace, after.name);
  }
  let sql = `SELECT r.uid, r.kind, r.namespace, r.name, r.metadata, r.body, r.status FROM resources r WHERE ${where.join(' AND ')} ORDER BY r.namespace, r.name`;
  if (limit > 0) {
    sql += ' LIMIT ?';
    params.push(limit);
  }
  return { sql, params };
}
