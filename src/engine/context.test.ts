import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeStatus } from '../spec/types.js';
import { addChild, type Ctx } from './context.js';
import { indexFor } from './engine-index.js';

function ctxWith(nodes: Record<string, NodeStatus>): Ctx {
  return {
    wf: { metadata: { name: 'wf' } } as Ctx['wf'],
    name: 'wf',
    spec: {},
    status: { nodes },
    nodes,
    now: '2026-01-01T00:00:00Z',
    nowMs: 0,
    actions: [],
    changed: new Set(),
    index: indexFor(nodes),
    templates: new Map(),
    globals: {},
    shutdown: '',
    deadlineExceeded: false,
    suspended: false,
  };
}

test('addChild appends once, in order, and records the parent as changed', () => {
  const parent: NodeStatus = { id: 'p', name: 'p', displayName: 'p', type: 'Pod', phase: 'Succeeded' };
  const ctx = ctxWith({ p: parent });
  addChild(ctx, 'p', 'a');
  addChild(ctx, 'p', 'b');
  addChild(ctx, 'p', 'a');
  for (let i = 0; i < 1000; i++) addChild(ctx, 'p', `c${i}`);
  addChild(ctx, 'p', 'c500');
  const children = ctx.nodes.p?.children ?? [];
  assert.equal(children.length, 1002);
  assert.deepEqual(children.slice(0, 3), ['a', 'b', 'c0']);
  assert.equal(children.at(-1), 'c999');
  assert.notEqual(ctx.nodes.p, parent, 'a new node object, so a caller holding the old one sees a change');
  assert.deepEqual([...ctx.changed], ['p']);
  addChild(ctx, 'missing', 'x'); // no such parent: nothing happens
  assert.equal(ctx.nodes.missing, undefined);
});

test('addChild sees children set by someone else (a list it did not build)', () => {
  const ctx = ctxWith({
    p: { id: 'p', name: 'p', displayName: 'p', type: 'DAG', phase: 'Running', children: ['x'] },
  });
  addChild(ctx, 'p', 'x');
  assert.deepEqual(ctx.nodes.p?.children, ['x']);
  ctx.nodes.p = { ...ctx.nodes.p!, children: ['y'] }; // replaced, as a retry does
  addChild(ctx, 'p', 'x');
  assert.deepEqual(ctx.nodes.p?.children, ['y', 'x']);
});
