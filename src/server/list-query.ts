/** Argo's query parameters (`listOptions.labelSelector`, `getOptions.resourceVersion`...) as store options. */
import { ValidationError } from '../errors/index.js';
import { NAME_FILTERS, type NameFilter, parseFieldSelector, parseLabelSelector } from '../store/index.js';

export type Query = Record<string, string | string[] | undefined>;

/** One value of a query parameter (the last when repeated). */
export function param(query: Query, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function boolParam(query: Query, name: string): boolean {
  const v = param(query, name);
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true' || v === '1') return true;
  throw new ValidationError(name, `"${v}" is not a boolean (true or false)`);
}

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  /** Argo's `nameFilter`: how `metadata.name=` in the field selector matches. */
  nameFilter?: NameFilter;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export function listQuery(query: Query): ListQuery {
  const labelSelector = param(query, 'listOptions.labelSelector') || undefined;
  const fieldSelector = param(query, 'listOptions.fieldSelector') || undefined;
  // Parsed here so a bad selector is a 400 naming the parameter.
  if (labelSelector) rethrowAs('listOptions.labelSelector', () => parseLabelSelector(labelSelector));
  if (fieldSelector) rethrowAs('listOptions.fieldSelector', () => parseFieldSelector(fieldSelector));
  const limitText = param(query, 'listOptions.limit');
  let limit: number | undefined;
  if (limitText !== undefined && limitText !== '') {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 0) {
      throw new ValidationError('listOptions.limit', `"${limitText}" is not a non-negative integer`);
    }
  }
  const nameFilterText = param(query, 'nameFilter') || undefined;
  if (nameFilterText !== undefined && !(NAME_FILTERS as readonly string[]).includes(nameFilterText)) {
    throw new ValidationError('nameFilter', `"${nameFilterText}" is not one of ${NAME_FILTERS.join(', ')}`);
  }
  return {
    labelSelector,
    fieldSelector,
    ...(nameFilterText ? { nameFilter: nameFilterText as NameFilter } : {}),
    limit,
    continue: param(query, 'listOptions.continue') || undefined,
    resourceVersion: param(query, 'listOptions.resourceVersion') || undefined,
  };
}

function rethrowAs(field: string, fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    throw new ValidationError(
      field,
      err instanceof Error ? err.message.replace(/^[^:]*selector: /, '') : String(err),
    );
  }
}
