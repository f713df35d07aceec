import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CappedLog, resultFromTail, TailBuffer } from './output-capture.js';

describe('TailBuffer', () => {
  it('keeps only the last bytes across chunk boundaries', () => {
    const tail = new TailBuffer(5);
    for (const s of ['abc', 'def', 'gh']) tail.write(Buffer.from(s));
    assert.equal(tail.bytes().toString(), 'defgh');
    assert.equal(tail.totalBytes, 8);
    tail.write(Buffer.from('0123456789'));
    assert.equal(tail.bytes().toString(), '56789');
  });
});

describe('resultFromTail', () => {
  it('trims exactly one trailing newline', () => {
    assert.equal(resultFromTail(Buffer.from('a\n\n')), 'a\n');
    assert.equal(resultFromTail(Buffer.from('a')), 'a');
    assert.equal(resultFromTail(Buffer.from('')), '');
  });

  it('keeps the last maxBytes after trimming, never starting inside a UTF-8 character', () => {
    assert.equal(resultFromTail(Buffer.from('abcdef\n'), 3), 'def');
    assert.equal(resultFromTail(Buffer.from('xé\n'), 1), '');
    assert.equal(resultFromTail(Buffer.from('xéa'), 2), 'a');
  });
});

describe('CappedLog', () => {
  it('forwards text until the cap, then one notice and nothing more', () => {
    const out: string[] = [];
    const log = new CappedLog((c) => out.push(c), 4);
    log.push(Buffer.from('ab'));
    log.push(Buffer.from('cdef'));
    log.push(Buffer.from('more'));
    log.end();
    assert.equal(out[0], 'ab');
    assert.match(out[1] ?? '', /^cd\n\[argosy: log truncated after 4 bytes/);
    assert.equal(out.length, 2);
    assert.ok(log.wasTruncated);
  });

  it('does not split a UTF-8 character across chunks', () => {
    const out: string[] = [];
    const log = new CappedLog((c) => out.push(c), 100);
    const bytes = Buffer.from('é');
    log.push(bytes.subarray(0, 1));
    log.push(bytes.subarray(1));
    log.end();
    assert.equal(out.join(''), 'é');
  });
});
