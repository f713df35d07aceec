/**
 * List paging. Items come in (namespace, name) order; a continue token carries the last key
 * returned and the resourceVersion of the first page. Later pages read current data (no snapshot
 * is kept between pages) but report the first page's resourceVersion, so a watch started from
 * the list replays every change that a page may have missed.
 */

import { ValidationError } from '../errors/index.js';

export interface PageCursor {
  /** The resourceVersion of the first page. */
  resourceVersion: number;
  namespace: string;
  name: string;
}

export function encodeContinue(cursor: PageCursor): string {
  return Buffer.from(
    JSON.stringify({ v: 1, rv: cursor.resourceVersion, ns: cursor.namespace, n: cursor.name }),
  ).toString('base64url');
}

export function decodeContinue(token: string | undefined): PageCursor | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (
      raw.v === 1 &&
      typeof raw.rv === 'number' &&
      typeof raw.ns === 'string' &&
      typeof raw.n === 'string'
    ) {
      return { resourceVersion: raw.rv, namespace: raw.ns, name: raw.n };
    }
  } catch {
    // reported below
  }
  throw new ValidationError('continue', 'invalid continue token');
}

/** The page size asked for; 0 means no limit. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 0;
  if (!Number.isInteger(limit) || limit < 0)
    throw new ValidationError('limit', 'must be a non-negative integer');
  return limit;
}

/** Parses a resourceVersion given by a client. */
export function parseResourceVersion(rv: string, path: string): number {
  if (!/^\d+$/.test(rv)) throw new ValidationError(path, `invalid resourceVersion "${rv}"`);
  return Number(rv);
}

/**
 * One page out of rows selected with `limit + 1` (so a further row says more exist), and the
 * continue token that resumes after its last row.
 */
export function cutPage<R extends { namespace: string; name: string }>(
  rows: R[],
  limit: number,
  resourceVersion: number,
): { page: R[]; continue?: string } {
  const page = limit > 0 ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  if (limit <= 0 || rows.length <= limit || last === undefined) return { page };
  return { page, continue: encodeContinue({ resourceVersion, namespace: last.namespace, name: last.name }) };
}
