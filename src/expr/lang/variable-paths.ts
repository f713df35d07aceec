import type { Node } from './ast.js';

/**
 * The variable paths an expression reads: `inputs.parameters['a-b']` gives ['inputs','parameters','a-b'].
 * Paths stop at the first computed index; `#` pointers, let-bound names and function names are excluded.
 */
export function variablePaths(root: Node): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  const add = (path: string[]): void => {
    const key = JSON.stringify(path);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(path);
    }
  };
  walk(root, new Set(), add);
  return out;
}

type Access = { literal: string | null; computed: Node[] };

/** Splits `a.b[c][1:2]` into its root and accessors (literal key, or nodes to walk). */
function unchain(node: Node): { root: Node; accesses: Access[] } {
  const accesses: Access[] = [];
  let n = node;
  while (n.kind === 'member' || n.kind === 'slice') {
    if (n.kind === 'member') {
      const p = n.property;
      const literal = p.kind === 'string' ? p.value : p.kind === 'int' ? String(p.value) : null;
      accesses.unshift({ literal, computed: literal === null ? [p] : [] });
    } else {
      accesses.unshift({ literal: null, computed: [n.from, n.to].filter((x): x is Node => x !== null) });
    }
    n = n.object;
  }
  return { root: n, accesses };
}

function walk(node: Node, bound: Set<string>, add: (p: string[]) => void): void {
  switch (node.kind) {
    case 'ident':
      if (!bound.has(node.name) && node.name !== '$env' && node.name !== 'sprig') add([node.name]);
      return;
    case 'member':
    case 'slice': {
      const { root, accesses } = unchain(node);
      const rootPath =
        root.kind === 'ident' && !bound.has(root.name) && root.name !== 'sprig'
          ? root.name === '$env'
            ? []
            : [root.name]
          : null;
      if (rootPath === null) walk(root, bound, add);
      let path = rootPath;
      for (const a of accesses) {
        if (path !== null && a.literal !== null) path = [...path, a.literal];
        else if (path !== null) {
          if (path.length > 0) add(path);
          path = null;
        }
        for (const c of a.computed) walk(c, bound, add);
      }
      if (path !== null && path.length > 0) add(path);
      return;
    }
    case 'call': {
      const callee = node.callee;
      const isFunctionName =
        (callee.kind === 'ident' && !bound.has(callee.name)) ||
        (callee.kind === 'member' && callee.object.kind === 'ident' && callee.object.name === 'sprig');
      if (!isFunctionName) walk(callee, bound, add);
      for (const a of node.args) walk(a, bound, add);
      return;
    }
    case 'let': {
      walk(node.value, bound, add);
      walk(node.body, new Set([...bound, node.name]), add);
      return;
    }
    case 'array':
      for (const i of node.items) walk(i, bound, add);
      return;
    case 'map':
      for (const e of node.entries) {
        walk(e.key, bound, add);
        walk(e.value, bound, add);
      }
      return;
    case 'unary':
      walk(node.operand, bound, add);
      return;
    case 'binary':
      walk(node.left, bound, add);
      walk(node.right, bound, add);
      return;
    case 'conditional':
      walk(node.cond, bound, add);
      walk(node.then, bound, add);
      walk(node.else, bound, add);
      return;
    case 'closure':
      walk(node.body, bound, add);
      return;
    default:
      return;
  }
}
