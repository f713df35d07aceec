import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpressionError } from '../../errors/index.js';
import { evaluateExpr, parseExpr } from './index.js';

const throwsReason = (f: () => unknown, reason: string): void => {
  assert.throws(f, (e: unknown) => e instanceof ExpressionError && e.reason.includes(reason));
};

test('prototype properties are never read', () => {
  const env = { o: { a: 1 }, l: [1], s: 'x' };
  for (const key of ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty']) {
    assert.equal(evaluateExpr(`o.${key}`, env), null, key);
    assert.equal(evaluateExpr(`o['${key}']`, env), null, key);
    assert.equal(evaluateExpr(`{}.${key}`, env), null, key);
    throwsReason(() => evaluateExpr(`l.${key}`, env), 'cannot fetch');
    throwsReason(() => evaluateExpr(`s.${key}`, env), 'cannot fetch');
  }
  assert.equal(evaluateExpr("'constructor' in o", env), false);
  throwsReason(() => evaluateExpr('constructor', env), 'unknown name constructor');
  throwsReason(() => evaluateExpr('o.constructor("x")', env), 'is not a function');
});

test('a __proto__ map key is an own property and does not pollute', () => {
  const out = evaluateExpr("{'__proto__': {polluted: true}}", {}) as Record<string, unknown>;
  assert.ok(Object.hasOwn(out, '__proto__'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(evaluateExpr("sprig.dict('__proto__', 1).__proto__", {}), 1);
});

test('env functions are never called', () => {
  let called = false;
  const env = {
    f: () => {
      called = true;
    },
  };
  throwsReason(() => evaluateExpr('f()', env), 'is not a function');
  assert.equal(called, false);
});

test('the step budget stops long evaluations', () => {
  throwsReason(() => evaluateExpr('map(1..1000, map(1..1000, # * 2))', {}), 'evaluation budget exceeded');
  throwsReason(() => evaluateExpr('1..100000000', {}), 'too large');
  throwsReason(() => evaluateExpr('len(1..50000)', {}, { budget: 1000 }), 'evaluation budget exceeded');
  assert.equal(evaluateExpr('len(1..50000)', {}), 50000);
  throwsReason(() => evaluateExpr('sprig.until(10000000)', {}), 'too large');
});

test('string results are capped at 1 MiB', () => {
  throwsReason(() => evaluateExpr("repeat('ab', 600000)", {}), 'string longer than');
  throwsReason(() => evaluateExpr("let s = repeat('a', 1000000); s + s", {}), 'string longer than');
  throwsReason(() => evaluateExpr("sprig.repeat(2000000, 'x')", {}), 'string longer than');
});

test('deep nesting is a parse error, not a stack overflow', () => {
  throwsReason(() => parseExpr(`${'('.repeat(500)}1${')'.repeat(500)}`), 'nested deeper');
  throwsReason(() => parseExpr(`${'!'.repeat(500)}true`), 'nested deeper');
  throwsReason(() => parseExpr(`${'['.repeat(500)}${']'.repeat(500)}`), 'nested deeper');
  throwsReason(() => parseExpr(`a${'.b'.repeat(5000)}`), 'nested too deeply');
  throwsReason(() => parseExpr(Array(5000).fill('1').join('+')), 'nested too deeply');
  assert.equal(evaluateExpr(`${'('.repeat(150)}1${')'.repeat(150)}`, {}), 1);
});

test('overlong sources are refused', () => {
  throwsReason(() => parseExpr(`'${'a'.repeat(70000)}'`), 'longer than');
});

test('catastrophic regular expressions are refused', () => {
  throwsReason(
    () => evaluateExpr("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' matches '(a+)+$'", {}),
    'not supported',
  );
  throwsReason(() => evaluateExpr("'a' matches '(a|a)*'", {}), 'not supported');
  throwsReason(() => evaluateExpr("'aa' matches '(a)\\\\1'", {}), 'backreferences');
  throwsReason(() => evaluateExpr("'a' matches '(?=a)'", {}), 'lookaround');
  throwsReason(() => evaluateExpr("'a' matches '['", {}), 'invalid regular expression');
  assert.equal(evaluateExpr("'Abc' matches '(?i)^abc$'", {}), true);
  assert.equal(evaluateExpr("'ab-12' matches '^(ab|cd)-[0-9]+$'", {}), true);
});

test('only ExpressionError escapes, even for odd env values', () => {
  const env = { d: new Date(0), b: 10n, sym: Symbol('x'), u: undefined };
  for (const source of ['d.x', 'b + 1', 'sym', 'u ?? 1', 'toJson(d)', 'string(b)']) {
    try {
      evaluateExpr(source, env as Record<string, unknown>);
    } catch (e) {
      assert.ok(e instanceof ExpressionError, `${source}: ${String(e)}`);
      assert.ok(!e.reason.startsWith('internal error'), `${source}: ${e.reason}`);
    }
  }
  assert.equal(evaluateExpr('u ?? 1', env as Record<string, unknown>), 1);
});
