/**
 * The pod name of a node, as Argo (v2 pod names) and Argosy's engine compute it:
 * `<workflow>-<template>-<fnv32a(node name)>`, the root pod named like the workflow.
 */

import type { NodeStatus } from './types.ts';

export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const MAX_PREFIX_LENGTH = 253 - 10 - 1;

export function podNameOf(
  workflowName: string,
  node: Pick<NodeStatus, 'name' | 'templateName' | 'templateRef'>,
): string {
  if (node.name === workflowName) return workflowName;
  const templateName = node.templateName ?? node.templateRef?.template ?? '';
  let prefix = templateName ? `${workflowName}-${templateName}` : workflowName;
  if (prefix.length > MAX_PREFIX_LENGTH) prefix = prefix.slice(0, MAX_PREFIX_LENGTH);
  return `${prefix}-${fnv32a(node.name)}`;
}
