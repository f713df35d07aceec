/**
 * Evaluates a parsed `when` AST with govaluate's semantics: float64 numbers, `+` concatenates when
 * either side is a string, ordering works on two numbers or two strings (else a type error),
 * `==` is deep equality without conversion, `&&`/`||` short-circuit and need booleans, `in` needs a
 * `(a, b)` list, `? :` and `??` as govaluate defines them. Accessors (`a.B`) always fail: Argo
 * evaluates with no parameters.
 */
import { ExpressionError } from '../../errors/index.js';
import { compileGoRegexp } from './go-regexp.js';
import { compareGoStrings, deepEqual, goString } from './go-values.js';
import type { WhenNode } from './govaluate-parser.js';

type Value = number | string | boolean | Value[] | null;

class Evaluator {
  constructor(private readonly source: string) {}

  private typeError(value: Value, op: string, what: string, reason: string): never {
    throw new ExpressionError(
      `Value '${goString(value)}' cannot be used with the ${what} '${op}'${reason}`,
      this.source,
    );
  }

  eval(node: WhenNode): Value {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'pattern':
        return node.source;
      case 'accessor':
        throw new ExpressionError(`No parameter '${node.path[0] ?? ''}' found.`, this.source);
      case 'prefix':
        return this.prefix(node.op, this.eval(node.operand));
      case 'binary':
        return this.binary(node);
    }
  }

  private prefix(op: string, value: Value): Value {
    if (op === '!') {
      if (typeof value !== 'boolean') this.typeError(value, op, 'prefix', '');
      return !value;
    }
    if (typeof value !== 'number') this.typeError(value, op, 'prefix', '');
    return op === '-' ? -value : Number(~BigInt.asIntN(64, toInt64(value)));
  }

  private binary(node: Extract<WhenNode, { kind: 'binary' }>): Value {
    const { op } = node;
    const left = this.eval(node.left);
    if (op === '&&' && left === false) return false;
    if (op === '||' && left === true) return true;
    if (op === '??' && left !== null) return left;
    if (op === ':' && left !== null) return left;
    if (op === '?') {
      if (typeof left !== 'boolean') this.typeError(left, op, 'ternary operator', ', it is not a bool');
      return left ? this.eval(node.right) : null;
    }
    if ((op === '=~' || op === '!~') && node.right.kind === 'pattern') {
      if (typeof left !== 'string') this.typeError(left, op, 'comparator', ', it is not a string');
      const matched = node.right.matcher.test(left);
      return op === '=~' ? matched : !matched;
    }
    const right = this.eval(node.right);
    return this.apply(op, left, right);
  }

  private apply(op: string, left: Value, right: Value): Value {
    switch (op) {
      case '&&':
      case '||':
        if (typeof left !== 'boolean') this.typeError(left, op, 'logical operator', ', it is not a bool');
        if (typeof right !== 'boolean') this.typeError(right, op, 'logical operator', ', it is not a bool');
        return op === '&&' ? left && right : left || right;
      case '??':
      case ':':
        return right;
      case ',':
        return Array.isArray(left) ? [...left, right] : [left, right];
      case '==':
        return deepEqual(left, right);
      case '!=':
        return !deepEqual(left, right);
      case '>':
      case '>=':
      case '<':
      case '<=':
        return this.order(op, left, right);
      case '=~':
      case '!~': {
        if (typeof left !== 'string' || typeof right !== 'string') {
          this.typeError(left, op, 'comparator', ', it is not a string');
        }
        const matched = compileGoRegexp(right, this.source).test(left);
        return op === '=~' ? matched : !matched;
      }
      case 'in':
        if (!Array.isArray(right)) this.typeError(right, op, 'comparator', ', it is not an array');
        return right.some((item) => item === left);
      case '+':
        if (typeof left === 'number' && typeof right === 'number') return left + right;
        if (typeof left === 'string' || typeof right === 'string') return goString(left) + goString(right);
        return this.typeError(left, op, 'modifier', ', it is not a number');
      default:
        return this.arithmetic(op, left, right);
    }
  }

  private order(op: string, left: Value, right: Value): boolean {
    let cmp: number;
    if (typeof left === 'number' && typeof right === 'number') {
      if (Number.isNaN(left) || Number.isNaN(right)) return false;
      cmp = left - right;
    } else if (typeof left === 'string' && typeof right === 'string') {
      cmp = compareGoStrings(left, right);
    } else {
      return this.typeError(left, op, 'comparator', ', it is not a number');
    }
    if (op === '>') return cmp > 0;
    if (op === '>=') return cmp >= 0;
    if (op === '<') return cmp < 0;
    return cmp <= 0;
  }

  private arithmetic(op: string, left: Value, right: Value): number {
    if (typeof left !== 'number') return this.typeError(left, op, 'modifier', ', it is not a number');
    if (typeof right !== 'number') return this.typeError(right, op, 'modifier', ', it is not a number');
    switch (op) {
      case '-':
        return left - right;
      case '*':
        return left * right;
      case '/':
        return left / right;
      case '%':
        return left % right;
      case '**':
        return left ** right;
      case '&':
        return Number(BigInt.asIntN(64, toInt64(left) & toInt64(right)));
      case '|':
        return Number(BigInt.asIntN(64, toInt64(left) | toInt64(right)));
      case '^':
        return Number(BigInt.asIntN(64, toInt64(left) ^ toInt64(right)));
      case '<<':
        return Number(BigInt.asIntN(64, toInt64(left) << (BigInt.asUintN(64, toInt64(right)) & 63n)));
      case '>>':
        return Number(BigInt.asIntN(64, toInt64(left) >> (BigInt.asUintN(64, toInt64(right)) & 63n)));
      default:
        throw new ExpressionError(`Unknown operator '${op}'`, this.source);
    }
  }
}

/** Go's float64 -> int64 conversion (truncation; out of range gives the minimum int64, as on amd64). */
function toInt64(value: number): bigint {
  if (!Number.isFinite(value) || Math.abs(value) >= 2 ** 63) return -(2n ** 63n);
  return BigInt(Math.trunc(value));
}

export function evaluateWhenAst(ast: WhenNode, source: string): unknown {
  return new Evaluator(source).eval(ast);
}
