/**
 * Kubernetes field selectors over the fields the store indexes: metadata.name, metadata.namespace
 * and status.phase, with `=`, `==` and `!=`, comma-joined.
 */

import { ValidationError } from '../../errors/index.js';

export const SELECTABLE_FIELDS = ['metadata.name', 'metadata.namespace', 'status.phase'] as const;
export type SelectableField = (typeof SELECTABLE_FIELDS)[number];

export interface FieldRequirement {
  field: SelectableField;
  /** `contains` and `prefix` come only from a name filter (Argo's `nameFilter`), never from selector text. */
  operator: '=' | '!=' | 'contains' | 'prefix';
  value: string;
}

/** How a `metadata.name=` requirement matches, as Argo's `nameFilter`: Exact (default), Contains, Prefix. */
export type NameFilter = 'Exact' | 'Contains' | 'Prefix';
export const NAME_FILTERS: readonly NameFilter[] = ['Exact', 'Contains', 'Prefix'];

/** Turns the `metadata.name=` requirements into Contains/Prefix matches. */
export function applyNameFilter(
  requirements: FieldRequirement[],
  filter: NameFilter | undefined,
): FieldRequirement[] {
  if (filter === undefined || filter === 'Exact') return requirements;
  const operator = filter === 'Contains' ? 'contains' : 'prefix';
  return requirements.map((r) =>
    r.field === 'metadata.name' && r.operator === '=' ? { ...r, operator } : r,
  );
}

function isSelectable(field: string): field is SelectableField {
  return (SELECTABLE_FIELDS as readonly string[]).includes(field);
}

export function parseFieldSelector(source: string | undefined): FieldRequirement[] {
  if (source === undefined || source.trim() === '') return [];
  return source.split(',').map((part) => {
    const m = /^\s*([A-Za-z0-9_.]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw new ValidationError('fieldSelector', `invalid field selector "${part}"`);
    const [, field = '', op, value = ''] = m;
    if (!isSelectable(field)) {
      throw new ValidationError(
        'fieldSelector',
        `field label not supported: ${field} (supported: ${SELECTABLE_FIELDS.join(', ')})`,
      );
    }
    return { field, operator: op === '!=' ? '!=' : '=', value };
  });
}

/** The value of a selectable field of an object ('' when absent). */
export function fieldValue(
  obj: { metadata: { name?: string; namespace?: string } },
  field: SelectableField,
): string {
  switch (field) {
    case 'metadata.name':
      return obj.metadata.name ?? '';
    case 'metadata.namespace':
      return obj.metadata.namespace ?? '';
    case 'status.phase': {
      const status = (obj as { status?: { phase?: unknown } }).status;
      return typeof status?.phase === 'string' ? status.phase : '';
    }
  }
  return '';
}

export function matchesFields(
  requirements: FieldRequirement[],
  obj: { metadata: { name?: string; namespace?: string } },
): boolean {
  return requirements.every((req) => {
    const value = fieldValue(obj, req.field);
    switch (req.operator) {
      case 'contains':
        return value.includes(req.value);
      case 'prefix':
        return value.startsWith(req.value);
      default:
        return (value === req.value) === (req.operator === '=');
    }
  });
}
