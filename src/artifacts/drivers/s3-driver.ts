/**
 * `s3` artifacts through @aws-sdk/client-s3, against any S3-compatible endpoint (path-style by
 * default). Credentials come from Secrets named in the location (accessKeySecret/secretKeySecret),
 * or the SDK's default chain. Large files go up as multipart uploads, which S3 shows only once
 * completed (and aborts on failure); a directory saved unarchived is one object per file, deleted
 * again when any of them fails. Symbolic links are followed only to files inside the directory.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { ArtifactDriver, DriverContext, LoadedKind } from '../driver.js';
import { ArtifactError, ArtifactNotFoundError, isTransientCode } from '../errors.js';
import type { ArtifactLocation, S3Location } from '../location.js';
import { streamToFile } from './download.js';

/** Files above this size are uploaded in parts. */
export const MULTIPART_THRESHOLD = 64 * 1024 * 1024;
const PART_SIZE = 16 * 1024 * 1024;
const PARTS_IN_FLIGHT = 3;
/** Each part is streamed from the file in pieces of this size, never held whole. */
const PART_READ_SIZE = 64 * 1024;

/** Multipart sizes, overridable so tests can exercise multipart uploads with small files. */
export interface MultipartSizes {
  /** Files above this size are uploaded in parts. */
  threshold: number;
  partSize: number;
}

export class S3Driver implements ArtifactDriver {
  private readonly clients = new Map<string, S3Client>();
  private readonly multipart: MultipartSizes;

  constructor(
    private readonly ctx: Pick<DriverContext, 'secrets'>,
    multipart: Partial<MultipartSizes> = {},
  ) {
    this.multipart = { threshold: MULTIPART_THRESHOLD, partSize: PART_SIZE, ...multipart };
  }

  async load(location: ArtifactLocation, dest: string): Promise<LoadedKind> {
    const s3 = need(location);
    const client = await this.client(s3);
    try {
      const body = await this.get(client, s3, s3.key ?? '');
      await streamToFile(body, dest);
      return 'file';
    } catch (err) {
      if (!(err instanceof ArtifactNotFoundError)) throw err;
    }
    // No object at the key: a directory saved unarchived is the objects under `key/`.
    const keys = await this.listKeys(client, s3);
    if (keys.length === 0) throw new ArtifactNotFoundError(`s3://${s3.bucket}/${s3.key}: no such key`);
    const prefix = `${(s3.key ?? '').replace(/\/+$/, '')}/`;
    for (const key of keys) {
      const rel = key.slice(prefix.length);
      if (rel === '' || rel.split('/').some((p) => p === '..' || p === '')) continue;
      await streamToFile(await this.get(client, s3, key), join(dest, ...rel.split('/')));
    }
    return 'directory';
  }

  async save(src: string, location: ArtifactLocation): Promise<void> {
    const s3 = need(location);
    const client = await this.client(s3);
    const own = await lstat(src);
    // Never followed on this side: its target is not the step's file (a container's, or anywhere).
    if (own.isSymbolicLink()) {
      throw new ArtifactError(
        `${src.split(sep).pop()} is a symbolic link to '${await readlink(src)}', whose target is not part of the artifact: an unarchived s3 artifact holds files only`,
      );
    }
    const info = await stat(src);
    if (!info.isDirectory()) return this.putFile(client, s3, s3.key ?? '', src, info.size);
    const files = await listFiles(src);
    const base = (s3.key ?? '').replace(/\/+$/, '');
    const written: string[] = [];
    try {
      for (const rel of files) {
        const key = `${base}/${rel}`;
        const file = join(src, ...rel.split('/'));
        await this.putFile(client, s3, key, file, (await stat(file)).size);
        written.push(key);
      }
    } catch (err) {
      await this.deleteKeys(client, s3, written).catch(() => {});
      throw err;
    }
  }

  async openStream(location: ArtifactLocation): Promise<Readable> {
    const s3 = need(location);
    return this.get(await this.client(s3), s3, s3.key ?? '');
  }

  async list(location: ArtifactLocation): Promise<string[]> {
    const s3 = need(location, true);
    return this.listKeys(await this.client(s3), s3);
  }

  async delete(location: ArtifactLocation): Promise<void> {
    const s3 = need(location);
    // Never the whole bucket: an artifact always has a key of its own.
    if ((s3.key ?? '').replace(/\/+$/, '') === '')
      throw new ArtifactError('refusing to delete an s3 location without a key');
    const client = await this.client(s3);
    const keys = [s3.key ?? '', ...(await this.listKeys(client, s3))];
    await this.deleteKeys(client, s3, keys);
  }

  private async client(s3: S3Location): Promise<S3Client> {
    const config: S3ClientConfig = {
      region: s3.region || 'us-east-1',
      forcePathStyle: s3.forcePathStyle ?? true,
      maxAttempts: 1, // the executor retries, with its own backoff and message
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (s3.endpoint && s3.endpoint !== 's3.amazonaws.com') {
      config.endpoint = /^https?:\/\//.test(s3.endpoint)
        ? s3.endpoint
        : `${s3.insecure ? 'http' : 'https'}://${s3.endpoint}`;
    }
    if (s3.accessKeySecret || s3.secretKeySecret) {
      if (!s3.accessKeySecret || !s3.secretKeySecret) {
        throw new ArtifactError('s3: accessKeySecret and secretKeySecret must be given together');
      }
      const credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = {
        accessKeyId: (await this.ctx.secrets(s3.accessKeySecret)).trim(),
        secretAccessKey: (await this.ctx.secrets(s3.secretKeySecret)).trim(),
      };
      if (s3.sessionTokenSecret)
        credentials.sessionToken = (await this.ctx.secrets(s3.sessionTokenSecret)).trim();
      config.credentials = credentials;
    }
    const cacheKey = JSON.stringify([
      config.endpoint,
      config.region,
      config.forcePathStyle,
      config.credentials,
    ]);
    let client = this.clients.get(cacheKey);
    if (!client) {
      client = new S3Client(config);
      this.clients.set(cacheKey, client);
    }
    return client;
  }

  private async get(client: S3Client, s3: S3Location, key: string): Promise<Readable> {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      return out.Body as Readable;
    } catch (err) {
      throw s3Error(err, `s3://${s3.bucket}/${key}`);
    }
  }

  private async listKeys(client: S3Client, s3: S3Location): Promise<string[]> {
    // No key: the whole bucket (a data template listing `s3: {bucket: b}`), not the objects under "/".
    const base = (s3.key ?? '').replace(/\/+$/, '');
    const prefix = base === '' ? '' : `${base}/`;
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await client.send(
          new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw s3Error(err, `s3://${s3.bucket}/${prefix}`);
    }
    return keys.sort();
  }

  private async deleteKeys(client: S3Client, s3: S3Location, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).filter((k) => k !== '');
      if (batch.length === 0) continue;
      try {
        await client.send(
          new DeleteObjectsCommand({ Bucket: s3.bucket, Delete: { Objects: batch.map((Key) => ({ Key })) } }),
        );
      } catch (err) {
        throw s3Error(err, `s3://${s3.bucket}`);
      }
    }
  }

  private async putFile(
    client: S3Client,
    s3: S3Location,
    key: string,
    file: string,
    size: number,
  ): Promise<void> {
    const where = `s3://${s3.bucket}/${key}`;
    if (size <= this.multipart.threshold) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: s3.bucket,
            Key: key,
            Body: createReadStream(file),
            ContentLength: size,
          }),
        );
      } catch (err) {
        throw s3Error(err, where);
      }
      return;
    }
    let uploadId: string | undefined;
    try {
      const created = await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: key }));
      uploadId = created.UploadId;
      const parts = await uploadParts(
        client,
        s3.bucket ?? '',
        key,
        uploadId ?? '',
        file,
        size,
        this.multipart.partSize,
      );
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: s3.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (err) {
      if (uploadId) {
        await client
          .send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId: uploadId }))
          .catch(() => {});
      }
      throw s3Error(err, where);
    }
  }
}

/**
 * Uploads the file's parts, PARTS_IN_FLIGHT at a time, each streamed from its range of the file (the
 * SDK sends a stream with a known ContentLength as it is read), so memory does not grow with the part
 * size: reading whole 16 MB parts into buffers held ~50 MB live, and as much again waiting for GC.
 */
async function uploadParts(
  client: S3Client,
  bucket: string,
  key: string,
  uploadId: string,
  file: string,
  size: number,
  partSize: number,
): Promise<{ ETag: string; PartNumber: number }[]> {
  const count = Math.ceil(size / partSize);
  const parts: { ETag: string; PartNumber: number }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const start = index * partSize;
      const length = Math.min(partSize, size - start);
      const body = createReadStream(file, { start, end: start + length - 1, highWaterMark: PART_READ_SIZE });
      try {
        const out = await client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: index + 1,
            Body: body,
            ContentLength: length,
          }),
        );
        parts.push({ ETag: out.ETag ?? '', PartNumber: index + 1 });
      } finally {
        body.destroy();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, count) }, worker));
  return parts.sort((a, b) => a.PartNumber - b.PartNumber);
}

/** The s3 location; a key is required except for listing (no key lists the whole bucket). */
function need(location: ArtifactLocation, keyOptional = false): S3Location {
  const s3 = location.s3;
  if (!s3?.bucket)
    throw new ArtifactError('s3 artifact location has no bucket (and no repository supplies one)');
  if (!s3.key && !keyOptional)
    throw new ArtifactError(`s3 artifact location in bucket ${s3.bucket} has no key`);
  return s3;
}

/**
 * The files of a directory saved unarchived, one object each. A symbolic link to a file inside the
 * directory is uploaded as that file's content (as Argo's walk does); a link pointing outside it, to
 * a directory, or nowhere is left out: its target is not part of the artifact, and following it here
 * would read this host's file, not the step's.
 */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const top = await realpath(dir);
  const files: string[] = [];
  for (const e of entries) {
    const full = join(e.parentPath, e.name);
    if (e.isSymbolicLink() && !(await fileInside(full, top))) continue;
    if (e.isFile() || e.isSymbolicLink()) files.push(relative(dir, full).split(sep).join('/'));
  }
  return files.sort();
}

async function fileInside(link: string, top: string): Promise<boolean> {
  const target = await realpath(link).catch(() => undefined);
  if (target === undefined || !target.startsWith(`${top}${sep}`)) return false;
  return (await stat(target)).isFile();
}

function s3Error(err: unknown, where: string): ArtifactError {
  if (err instanceof ArtifactError) return err;
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? 'Error';
  if (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket')) {
    return new ArtifactNotFoundError(`${where}: no such key`);
  }
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  const reason = code && !(e.message ?? '').includes(code) ? `${e.message} (${code})` : (e.message ?? name);
  const transient =
    isTransientCode(err) || (status !== undefined && status >= 500) || name === 'TimeoutError';
  return new ArtifactError(`${where}: ${name === 'Error' ? reason : `${name}: ${reason}`}`, {
    transient,
    cause: err,
  });
}
