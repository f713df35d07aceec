/**
 * Node IDs and pod names, computed exactly as Argo does (FNV-1a 32-bit over the node name, in decimal).
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, over the UTF-8 bytes of text. */
export function fnv32a(text: string): number {
  // ASCII (nearly every node name) is its own UTF-8: no buffer. Called several times per node per reconcile.
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return fnv32aBytes(Buffer.from(text, 'utf8'));
    hash = Math.imul(hash ^ c, FNV_PRIME);
  }
  return hash >>> 0;
}

function fnv32aBytes(bytes: Uint8Array): number {
  let hash = FNV_OFFSET;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV_PRIME);
  return hash >>> 0;
}

/** The root node's ID is the workflow name; every other node is `<wf>-<fnv32a(node name)>`. */
export function nodeIdOf(workflowName: string, nodeName: string): string {
  if (nodeName === workflowName) return workflowName;
  return `${workflowName}-${fnv32a(nodeName)}`;
}

const MAX_NAME_LENGTH = 253;
const HASH_LENGTH = 10;
const MAX_PREFIX_LENGTH = MAX_NAME_LENGTH - HASH_LENGTH - 1;

/** Pod names v2: `<wf>-<template>-<fnv32a(node name)>`; the pod of the root node is named like the workflow. */
export function podNameOf(workflowName: string, nodeName: string, templateName: string): string {
  if (nodeName === workflowName) return workflowName;
  let prefix = templateName ? `${workflowName}-${templateName}` : workflowName;
  if (prefix.length > MAX_PREFIX_LENGTH) prefix = prefix.slice(0, MAX_PREFIX_LENGTH);
  return `${prefix}-${fnv32a(nodeName)}`;
}
