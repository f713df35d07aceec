import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relaxFlowIndentation } from './yaml-compat.js';

describe('relaxFlowIndentation', () => {
  it('indents under-indented lines of flow collections and quoted scalars', () => {
    assert.equal(relaxFlowIndentation('  args: ["\n  a\n  "]\n'), '  args: ["\n   a\n   "]\n');
    assert.equal(relaxFlowIndentation("x: 'one\ntwo'\n"), "x: 'one\n two'\n");
  });

  it('leaves valid text, block scalars, comments and plain quotes alone', () => {
    assert.equal(relaxFlowIndentation('a: [1,\n  2]\n'), null);
    assert.equal(relaxFlowIndentation('s: |\n  ["\nb: 1\n'), null);
    assert.equal(relaxFlowIndentation('a: 1 # ["\nb: echo "hi\nc: 2\n'), null);
  });
});
