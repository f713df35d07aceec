/**
 * The seam between the executor and the places artifacts live (STYLE.md: small interfaces with a fake
 * beside each). A driver moves one artifact — a file, or a directory tree — between a local path and
 * its location. Archiving is not a driver's business: the executor tars/zips before save and after load.
 */
import type { Readable } from 'node:stream';
import type { ArtifactLocation, SecretRef } from './location.js';

export type LoadedKind = 'file' | 'directory';

export interface ArtifactDriver {
  /**
   * Downloads the artifact to `dest` (which must not exist yet): a file, or a directory when the
   * location holds a tree (an unarchived directory, a git checkout). Throws ArtifactNotFoundError
   * when there is nothing at the location.
   */
  load(location: ArtifactLocation, dest: string): Promise<LoadedKind>;
  /**
   * Uploads `src` (a file, or a directory saved unarchived) to the location. Either all of it is
   * there afterwards, or the call throws: never a partial artifact under the final key.
   */
  save(src: string, location: ArtifactLocation): Promise<void>;
  /** The bytes of a single-file artifact. */
  openStream(location: ArtifactLocation): Promise<Readable>;
  /** Keys (or relative paths) under the location, for directory artifacts. */
  list(location: ArtifactLocation): Promise<string[]>;
  /** Removes the artifact (all keys under it); missing is not an error. */
  delete(location: ArtifactLocation): Promise<void>;
}

/** Reads one key of a Secret in a namespace; throws when it is missing. */
export type SecretReader = (ref: SecretRef) => Promise<string>;

/** What drivers need from their surroundings. */
export interface DriverContext {
  /** Root of the embedded local repository (`$ARGOSY_HOME/artifacts` by default). */
  localRoot: string;
  secrets: SecretReader;
  /** Scratch space for downloads (clones, temporary archives). */
  tmpDir: string;
}
