import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSseParser, unwrapStreamMessage } from './sse-parser.ts';

function collect(chunks: string[]) {
  const got: [string, string | undefined][] = [];
  const p = createSseParser((d, e) => got.push([d, e]));
  for (const c of chunks) p.feed(c);
  return got;
}

test('events are split on blank lines, whatever the chunking', () => {
  const text = 'data: {"a":1}\n\n: keep-alive\n\nevent: x\ndata: one\ndata: two\n\n';
  const whole = collect([text]);
  assert.deepEqual(whole, [
    ['{"a":1}', undefined],
    ['one\ntwo', 'x'],
  ]);
  const byChar = collect(text.split(''));
  assert.deepEqual(byChar, whole);
});

test('CRLF line endings and a CR split across chunks work', () => {
  assert.deepEqual(collect(['data: a\r', '\n\r\n']), [['a', undefined]]);
});

test('an event without its blank line is not delivered yet', () => {
  assert.deepEqual(collect(['data: a\n']), []);
});

test('stream messages unwrap result and error', () => {
  assert.deepEqual(unwrapStreamMessage<{ content: string }>('{"result":{"content":"hi"}}').result, {
    content: 'hi',
  });
  assert.equal(unwrapStreamMessage('{"error":{"code":7,"message":"denied"}}').error?.message, 'denied');
});
