/** Lease rules shared by every Store: who may take a lease, and until when. */

import { ValidationError } from '../errors/index.js';
import type { Lease } from './store.js';

export function validateLease(name: string, holder: string, ttlMs: number): void {
  if (!name) throw new ValidationError('name', 'a lease needs a name');
  if (!holder) throw new ValidationError('holder', 'a lease needs a holder');
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new ValidationError('ttlMs', 'must be a positive number');
}

/** The lease after `holder` asks for it at `now`, or undefined when someone else holds it. */
export function acquireLease(
  current: Lease | undefined,
  name: string,
  holder: string,
  ttlMs: number,
  now: Date,
): Lease | undefined {
  const free =
    current === undefined || current.expiresAt.getTime() <= now.getTime() || current.holder === holder;
  return free ? { name, holder, expiresAt: new Date(now.getTime() + ttlMs) } : undefined;
}
