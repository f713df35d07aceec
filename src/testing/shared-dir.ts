/**
 * Where the project's reference material lives: `../shared` beside the repository (CI puts it there).
 * Tests that read it skip, saying so, when it is absent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is src/testing/shared-dir.ts, or dist/testing/shared-dir.js). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SHARED_DIR = process.env.ARGOSY_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');
export const ARGO_EXAMPLES_DIR = process.env.ARGO_EXAMPLES_DIR ?? join(SHARED_DIR, 'argo-examples');
export const ARGO_SCHEMA_JSON = process.env.ARGO_SCHEMA_JSON ?? join(SHARED_DIR, 'argo-api', 'schema.json');

/** `false` when present, else the reason to skip — for `describe(name, { skip: skipUnless(dir) }, ...)`. */
export function skipUnless(path: string): false | string {
  return existsSync(path) ? false : `${path} is absent (../shared is not beside the repository): skipped`;
}
