/** One driver per location kind, created on first use and shared (the s3 driver caches clients). */
import type { ArtifactDriver, DriverContext } from '../driver.js';
import { ArtifactError } from '../errors.js';
import { type ArtifactLocation, kindOf, type LocationKind } from '../location.js';
import { GitDriver } from './git-driver.js';
import { HttpDriver } from './http-driver.js';
import { LazyDriver } from './lazy-driver.js';
import { LocalDriver } from './local-driver.js';
import { RawDriver } from './raw-driver.js';

export class DriverRegistry {
  private readonly drivers = new Map<LocationKind, ArtifactDriver>();

  constructor(
    readonly ctx: DriverContext,
    /** Replace or add drivers (tests use the in-memory fake). */
    overrides: Partial<Record<LocationKind, ArtifactDriver>> = {},
  ) {
    for (const [kind, driver] of Object.entries(overrides)) this.drivers.set(kind as LocationKind, driver);
  }

  forLocation(location: ArtifactLocation): ArtifactDriver {
    const kind = kindOf(location);
    if (!kind) throw new ArtifactError('artifact has no location (s3, http, git, raw, ...)');
    return this.forKind(kind);
  }

  forKind(kind: LocationKind): ArtifactDriver {
    let driver = this.drivers.get(kind);
    if (driver) return driver;
    switch (kind) {
      case 'local':
        driver = new LocalDriver(this.ctx);
        break;
      case 's3': {
        const ctx = this.ctx;
        driver = new LazyDriver(async () => new (await import('./s3-driver.js')).S3Driver(ctx));
        break;
      }
      case 'http':
        driver = new HttpDriver(this.ctx);
        break;
      case 'git':
        driver = new GitDriver(this.ctx);
        break;
      case 'raw':
        driver = new RawDriver();
        break;
      default:
        throw new ArtifactError(
          `${kind} artifacts are not supported by Argosy (use s3, http, git, raw or the local repository)`,
        );
    }
    this.drivers.set(kind, driver);
    return driver;
  }
}
