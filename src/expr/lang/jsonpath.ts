import { fault } from './fault.js';
import { type Filter, matchesFilter, parseFilter } from './jsonpath-filter.js';
import { arrayItems, getOwn, isMap, type Value } from './values.js';

type Segment =
  | { kind: 'key'; names: string[] }
  | { kind: 'index'; indices: number[] }
  | { kind: 'slice'; from: number | null; to: number | null }
  | { kind: 'wildcard' }
  | { kind: 'filter'; filter: Filter }
  | { kind: 'descend'; name: string | null };

/** Parses the supported JSONPath subset: $ .a ['a'] ["a",'b'] [0] [-1] [0,2] [1:3] [*] .* ..a [?(filter)] */
function parsePath(path: string): Segment[] {
  if (!path.startsWith('$')) fault(`jsonpath: path must start with $: ${path}`);
  const segs: Segment[] = [];
  let i = 1;
  const ident = (): string => {
    const m = /^[A-Za-z0-9_$-]+/.exec(path.slice(i));
    if (!m) fault(`jsonpath: expected a name at ${i} in ${path}`);
    i += m[0].length;
    return m[0];
  };
  while (i < path.length) {
    if (path.startsWith('..', i)) {
      i += 2;
      if (path.charAt(i) === '*') {
        i++;
        segs.push({ kind: 'descend', name: null });
      } else {
        segs.push({ kind: 'descend', name: ident() });
      }
    } else if (path.charAt(i) === '.') {
      i++;
      if (path.charAt(i) === '*') {
        i++;
        segs.push({ kind: 'wildcard' });
      } else {
        segs.push({ kind: 'key', names: [ident()] });
      }
    } else if (path.charAt(i) === '[') {
      const end = findClose(path, i);
      segs.push(bracket(path.slice(i + 1, end).trim(), path));
      i = end + 1;
    } else {
      fault(`jsonpath: unexpected ${JSON.stringify(path.charAt(i))} at ${i} in ${path}`);
    }
  }
  return segs;
}

function findClose(path: string, open: number): number {
  let quote = '';
  let depth = 0;
  for (let i = open + 1; i < path.length; i++) {
    const c = path.charAt(i);
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return fault(`jsonpath: unterminated [ in ${path}`);
}

function bracket(inner: string, path: string): Segment {
  if (inner === '*') return { kind: 'wildcard' };
  if (inner.startsWith('?(') && inner.endsWith(')')) {
    return { kind: 'filter', filter: parseFilter(inner.slice(2, -1)) };
  }
  if (inner.startsWith('?') || inner.startsWith('('))
    fault(`jsonpath: script expressions are not supported: ${path}`);
  const slice = /^(-?\d+)?\s*:\s*(-?\d+)?$/.exec(inner);
  if (slice) {
    return {
      kind: 'slice',
      from: slice[1] ? Number(slice[1]) : null,
      to: slice[2] ? Number(slice[2]) : null,
    };
  }
  const parts = inner.split(',').map((p) => p.trim());
  if (parts.every((p) => /^-?\d+$/.test(p))) return { kind: 'index', indices: parts.map(Number) };
  const names = parts.map((p) => {
    const m = /^'((?:[^'\\]|\\.)*)'$|^"((?:[^"\\]|\\.)*)"$/.exec(p);
    if (!m) return fault(`jsonpath: invalid selector [${inner}] in ${path}`);
    return (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1');
  });
  return { kind: 'key', names };
}

function children(v: Value): Value[] {
  if (Array.isArray(v)) return arrayItems(v);
  if (isMap(v)) return Object.keys(v).map((k) => getOwn(v, k));
  return [];
}

function descendants(v: Value, out: Value[], charge: (n: number) => void): void {
  charge(1);
  out.push(v);
  for (const c of children(v)) descendants(c, out, charge);
}

/**
 * Queries parsed JSON. A path of only single keys and single indices gives one value (an error when
 * missing); any wildcard, union, slice or descent gives the array of matches.
 */
export function queryJsonPath(root: Value, path: string, charge: (n: number) => void): Value {
  const segs = parsePath(path);
  const definite = segs.every(
    (s) => (s.kind === 'key' && s.names.length === 1) || (s.kind === 'index' && s.indices.length === 1),
  );
  let current: Value[] = [root];
  for (const seg of segs) {
    const next: Value[] = [];
    for (const v of current) {
      charge(1);
      if (seg.kind === 'key') {
        for (const name of seg.names) {
          if (isMap(v) && Object.hasOwn(v, name)) next.push(getOwn(v, name));
          else if (definite) fault(`jsonpath: key '${name}' not found`);
        }
      } else if (seg.kind === 'index') {
        if (!Array.isArray(v)) {
          if (definite) fault('jsonpath: index used on a non-array');
          continue;
        }
        for (const idx of seg.indices) {
          const i = idx < 0 ? idx + v.length : idx;
          if (i >= 0 && i < v.length) next.push(arrayItems(v)[i]);
          else if (definite) fault(`jsonpath: index ${idx} out of range`);
        }
      } else if (seg.kind === 'slice') {
        if (Array.isArray(v)) {
          const len = v.length;
          const clamp = (n: number | null, d: number): number =>
            n === null ? d : Math.min(Math.max(n < 0 ? n + len : n, 0), len);
          next.push(...arrayItems(v).slice(clamp(seg.from, 0), clamp(seg.to, len)));
        }
      } else if (seg.kind === 'wildcard') {
        next.push(...children(v));
      } else if (seg.kind === 'filter') {
        for (const c of children(v)) {
          charge(1);
          if (matchesFilter(seg.filter, c)) next.push(c);
        }
      } else {
        const all: Value[] = [];
        descendants(v, all, charge);
        for (const d of all) {
          if (seg.name === null) next.push(...children(d));
          else if (isMap(d) && Object.hasOwn(d, seg.name)) next.push(getOwn(d, seg.name));
        }
      }
    }
    current = next;
  }
  return definite ? (current[0] ?? null) : current;
}
