import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeKill, encodeSpawn, FrameDecoder } from './spawner-protocol.js';

/** An event frame as the spawner writes it: length, type, id, body. */
function frame(type: string, id: number, body: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUInt32LE(5 + body.length);
  head.write(type, 4, 'latin1');
  head.writeUInt32LE(id, 5);
  return Buffer.concat([head, body]);
}

function exitFrame(id: number, code: number, signal: number, status: string): Buffer {
  const s = Buffer.from(status);
  const body = Buffer.alloc(12);
  body.writeInt32LE(code);
  body.writeInt32LE(signal, 4);
  body.writeUInt32LE(s.length, 8);
  return frame('X', id, Buffer.concat([body, s]));
}

describe('spawner protocol', () => {
  it('encodes a spawn request with length-prefixed strings, whatever bytes they hold', () => {
    const hostile = ['a b', "it's", 'two\nlines', 'nul\0inside', 'ünï', ''];
    const buf = encodeSpawn({
      id: 7,
      isolate: true,
      userNamespace: false,
      home: '/h',
      workingDir: '',
      argv: hostile,
      env: { K: 'v=1\n2' },
      mounts: [{ kind: 'overlay', source: '', target: '/bin', data: 'lowerdir=/bin', mkdir: false }],
      pidFile: '/pods/p/pid.json',
      pidTail: ',"controllerPid":1}',
    });
    assert.equal(buf.readUInt32LE(0), buf.length - 4);
    assert.equal(String.fromCharCode(buf[4]!), 'S');
    assert.equal(buf.readUInt32LE(5), 7);
    assert.equal(buf.readUInt32LE(9), 1); // isolate
    // Walk the strings back out: home, workingDir, argc, argv...
    let off = 13;
    const str = () => {
      const len = buf.readUInt32LE(off);
      const s = buf.subarray(off + 4, off + 4 + len).toString('utf8');
      off += 4 + len;
      return s;
    };
    assert.equal(str(), '/h');
    assert.equal(str(), '');
    assert.equal(buf.readUInt32LE(off), hostile.length);
    off += 4;
    assert.deepEqual(
      hostile.map(() => str()),
      hostile,
    );
    assert.equal(buf.readUInt32LE(off), 1);
    off += 4;
    assert.equal(str(), 'K=v=1\n2');
    assert.equal(buf.readUInt32LE(off), 1);
    off += 4;
    assert.deepEqual([buf[off], buf[off + 1]], [3, 0]); // overlay, no mkdir
    off += 2;
    assert.deepEqual([str(), str(), str()], ['', '/bin', 'lowerdir=/bin']);
    assert.deepEqual([str(), str()], ['/pods/p/pid.json', ',"controllerPid":1}']);
    assert.equal(off, buf.length);
  });

  it('sets the flags for a user namespace and a reusable view', () => {
    const flags = (req: { userNamespace: boolean; reuseNamespace?: boolean }) =>
      encodeSpawn({
        id: 1,
        isolate: true,
        home: '/h',
        workingDir: '',
        argv: ['true'],
        env: {},
        mounts: [],
        pidFile: '',
        pidTail: '',
        ...req,
      }).readUInt32LE(9);
    assert.equal(flags({ userNamespace: true }), 1 | 2);
    assert.equal(flags({ userNamespace: false, reuseNamespace: true }), 1 | 4);
    assert.equal(flags({ userNamespace: true, reuseNamespace: true }), 1 | 2 | 4);
  });

  it('encodes a kill request', () => {
    const buf = encodeKill(3, 15);
    assert.deepEqual([...buf], [9, 0, 0, 0, 0x4b, 3, 0, 0, 0, 15, 0, 0, 0]);
  });

  it('decodes events split at any byte boundary', () => {
    const stream = Buffer.concat([
      frame('P', 1, Buffer.from([0x39, 0x30, 0, 0])),
      frame('O', 1, Buffer.from('out\0put\n')),
      frame('E', 1, Buffer.alloc(0)),
      exitFrame(1, -1, 9, ''),
      exitFrame(2, 127, 0, 'notfound no such'),
    ]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const decoder = new FrameDecoder();
        const events = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          events.push(...decoder.push(stream.subarray(prev, p)));
          prev = p;
        }
        assert.deepEqual(events, [
          { type: 'started', id: 1, pid: 12345 },
          { type: 'stdout', id: 1, data: Buffer.from('out\0put\n') },
          { type: 'stderr', id: 1, data: Buffer.alloc(0) },
          { type: 'exit', id: 1, code: null, signal: 9, status: '' },
          { type: 'exit', id: 2, code: 127, signal: null, status: 'notfound no such' },
        ]);
      }),
    );
  });

  it('refuses a frame that cannot be one of ours', () => {
    assert.throws(() => new FrameDecoder().push(frame('Z', 1, Buffer.alloc(0))), /unknown frame type/);
    assert.throws(() => new FrameDecoder().push(Buffer.from([1, 0, 0, 0, 0x50])), /frame of 1 bytes/);
  });
});
