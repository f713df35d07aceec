/** Artifact locations, drivers (local, s3, http, git, raw) and archives: the `artifacts/` layer. */
export { type ArchiveStrategy, pack, strategyOf, unpack } from './archive/archive.js';
export type { ArtifactDriver, DriverContext, LoadedKind, SecretReader } from './driver.js';
export { DriverRegistry } from './drivers/registry.js';
export { ArtifactError, ArtifactNotFoundError, UnsafeArchiveError } from './errors.js';
export * from './location.js';
export { DEFAULT_RETRY, type RetryPolicy, withRetries } from './retry.js';
