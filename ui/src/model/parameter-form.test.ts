import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parameterArgs, parameterFields } from './parameter-form.ts';

test('fields come from the arguments: values, defaults, enums with the first option preselected', () => {
  const fields = parameterFields({
    metadata: { name: 't' },
    spec: {
      arguments: {
        parameters: [
          { name: 'message', value: 'hello' },
          { name: 'count', default: '3', description: 'how many' },
          { name: 'colour', enum: ['red', 'green'] },
          { name: 'size', enum: ['s', 'm'], value: 'm' },
          { name: 'free' },
        ],
      },
    },
  });
  assert.deepEqual(fields, [
    { name: 'message', value: 'hello' },
    { name: 'count', value: '3', description: 'how many' },
    { name: 'colour', value: 'red', options: ['red', 'green'] },
    { name: 'size', value: 'm', options: ['s', 'm'] },
    { name: 'free', value: '' },
  ]);
  assert.deepEqual(parameterFields({ metadata: {}, spec: {} }), []);
});

test('values become name=value arguments', () => {
  assert.deepEqual(parameterArgs({ a: '1', b: 'x=y' }), ['a=1', 'b=x=y']);
});
