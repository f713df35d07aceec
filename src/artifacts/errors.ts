/** Artifact failures, each with a message fit for a node's status (never a secret in it). */
import { ArgosyError } from '../errors/index.js';

/** Moving an artifact failed: the repository refused, was unreachable, or the data was bad. */
export class ArtifactError extends ArgosyError {
  readonly httpStatus: number = 500;
  /** Worth trying again (connection refused, timeout, 5xx). */
  readonly transient: boolean;
  constructor(message: string, options: { transient?: boolean; cause?: unknown } = {}) {
    super(message);
    this.transient = options.transient ?? false;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** The artifact is not in the repository (key, URL, or revision missing). */
export class ArtifactNotFoundError extends ArtifactError {
  override readonly httpStatus = 404;
}

/** An archive would write outside its destination, or holds an entry type that is refused. */
export class UnsafeArchiveError extends ArtifactError {
  override readonly httpStatus = 400;
}

/** Node system errors that mean "try again later". */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isTransientCode(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
