/**
 * A driver whose module is imported on first use: the S3 SDK costs ~100 ms to load, which every
 * CLI command would otherwise pay whether or not a workflow touches S3.
 */
import type { Readable } from 'node:stream';
import type { ArtifactDriver, LoadedKind } from '../driver.js';
import type { ArtifactLocation } from '../location.js';

export class LazyDriver implements ArtifactDriver {
  private driver: Promise<ArtifactDriver> | undefined;

  constructor(private readonly create: () => Promise<ArtifactDriver>) {}

  private get(): Promise<ArtifactDriver> {
    this.driver ??= this.create();
    return this.driver;
  }

  async load(location: ArtifactLocation, dest: string): Promise<LoadedKind> {
    return (await this.get()).load(location, dest);
  }

  async save(src: string, location: ArtifactLocation): Promise<void> {
    return (await this.get()).save(src, location);
  }

  async openStream(location: ArtifactLocation): Promise<Readable> {
    return (await this.get()).openStream(location);
  }

  async list(location: ArtifactLocation): Promise<string[]> {
    return (await this.get()).list(location);
  }

  async delete(location: ArtifactLocation): Promise<void> {
    return (await this.get()).delete(location);
  }
}
