import type { Node } from './ast.js';
import type { Evaluator } from './evaluate.js';
import { fault } from './fault.js';
import { formatValue } from './format.js';
import { binaryOp } from './operators.js';
import { arrayItems, goTypeName, isNil, isNumber, makeMap, num, type Value } from './values.js';

/** Builtins that take a predicate: filter, map, all, any, none, one, count, sum, find*, groupBy, sortBy, reduce. */
export function runPredicate(name: string, argNodes: Node[], ev: Evaluator): Value {
  const min = name === 'count' || name === 'sum' ? 1 : 2;
  const max = name === 'sortBy' || name === 'reduce' ? 3 : 2;
  if (argNodes.length < min || argNodes.length > max) {
    fault(
      `invalid number of arguments for ${name} (expected ${min === max ? min : `${min} to ${max}`}, got ${argNodes.length})`,
    );
  }
  const [arrNode, predNode, extraNode] = argNodes as [Node, Node | undefined, Node | undefined];
  const source = ev.eval(arrNode);
  if (!Array.isArray(source)) return fault(`cannot iterate ${goTypeName(source)} in ${name}`);
  const items = arrayItems(source);
  ev.charge(items.length);
  const body = predNode?.kind === 'closure' ? predNode.body : predNode;
  const apply = (item: Value, index: number): Value => (body ? ev.evalWith(body, { item, index }) : item);
  const test = (item: Value, index: number): boolean => {
    const r = apply(item, index);
    if (typeof r !== 'boolean') return fault(`predicate of ${name} must return bool, got ${goTypeName(r)}`);
    return r;
  };
  switch (name) {
    case 'all':
      return items.every(test);
    case 'any':
      return items.some(test);
    case 'none':
      return !items.some(test);
    case 'one':
      return items.filter(test).length === 1;
    case 'filter':
      return items.filter(test);
    case 'map':
      return items.map(apply);
    case 'count':
      return items.filter(test).length;
    case 'sum':
      return items.map(apply).reduce((acc: Value, v) => binaryOp('+', acc, requireNumber(v)), 0);
    case 'find':
      return items.find(test) ?? null;
    case 'findIndex':
      return items.findIndex(test);
    case 'findLast': {
      for (let i = items.length - 1; i >= 0; i--) if (test(items[i], i)) return items[i];
      return null;
    }
    case 'findLastIndex': {
      for (let i = items.length - 1; i >= 0; i--) if (test(items[i], i)) return i;
      return -1;
    }
    case 'groupBy': {
      const groups = new Map<string, Value[]>();
      items.forEach((item, i) => {
        const key = formatValue(apply(item, i));
        const group = groups.get(key) ?? [];
        group.push(item);
        groups.set(key, group);
      });
      return makeMap(groups);
    }
    case 'sortBy':
      return sortBy(items, apply, extraNode ? ev.eval(extraNode) : 'asc');
    case 'reduce':
      return reduce(items, body, extraNode, ev);
    default:
      return fault(`unknown func ${name}`);
  }
}

function requireNumber(v: Value): Value {
  return isNumber(v) ? v : fault(`invalid argument for sum (type ${goTypeName(v)})`);
}

/** Orders two sortable values (numbers or strings of one kind); throws on mixed kinds. */
export function compareValues(a: Value, b: Value): number {
  if (isNumber(a) && isNumber(b)) return num(a) - num(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return fault(`cannot compare ${goTypeName(a)} and ${goTypeName(b)} for sorting`);
}

function sortBy(items: Value[], key: (v: Value, i: number) => Value, order: Value): Value[] {
  if (order !== 'asc' && order !== 'desc')
    return fault(`unknown order ${formatValue(order)}, use asc or desc`);
  const keyed = items.map((item, i) => ({ item, key: key(item, i) }));
  keyed.sort((x, y) => compareValues(x.key, y.key) * (order === 'desc' ? -1 : 1));
  return keyed.map((k) => k.item);
}

function reduce(items: Value[], body: Node | undefined, initNode: Node | undefined, ev: Evaluator): Value {
  if (!body) return fault('reduce needs a predicate');
  let acc: Value;
  let start = 0;
  if (initNode) {
    acc = ev.eval(initNode);
  } else {
    if (items.length === 0) return null;
    acc = items[0];
    start = 1;
  }
  for (let i = start; i < items.length; i++) acc = ev.evalWith(body, { item: items[i], index: i, acc });
  return isNil(acc) ? null : acc;
}
