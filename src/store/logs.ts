/** Log rules shared by every Store: how a chunk becomes lines, and which lines a filter selects. */

import { ValidationError } from '../errors/index.js';
import type { LogFilter, LogRef, LogStream } from './store.js';

export interface LogPiece {
  content: string;
  partial: boolean;
}

/** Splits output into lines; a trailing piece without newline is a partial line (CRI's `P` tag). */
export function splitLogChunk(chunk: string): LogPiece[] {
  if (chunk === '') return [];
  const parts = chunk.split('\n');
  const last = parts.pop() ?? '';
  const pieces = parts.map((content) => ({ content: content.replace(/\r$/, ''), partial: false }));
  if (last !== '') pieces.push({ content: last, partial: true });
  return pieces;
}

export function validateLogRef(ref: LogRef, stream: LogStream): void {
  for (const field of ['namespace', 'workflow', 'podName', 'container'] as const) {
    if (typeof ref[field] !== 'string' || ref[field] === '') throw new ValidationError(field, 'is required');
  }
  if (stream !== 'stdout' && stream !== 'stderr')
    throw new ValidationError('stream', 'must be stdout or stderr');
}

export function matchesLogFilter(filter: LogFilter, line: LogRef): boolean {
  return (
    line.namespace === filter.namespace &&
    line.workflow === filter.workflow &&
    (filter.podName === undefined || line.podName === filter.podName) &&
    (filter.container === undefined || line.container === filter.container)
  );
}
