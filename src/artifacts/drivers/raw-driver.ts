/** `raw` artifacts: the data is inline in the spec. They can be read, never written. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import type { ArtifactDriver, LoadedKind } from '../driver.js';
import { ArtifactError } from '../errors.js';
import type { ArtifactLocation } from '../location.js';

export class RawDriver implements ArtifactDriver {
  async load(location: ArtifactLocation, dest: string): Promise<LoadedKind> {
    await mkdir(dirname(dest), { recursive: true });
    await writeFile(dest, location.raw?.data ?? '');
    return 'file';
  }

  async save(): Promise<void> {
    throw new ArtifactError('raw artifacts are inline data: they cannot be saved to');
  }

  async openStream(location: ArtifactLocation): Promise<Readable> {
    return Readable.from([Buffer.from(location.raw?.data ?? '')]);
  }

  async list(): Promise<string[]> {
    return [];
  }

  async delete(): Promise<void> {}
}
