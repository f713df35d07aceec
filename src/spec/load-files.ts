/**
 * Reads resource files: each path is a file (read whatever its extension) or a directory (searched
 * recursively for *.yaml, *.yml and *.json, in sorted order). Problems become ParseErrors in the
 * result, one per file, so one broken file does not hide the others.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ParseError } from '../errors/index.js';
import type { SourceDocument } from './index.js';
import { parseDocuments } from './parse-documents.js';
import { PARSE_LIMITS, tooLargeReason } from './parse-limits.js';

const RESOURCE_FILE = /\.(ya?ml|json)$/i;

export interface LoadResult {
  documents: SourceDocument[];
  errors: ParseError[];
}

function reasonOf(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT') return 'cannot read: no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read: permission denied';
  if (code === 'EISDIR') return 'cannot read: is a directory';
  return `cannot read: ${err instanceof Error ? err.message : String(err)}`;
}

/** Files under a directory, sorted, without following a symlink loop twice. */
async function filesUnder(dir: string, seen: Set<string>, errors: ParseError[]): Promise<string[]> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch (err) {
    errors.push(new ParseError(reasonOf(err), dir));
    return [];
  }
  if (seen.has(real)) return [];
  seen.add(real);
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (err) {
    errors.push(new ParseError(reasonOf(err), dir));
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    const full = join(dir, name);
    const info = await stat(full).catch(() => undefined);
    if (info?.isDirectory()) out.push(...(await filesUnder(full, seen, errors)));
    else if (RESOURCE_FILE.test(name)) out.push(full);
  }
  return out;
}

async function loadFile(file: string, result: LoadResult): Promise<void> {
  try {
    const info = await stat(file);
    if (info.size > PARSE_LIMITS.maxBytes) {
      result.errors.push(new ParseError(tooLargeReason(info.size), file));
      return;
    }
    const text = await readFile(file, 'utf8');
    result.documents.push(...parseDocuments(text, file));
  } catch (err) {
    result.errors.push(err instanceof ParseError ? err : new ParseError(reasonOf(err), file));
  }
}

/** Loads and parses every file named or found under the directories named. */
export async function loadFiles(paths: string[]): Promise<LoadResult> {
  const result: LoadResult = { documents: [], errors: [] };
  const seen = new Set<string>();
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (err) {
      result.errors.push(new ParseError(reasonOf(err), path));
      continue;
    }
    const files = info.isDirectory() ? await filesUnder(path, seen, result.errors) : [path];
    for (const file of files) await loadFile(file, result);
  }
  return result;
}
