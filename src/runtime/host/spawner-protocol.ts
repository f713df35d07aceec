/**
 * The wire format between the host runtime and its native step spawner (native/argosy-spawner.c):
 * frames of a u32 little-endian length, a one-byte type and a body, strings as u32 length + bytes.
 * Length prefixes everywhere, so argv, env and paths may hold spaces, quotes, newlines or NUL bytes
 * without breaking the framing. Pure: no I/O.
 */
import type { MountOp } from './mount-view.js';

export interface SpawnRequest {
  id: number;
  isolate: boolean;
  userNamespace: boolean;
  /**
   * The spawner may make this view's namespace once and enter it for every later step with the same
   * view (native/namespace-cache.c): its mounts are binds of directories that stay the same.
   */
  reuseNamespace?: boolean;
  /** Directory entered before mounting (the pod's HOME). */
  home: string;
  /** Directory entered after mounting, created when missing; empty for none. */
  workingDir: string;
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  mounts: readonly MountOp[];
  /**
   * The pod's pid file, written by the step before it runs anything and blanked by the spawner
   * when it is reaped (orphans.ts has the format); '' for none.
   */
  pidFile: string;
  /** What follows the step's pid and start time in that record: `,"controllerPid":...}`. */
  pidTail: string;
}

export type SpawnerEvent =
  | { type: 'started'; id: number; pid: number }
  | { type: 'stdout' | 'stderr'; id: number; data: Buffer }
  | { type: 'exit'; id: number; code: number | null; signal: number | null; status: string };

const MOUNT_KINDS = { bind: 1, rbind: 2, overlay: 3 } as const;
const FLAG_ISOLATE = 1;
const FLAG_USERNS = 2;
const FLAG_REUSE = 4;

/** Builds one frame in a single buffer: sizes first, then one allocation (a spawn frame has ~100 fields). */
class FrameWriter {
  private readonly parts: Array<number | string> = [];
  /** Each part's encoding: 1 = u8, 4 = u32, 0 = string. */
  private readonly kinds: number[] = [];
  private size = 0;

  u8(v: number): this {
    this.parts.push(v);
    this.kinds.push(1);
    this.size += 1;
    return this;
  }

  u32(v: number): this {
    this.parts.push(v);
    this.kinds.push(4);
    this.size += 4;
    return this;
  }

  str(s: string): this {
    this.parts.push(s);
    this.kinds.push(0);
    this.size += 4 + Buffer.byteLength(s, 'utf8');
    return this;
  }

  /** The frame: its length, then everything pushed. */
  frame(): Buffer {
    const buf = Buffer.allocUnsafe(4 + this.size);
    buf.writeUInt32LE(this.size, 0);
    let off = 4;
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i]!;
      const kind = this.kinds[i]!;
      if (kind === 1) buf[off++] = part as number;
      else if (kind === 4) off = buf.writeUInt32LE((part as number) >>> 0, off);
      else {
        const len = buf.write(part as string, off + 4, 'utf8');
        buf.writeUInt32LE(len, off);
        off += 4 + len;
      }
    }
    return buf;
  }
}

export function encodeSpawn(req: SpawnRequest): Buffer {
  const w = new FrameWriter().u8(0x53 /* S */).u32(req.id);
  w.u32(
    (req.isolate ? FLAG_ISOLATE : 0) |
      (req.userNamespace ? FLAG_USERNS : 0) |
      (req.reuseNamespace ? FLAG_REUSE : 0),
  );
  w.str(req.home).str(req.workingDir);
  w.u32(req.argv.length);
  for (const a of req.argv) w.str(a);
  const env = Object.entries(req.env);
  w.u32(env.length);
  for (const [k, v] of env) w.str(`${k}=${v}`);
  w.u32(req.mounts.length);
  for (const m of req.mounts) {
    w.u8(MOUNT_KINDS[m.kind])
      .u8(m.mkdir ? 1 : 0)
      .str(m.source)
      .str(m.target)
      .str(m.data);
  }
  w.str(req.pidFile).str(req.pidTail);
  return w.frame();
}

export function encodeKill(id: number, signal: number): Buffer {
  return new FrameWriter().u8(0x4b /* K */).u32(id).u32(signal).frame();
}

/** Splits the spawner's stdout into events, whatever the chunk boundaries. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds a chunk; returns the events it completed. Throws on a frame that cannot be one of ours. */
  push(chunk: Buffer): SpawnerEvent[] {
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const events: SpawnerEvent[] = [];
    let off = 0;
    while (buf.length - off >= 4) {
      const len = buf.readUInt32LE(off);
      if (len < 5) throw new Error(`spawner protocol: frame of ${len} bytes`);
      if (buf.length - off - 4 < len) break;
      events.push(decodeEvent(buf.subarray(off + 4, off + 4 + len)));
      off += 4 + len;
    }
    buf = buf.subarray(off);
    // Copy a small remainder so a big chunk is not kept alive by a few pending bytes.
    this.pending = buf.length > 0 && buf.length < 4096 ? Buffer.from(buf) : buf;
    return events;
  }
}

function decodeEvent(frame: Buffer): SpawnerEvent {
  const type = String.fromCharCode(frame[0]!);
  const id = frame.readUInt32LE(1);
  switch (type) {
    case 'P':
      return { type: 'started', id, pid: frame.readUInt32LE(5) };
    case 'O':
    case 'E':
      // A view, not a copy: each chunk a stream emits is a buffer of its own.
      return { type: type === 'O' ? 'stdout' : 'stderr', id, data: frame.subarray(5) };
    case 'X': {
      const code = frame.readInt32LE(5);
      const signal = frame.readInt32LE(9);
      const len = frame.readUInt32LE(13);
      const status = frame.subarray(17, 17 + len).toString('utf8');
      return { type: 'exit', id, code: code < 0 ? null : code, signal: signal > 0 ? signal : null, status };
    }
    default:
      throw new Error(`spawner protocol: unknown frame type ${JSON.stringify(type)}`);
  }
}
