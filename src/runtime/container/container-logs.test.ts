import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { attachLogs, loggedStreams, stdoutOf } from './container-logs.js';

const frame = (type: number, text: string): Buffer => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};
const containerWith = (log: Buffer) => ({ logs: async () => log }) as unknown as Docker.Container;

test('stdoutOf keeps stdout frames, drops stderr ones, and refuses what is not frames', async () => {
  const log = Buffer.concat([frame(1, '2\n'), frame(2, 'warn\n'), frame(1, '3\n')]);
  assert.equal((await stdoutOf(containerWith(log))).toString(), '2\n3\n');
  await assert.rejects(stdoutOf(containerWith(Buffer.from('2\n3\n4\n5\n6\n'))), /not a frame header/);
  await assert.rejects(stdoutOf(containerWith(frame(1, '12345').subarray(0, 10))), /cut short/);
});

test('a pipe whose attached stream lost output is completed from the engine log, without doubling', async () => {
  const raw = new PassThrough();
  let demuxed: { out: PassThrough; err: PassThrough } | undefined;
  const docker = {
    modem: {
      demuxStream: (_raw: unknown, out: PassThrough, err: PassThrough) => {
        demuxed = { out, err };
      },
    },
  } as unknown as Docker;
  const container = { attach: async () => raw } as unknown as Docker.Container;
  const written: string[] = [];
  const logs = await attachLogs(docker, container, (stream, chunk) => written.push(`${stream}:${chunk}`), {
    maxLogBytes: 1024,
    keepTail: true,
  });
  demuxed?.out.write(Buffer.from('hel'));
  await new Promise((r) => setImmediate(r));
  logs.complete({ stdout: Buffer.from('hello\n'), stderr: Buffer.from('oops\n') });
  demuxed?.out.write(Buffer.from('lo\n'));
  demuxed?.err.write(Buffer.from('oops\n'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(written, ['stdout:hel', 'stdout:lo\n', 'stderr:oops\n']);
  const both = Buffer.concat([frame(1, 'a\n'), frame(2, 'b\n')]);
  assert.deepEqual(await loggedStreams(containerWith(both)), {
    stdout: Buffer.from('a\n'),
    stderr: Buffer.from('b\n'),
  });
});
