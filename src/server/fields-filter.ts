/**
 * Argo's `fields` query parameter: `items.metadata.name,items.status.phase,metadata.continue` keeps
 * only those paths; a leading `-` (`-items.status.nodes`) removes them instead. Arrays are walked
 * through, so `items.metadata.name` applies to every item.
 */

type Tree = Map<string, Tree>;

function parseTree(paths: string[]): Tree {
  const root: Tree = new Map();
  for (const path of paths) {
    let node = root;
    for (const part of path.split('.').filter((p) => p !== '')) {
      let next = node.get(part);
      if (!next) {
        next = new Map();
        node.set(part, next);
      }
      node = next;
    }
  }
  return root;
}

function keep(value: unknown, tree: Tree): unknown {
  if (tree.size === 0) return value;
  if (Array.isArray(value)) return value.map((v) => keep(v, tree));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of tree) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = keep(v, sub);
  }
  return out;
}

function drop(value: unknown, tree: Tree): unknown {
  if (Array.isArray(value)) return value.map((v) => drop(v, tree));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, sub] of tree) {
    if (!(key in out)) continue;
    if (sub.size === 0) delete out[key];
    else out[key] = drop(out[key], sub);
  }
  return out;
}

/** A function applying `fields` to a response, or the identity when there is none. */
export function fieldsFilter(fields: string | undefined): (value: unknown) => unknown {
  const text = (fields ?? '').trim();
  if (text === '') return (v) => v;
  if (text.startsWith('-')) {
    const tree = parseTree(text.slice(1).split(','));
    return (v) => drop(v, tree);
  }
  const tree = parseTree(text.split(','));
  return (v) => keep(v, tree);
}
