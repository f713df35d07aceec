/**
 * Which of two copies of a workflow is the newer. Copies reach a page by several paths — the first
 * GET, the watch stream, an action's answer — and those answers can arrive out of order (a resume's
 * answer may land after the watch has already sent the finished workflow). A page keeps a copy
 * only if it is not older than the one it shows, so a late answer never rolls the page back to a
 * state the watch will not send again.
 */

import type { Workflow } from '../api/types.ts';

/** Argosy's resourceVersions are decimal counters (one per store); anything else is opaque. */
function versionNumber(wf: Workflow): bigint | undefined {
  const rv = wf.metadata.resourceVersion;
  return rv !== undefined && /^\d+$/.test(rv) ? BigInt(rv) : undefined;
}

/**
 * True when `incoming` should replace `current`: there is no current copy, it is another object
 * (another uid or name), either version is missing or opaque, or incoming's is not lower.
 */
export function isNotOlder(current: Workflow | undefined, incoming: Workflow): boolean {
  if (!current) return true;
  const a = current.metadata;
  const b = incoming.metadata;
  if (a.name !== b.name || a.namespace !== b.namespace) return true;
  if (a.uid && b.uid && a.uid !== b.uid) return true;
  const have = versionNumber(current);
  const got = versionNumber(incoming);
  if (have === undefined || got === undefined) return true;
  return got >= have;
}

/** The copy to keep: `incoming` unless it is older than `current`. */
export function newerWorkflow(current: Workflow | undefined, incoming: Workflow): Workflow {
  return current && !isNotOlder(current, incoming) ? current : incoming;
}
