import { CommanderError } from 'commander';
import { ArgosyError, exitCodeOf, ParseError, ValidationError } from '../errors/index.js';

/** Prints an error the way a user should see it (never a stack trace unless ARGOSY_DEBUG) and returns the exit code. */
export function reportFatal(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  if (process.env.ARGOSY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  if (err instanceof ValidationError && err.document) {
    const d = err.document;
    const where = [d.file, d.line].filter((x) => x !== undefined).join(':');
    const what = d.kind ? `${d.kind}/${d.name ?? ''}` : '';
    process.stderr.write(`${[where, what, err.message].filter(Boolean).join(': ')}\n`);
  } else if (err instanceof ParseError) {
    const where = [err.file, err.line].filter((x) => x !== undefined).join(':');
    process.stderr.write(`${where ? `${where}: ` : 'argosy: '}${err.reason}\n`);
  } else if (err instanceof ArgosyError) {
    process.stderr.write(`argosy: ${err.message}\n`);
  } else if (err instanceof Error) {
    process.stderr.write(`argosy: ${err.message}\n`);
  } else {
    process.stderr.write(`argosy: ${String(err)}\n`);
  }
  return exitCodeOf(err);
}
