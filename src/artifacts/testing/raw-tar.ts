/** Tarballs made by hand for tests, so they can hold what no well-behaved tool writes. */
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';

export interface RawEntry {
  path: string;
  type?: string;
  linkpath?: string;
  body?: string;
}

/** A tarball of exactly these entries (gzipped unless told otherwise). */
export function rawTar(entries: RawEntry[], gzip = true): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const header = new tar.Header({
      path: e.path,
      mode: 0o644,
      size: e.type && e.type !== 'File' ? 0 : body.length,
      type: (e.type ?? 'File') as 'File',
      linkpath: e.linkpath ?? '',
      mtime: new Date(0),
      uid: 0,
      gid: 0,
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (body.length > 0 && (!e.type || e.type === 'File')) {
      blocks.push(Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]));
    }
  }
  blocks.push(Buffer.alloc(1024));
  const data = Buffer.concat(blocks);
  return gzip ? gzipSync(data) : data;
}
