/**
 * Builds the expr-lang environment from the flat variable map, as Argo does (util/expand):
 * dotted keys become nested maps (`inputs.parameters.x` -> env.inputs.parameters.x), and a key
 * that is the parent of another key (`inputs.parameters`, the JSON of all parameters, next to
 * `inputs.parameters.x`) is dropped in favour of the nested map. Flat dotted keys are NOT kept,
 * exactly like Argo; use `inputs.parameters['my-param']` for names that are not identifiers.
 */
import type { Vars } from './tag-types.js';

export type EnvMap = Record<string, unknown>;

function setOwn(target: EnvMap, key: string, value: unknown): void {
  // defineProperty so that a key like `__proto__` becomes a plain own property.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isMap(value: unknown): value is EnvMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys that are a dotted prefix of another key (parents with children). */
function parentKeys(keys: string[]): Set<string> {
  const parents = new Set<string>();
  for (const key of keys) {
    let dot = key.indexOf('.');
    while (dot >= 0) {
      parents.add(key.slice(0, dot));
      dot = key.indexOf('.', dot + 1);
    }
  }
  return parents;
}

export function buildExprEnv(vars: Vars): EnvMap {
  const env: EnvMap = {};
  const keys = Object.keys(vars);
  const parents = parentKeys(keys);
  for (const key of keys.sort()) {
    if (parents.has(key)) continue;
    const value = vars[key];
    const parts = key.split('.');
    let node = env;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      const next = Object.hasOwn(node, part) ? node[part] : undefined;
      if (isMap(next)) {
        node = next;
      } else {
        const child: EnvMap = {};
        setOwn(node, part, child);
        node = child;
      }
    }
    setOwn(node, parts[parts.length - 1] as string, value);
  }
  return env;
}
