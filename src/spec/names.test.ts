import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dns1123LabelProblem,
  isDns1123Label,
  isDns1123Subdomain,
  labelValueProblem,
  qualifiedNameProblem,
} from './index.js';

describe('DNS-1123 names', () => {
  it('accepts labels of up to 63 lower-case alphanumerics and dashes', () => {
    for (const ok of ['a', 'hello-world', '0abc', 'a'.repeat(63)]) assert.ok(isDns1123Label(ok), ok);
    for (const bad of ['', 'A', '-a', 'a-', 'a.b', 'a_b', 'a'.repeat(64)])
      assert.ok(!isDns1123Label(bad), bad);
    assert.equal(dns1123LabelProblem('a'.repeat(64)), 'must be no more than 63 characters');
  });

  it('accepts subdomains of up to 253 characters with dots', () => {
    for (const ok of ['a.b', 'my-wf.v1', `${'a'.repeat(63)}.${'b'.repeat(63)}`])
      assert.ok(isDns1123Subdomain(ok), ok);
    for (const bad of ['', 'a..b', '.a', 'a.', 'UPPER', 'a'.repeat(254)])
      assert.ok(!isDns1123Subdomain(bad), bad);
  });

  it('checks label keys and values', () => {
    assert.equal(qualifiedNameProblem('workflows.argoproj.io/completed'), null);
    assert.equal(qualifiedNameProblem('app'), null);
    assert.match(qualifiedNameProblem('a/b/c') ?? '', /at most one/);
    assert.match(qualifiedNameProblem('Bad_Prefix/x') ?? '', /^prefix part/);
    assert.equal(labelValueProblem(''), null);
    assert.equal(labelValueProblem('v1.2_x'), null);
    assert.match(labelValueProblem('-x') ?? '', /must be empty or/);
  });
});
