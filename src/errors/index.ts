/**
 * Named error classes shared by every layer. Each knows its HTTP status and CLI exit code,
 * so the server and the CLI map them in one place (see `httpStatusOf` / `exitCodeOf`).
 */

export abstract class ArgosyError extends Error {
  abstract readonly httpStatus: number;
  readonly exitCode: number = 1;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A field of a document is wrong. `path` is the dotted field path, e.g. `spec.templates[0].dag.tasks[1].depends`. */
export class ValidationError extends ArgosyError {
  readonly httpStatus = 400;
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly document?: { file?: string; line?: number; kind?: string; name?: string },
  ) {
    super(path ? `${path}: ${reason}` : reason);
  }
}

/** Input could not be read at all (broken YAML, too large, too deep, alias bomb). */
export class ParseError extends ArgosyError {
  readonly httpStatus = 400;
  constructor(
    readonly reason: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(reason);
  }
}

/** An expression (`{{= }}`, `when`, `depends`, a tag) is malformed or failed to evaluate. */
export class ExpressionError extends ArgosyError {
  readonly httpStatus = 400;
  constructor(
    readonly reason: string,
    readonly source: string,
    readonly position?: number,
  ) {
    super(
      position === undefined
        ? `${reason} in "${source}"`
        : `${reason} at position ${position} in "${source}"`,
    );
  }
}

export class NotFoundError extends ArgosyError {
  readonly httpStatus = 404;
}

export class ConflictError extends ArgosyError {
  readonly httpStatus = 409;
}

export class AlreadyExistsError extends ArgosyError {
  readonly httpStatus = 409;
}

/** A failure not worth retrying. */
export class TerminalError extends ArgosyError {
  readonly httpStatus = 500;
}

export function httpStatusOf(err: unknown): number {
  return err instanceof ArgosyError ? err.httpStatus : 500;
}

export function exitCodeOf(err: unknown): number {
  return err instanceof ArgosyError ? err.exitCode : 2;
}
