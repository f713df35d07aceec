/**
 * An S3 server (s3rver on loopback) that can go down and come back on the same port with the same
 * objects: for tests of what happens while a repository is unreachable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';
import { S3Driver } from '../drivers/s3-driver.js';
import { S3_ACCESS_KEY, S3_SECRET_KEY, type S3Server } from './servers.js';

export class FlakyS3 {
  private server: { run(): Promise<AddressInfo>; close(): Promise<void> } | undefined;
  private port = 0;
  private readonly directory = mkdtempSync(join(tmpdir(), 'argosy-s3-flaky-'));
  private readonly driver = new S3Driver({
    secrets: async (ref) => (ref.key === 'accesskey' ? S3_ACCESS_KEY : S3_SECRET_KEY),
  });

  constructor(readonly bucket = 'argosy-flaky') {}

  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** As useS3Repository takes it. */
  get asServer(): S3Server {
    return { endpoint: this.endpoint, bucket: this.bucket, close: () => this.down() };
  }

  /** Starts (again, on the same port once it has one). */
  async up(): Promise<void> {
    this.server = new S3rver({
      address: '127.0.0.1',
      port: this.port,
      silent: true,
      directory: this.directory,
      configureBuckets: [{ name: this.bucket }],
    });
    this.port = (await this.server?.run())?.port ?? 0;
  }

  async down(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  /** Stops it for good and removes its objects. */
  async remove(): Promise<void> {
    await this.down();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** The keys under `prefix` (the server must be up). */
  keys(prefix: string): Promise<string[]> {
    return this.driver.list({
      s3: {
        bucket: this.bucket,
        endpoint: this.endpoint,
        insecure: true,
        key: prefix,
        accessKeySecret: { name: 'x', key: 'accesskey' },
        secretKeySecret: { name: 'x', key: 'secretkey' },
      },
    });
  }
}
