/** The workflows list's pure logic: filters and applying watch events to the rows shown. */

import type { WatchEvent, Workflow } from '../api/types.ts';
import { isNotOlder } from './workflow-version.ts';

export interface ListFilter {
  phases: string[];
  /** `key=value` pairs, comma-separated, as a Kubernetes label selector (sent to the server). */
  labels: string;
  /** Substring of the name, case-insensitive (sent to the server as a Contains name filter). */
  search: string;
}

/**
 * What of a filter the server selects: one phase, and the name search as `metadata.name=` with
 * nameFilter Contains. Names are lowercase DNS labels, so the term is lowercased; a term no name
 * can hold (a comma, a space...) is left to the browser's filter, which then shows nothing.
 */
export function serverSelection(filter: ListFilter): { fieldSelector?: string; nameFilter?: 'Contains' } {
  const search = filter.search.trim().toLowerCase();
  const byName = /^[a-z0-9.-]+$/.test(search);
  const terms = [
    filter.phases.length === 1 ? `status.phase=${filter.phases[0]}` : '',
    byName ? `metadata.name=${search}` : '',
  ].filter((t) => t !== '');
  return {
    ...(terms.length > 0 ? { fieldSelector: terms.join(',') } : {}),
    ...(byName ? { nameFilter: 'Contains' as const } : {}),
  };
}

export function matchesFilter(wf: Workflow, filter: ListFilter): boolean {
  const phase = wf.status?.phase ?? 'Pending';
  if (filter.phases.length > 0 && !filter.phases.includes(phase)) return false;
  if (filter.search && !(wf.metadata.name ?? '').toLowerCase().includes(filter.search.toLowerCase()))
    return false;
  for (const term of parseLabelSelector(filter.labels)) {
    const value = wf.metadata.labels?.[term.key];
    if (term.op === '=' && value !== term.value) return false;
    if (term.op === '!=' && value === term.value) return false;
    if (term.op === 'exists' && value === undefined) return false;
  }
  return true;
}

export interface LabelTerm {
  key: string;
  op: '=' | '!=' | 'exists';
  value?: string;
}

/** Parses `a=b,c!=d,e` (the equality subset of Kubernetes selectors); blanks are ignored. */
export function parseLabelSelector(text: string): LabelTerm[] {
  const terms: LabelTerm[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (m) terms.push({ key: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]!.trim() });
    else terms.push({ key: part, op: 'exists' });
  }
  return terms;
}

const keyOf = (wf: Workflow) => `${wf.metadata.namespace ?? ''}/${wf.metadata.name ?? ''}`;

/** Newest first, as Argo lists them. */
export function compareCreatedDesc(a: Workflow, b: Workflow): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? 1 : -1;
}

/**
 * Applies a watch event to the rows: a change replaces its row (unless older), a deletion removes it, a new
 * workflow that matches the filter is added at the top (only on the first page: `acceptNew`).
 */
export function applyWatchEvent(
  rows: Workflow[],
  event: WatchEvent<Workflow>,
  filter: ListFilter,
  acceptNew: boolean,
): Workflow[] {
  const key = keyOf(event.object);
  const index = rows.findIndex((r) => keyOf(r) === key);
  if (event.type === 'DELETED') return index === -1 ? rows : rows.filter((_, i) => i !== index);
  const matches = matchesFilter(event.object, filter);
  if (index !== -1) {
    // A stream reconnected from the list's version may repeat changes older than the row.
    if (!isNotOlder(rows[index], event.object)) return rows;
    if (!matches) return rows.filter((_, i) => i !== index);
    const next = rows.slice();
    next[index] = event.object;
    return next;
  }
  if (!matches || !acceptNew) return rows;
  return [event.object, ...rows].sort(compareCreatedDesc);
}
