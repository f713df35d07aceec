import { ExpressionError } from '../../errors/index.js';
import type { Node, NodeOf } from './ast.js';
import { Fault, UnknownNameError } from './fault.js';
import { binaryOp, indexValue, rangeOp, sliceValue, unaryOp } from './operators.js';
import { PREDICATE_BUILTINS } from './parser.js';
import { runPredicate } from './predicates.js';
import type { CallContext, FunctionTable } from './registry.js';
import { timeMethod } from './time-values.js';
import {
  Float,
  FnRef,
  getOwn,
  goTypeName,
  isMap,
  isNil,
  makeMap,
  Namespace,
  norm,
  type Value,
} from './values.js';

/** The element a predicate is looking at: `#`, `#index`, `#acc`. */
export interface PredicateFrame {
  item: Value;
  index: number;
  acc?: Value;
}

const SHORT = Symbol('optional-chain-short-circuit');

/**
 * A method of a time value, bound to it (`t.Seconds`). Its own class, so that nothing from the env
 * (a JavaScript function, say) is ever mistaken for something callable.
 */
class BoundMethod {
  constructor(readonly invoke: (args: Value[]) => Value) {}
}

/** Tree-walking evaluator with a step budget. One instance per evaluation. */
export class Evaluator implements CallContext {
  private steps = 0;
  private lets: { name: string; value: Value; parent: unknown } | null = null;
  private frames: PredicateFrame[] = [];

  constructor(
    private readonly source: string,
    private readonly env: Record<string, unknown>,
    private readonly functions: FunctionTable,
    private readonly budget: number,
    readonly nowMs?: number,
  ) {}

  charge(steps: number): void {
    this.steps += steps;
    if (this.steps > this.budget) throw new Fault('evaluation budget exceeded');
  }

  eval(node: Node): Value {
    try {
      this.charge(1);
      return this.evalNode(node);
    } catch (e) {
      if (e instanceof Fault) throw new ExpressionError(e.message, this.source, node.pos);
      throw e;
    }
  }

  /** Evaluates a predicate body with `#` bound to frame. */
  evalWith(body: Node, frame: PredicateFrame): Value {
    this.frames.push(frame);
    try {
      return this.eval(body);
    } finally {
      this.frames.pop();
    }
  }

  private evalNode(node: Node): Value {
    switch (node.kind) {
      case 'nil':
        return null;
      case 'bool':
      case 'int':
      case 'string':
        return node.value;
      case 'float':
        return new Float(node.value);
      case 'array':
        return node.items.map((n) => this.eval(n));
      case 'map':
        return makeMap(node.entries.map((e) => [this.mapKey(e.key), this.eval(e.value)] as const));
      case 'ident':
        return this.identifier(node);
      case 'pointer':
        return this.pointer(node);
      case 'unary':
        return unaryOp(node.op, this.eval(node.operand));
      case 'binary':
        return this.binary(node);
      case 'conditional': {
        const cond = this.eval(node.cond);
        if (typeof cond !== 'boolean')
          throw new Fault(`non-bool expression (type ${goTypeName(cond)}) used as condition`);
        return this.eval(cond ? node.then : node.else);
      }
      case 'member':
      case 'slice': {
        const v = this.chain(node);
        return v === SHORT ? null : v;
      }
      case 'call':
        return this.call(node);
      case 'closure':
        throw new Fault('predicate used outside of a builtin');
      case 'let': {
        const value = this.eval(node.value);
        const saved = this.lets;
        this.lets = { name: node.name, value, parent: saved };
        try {
          return this.eval(node.body);
        } finally {
          this.lets = saved;
        }
      }
    }
  }

  private mapKey(node: Node): string {
    const k = this.eval(node);
    if (typeof k !== 'string') throw new Fault(`map key must be a string, not ${goTypeName(k)}`);
    return k;
  }

  private lookupLet(name: string): { value: Value } | undefined {
    let s = this.lets as { name: string; value: Value; parent: unknown } | null;
    while (s) {
      if (s.name === name) return s;
      s = s.parent as typeof s;
    }
    return undefined;
  }

  private identifier(node: NodeOf<'ident'>): Value {
    const bound = this.lookupLet(node.name);
    if (bound) return bound.value;
    if (node.name === '$env') return this.env;
    if (Object.hasOwn(this.env, node.name)) return norm(this.env[node.name]);
    if (node.name === 'sprig') return new Namespace('sprig');
    if (this.functions.has(node.name)) return new FnRef(node.name);
    throw new UnknownNameError(node.name, this.source, node.pos);
  }

  private pointer(node: NodeOf<'pointer'>): Value {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) throw new Fault('cannot use # outside of a predicate');
    if (node.name === '') return frame.item;
    if (node.name === 'index') return frame.index;
    if (node.name === 'acc' && 'acc' in frame) return frame.acc ?? null;
    throw new Fault(`unknown pointer #${node.name}`);
  }

  private binary(node: NodeOf<'binary'>): Value {
    const { op } = node;
    if (op === 'and' || op === 'or') {
      const left = this.eval(node.left);
      if (typeof left !== 'boolean')
        throw new Fault(`invalid operation: ${op} (mismatched type ${goTypeName(left)})`);
      if (left === (op === 'or')) return left;
      const right = this.eval(node.right);
      if (typeof right !== 'boolean')
        throw new Fault(`invalid operation: ${op} (mismatched type ${goTypeName(right)})`);
      return right;
    }
    if (op === '??') {
      const left = this.eval(node.left);
      return isNil(left) ? this.eval(node.right) : left;
    }
    const left = this.eval(node.left);
    const right = this.eval(node.right);
    if (op === '..') return rangeOp(left, right, (n) => this.charge(n));
    return binaryOp(op, left, right);
  }

  /** Member, index and slice chains, where `?.` short-circuits the rest of the chain on nil. */
  private chain(node: Node): Value | typeof SHORT {
    if (node.kind !== 'member' && node.kind !== 'slice') return this.eval(node);
    try {
      this.charge(1);
      const obj = this.chain(node.object);
      if (obj === SHORT) return SHORT;
      if (node.kind === 'slice') {
        const from = node.from ? this.eval(node.from) : null;
        const to = node.to ? this.eval(node.to) : null;
        const out = sliceValue(obj, from, to);
        if (Array.isArray(out)) this.charge(out.length);
        return out;
      }
      if (node.optional && isNil(obj)) return SHORT;
      const key =
        node.dotted && node.property.kind === 'string' ? node.property.value : this.eval(node.property);
      return this.member(obj, key);
    } catch (e) {
      if (e instanceof Fault) throw new ExpressionError(e.message, this.source, node.pos);
      throw e;
    }
  }

  private member(obj: Value, key: Value): Value {
    if (obj instanceof Namespace) {
      const name = `${obj.name}.${String(key)}`;
      if (typeof key === 'string' && this.functions.has(name)) return new FnRef(name);
      throw new Fault(`unknown func ${name}`);
    }
    if (isMap(obj) && typeof key === 'string') return getOwn(obj, key);
    return indexValue(obj, key);
  }

  private call(node: NodeOf<'call'>): Value {
    const { callee } = node;
    let name: string;
    if (callee.kind === 'ident' && !this.lookupLet(callee.name) && !Object.hasOwn(this.env, callee.name)) {
      name = callee.name;
      if (!this.functions.has(name) && !PREDICATE_BUILTINS.has(name)) throw new Fault(`unknown func ${name}`);
    } else {
      const fn = this.calleeValue(callee);
      if (fn instanceof BoundMethod) return fn.invoke(node.args.map((a) => this.eval(a)));
      if (!(fn instanceof FnRef)) throw new Fault(`${goTypeName(fn)} is not a function`);
      name = fn.name;
    }
    if (PREDICATE_BUILTINS.has(name)) return runPredicate(name, node.args, this);
    const args = node.args.map((a) => this.eval(a));
    const impl = this.functions.get(name);
    if (!impl) throw new Fault(`unknown func ${name}`);
    return impl(args, this);
  }

  /**
   * What is called: a function reference, or a method of a time value (`t.Seconds()`, Go's
   * time.Time / time.Duration methods) bound to it. The object is evaluated once.
   */
  private calleeValue(callee: Node): Value {
    if (callee.kind !== 'member' || !callee.dotted || callee.property.kind !== 'string' || callee.optional) {
      return this.eval(callee);
    }
    const object = this.chain(callee.object);
    if (object === SHORT) return null;
    const method = timeMethod(object, callee.property.value);
    return method ? new BoundMethod(method) : this.member(object, callee.property.value);
  }
}
