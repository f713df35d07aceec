import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boolParam, listQuery } from './list-query.js';

test('listOptions.* as store options', () => {
  assert.deepEqual(
    listQuery({
      'listOptions.labelSelector': 'a=b',
      'listOptions.fieldSelector': 'metadata.name=x',
      'listOptions.limit': '5',
      'listOptions.continue': 'tok',
      'listOptions.resourceVersion': '9',
    }),
    {
      labelSelector: 'a=b',
      fieldSelector: 'metadata.name=x',
      limit: 5,
      continue: 'tok',
      resourceVersion: '9',
    },
  );
});

test('bad values are 400s naming the parameter', () => {
  assert.throws(() => listQuery({ 'listOptions.limit': 'ten' }), { message: /^listOptions\.limit: / });
  assert.throws(() => listQuery({ 'listOptions.labelSelector': 'a in (' }), {
    message: /^listOptions\.labelSelector: /,
  });
  assert.throws(() => listQuery({ 'listOptions.fieldSelector': 'no operator' }), {
    message: /^listOptions\.fieldSelector: /,
  });
  assert.throws(() => boolParam({ 'logOptions.follow': 'yes' }, 'logOptions.follow'), {
    message: /^logOptions\.follow: /,
  });
  assert.equal(boolParam({ 'logOptions.follow': 'true' }, 'logOptions.follow'), true);
  assert.throws(() => listQuery({ nameFilter: 'Fuzzy' }), {
    message: /^nameFilter: "Fuzzy" is not one of Exact, Contains, Prefix/,
  });
  assert.equal(listQuery({ nameFilter: 'Contains' }).nameFilter, 'Contains');
});
