/** An error answered by the server in gRPC-gateway shape: `{"code": N, "message": "..."}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads an error body (JSON `{code, message}` or plain text) into an ApiError. */
export function apiErrorOf(status: number, body: string): ApiError {
  try {
    const parsed = JSON.parse(body) as { code?: number; message?: string; error?: string };
    const message = parsed.message || parsed.error;
    if (message) return new ApiError(status, message, parsed.code);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(status, body.trim() || `HTTP ${status}`);
}
