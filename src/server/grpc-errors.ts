/**
 * Errors as Argo's grpc-gateway returns them: `{"code": <gRPC code>, "message": "..."}` with the
 * HTTP status grpc-gateway maps that code to. Every error of the server goes through here.
 */
import { ArgosyError, httpStatusOf } from '../errors/index.js';

/** gRPC status codes (google.golang.org/grpc/codes). */
export const GRPC = {
  InvalidArgument: 3,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;

export class UnauthenticatedError extends ArgosyError {
  readonly httpStatus = 401;
}

export class PermissionDeniedError extends ArgosyError {
  readonly httpStatus = 403;
}

function grpcCodeOf(status: number, err: unknown): number {
  switch (status) {
    case 400:
      return GRPC.InvalidArgument;
    case 401:
      return GRPC.Unauthenticated;
    case 403:
      return GRPC.PermissionDenied;
    case 404:
      return GRPC.NotFound;
    case 409:
      return err instanceof Error && err.name === 'ConflictError' ? GRPC.Aborted : GRPC.AlreadyExists;
    case 410:
      return GRPC.FailedPrecondition;
    case 413:
    case 429:
      return GRPC.ResourceExhausted;
    case 501:
      return GRPC.Unimplemented;
    case 503:
      return GRPC.Unavailable;
    default:
      return status >= 400 && status < 500 ? GRPC.InvalidArgument : GRPC.Internal;
  }
}

export interface GatewayError {
  code: number;
  message: string;
}

/** HTTP status and body of an error. Unexpected errors say "internal error" and nothing more. */
export function toGatewayError(err: unknown): { status: number; body: GatewayError } {
  let status = httpStatusOf(err);
  let message = err instanceof ArgosyError ? err.message : 'internal error';
  // Fastify's own errors (bad JSON, body too large, unsupported media type) carry their status.
  const fastifyStatus = (err as { statusCode?: unknown } | null)?.statusCode;
  if (
    !(err instanceof ArgosyError) &&
    typeof fastifyStatus === 'number' &&
    fastifyStatus >= 400 &&
    fastifyStatus < 500
  ) {
    status = fastifyStatus;
    message = (err as Error).message;
  }
  return { status, body: { code: grpcCodeOf(status, err), message } };
}
