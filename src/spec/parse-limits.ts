/**
 * Limits on what the parser accepts, so hostile or broken input fails fast with a ParseError
 * instead of exhausting memory, the stack or the CPU.
 */

export const MIB = 1024 * 1024;

export const PARSE_LIMITS = {
  /** Largest file or request body, checked before parsing. */
  maxBytes: 8 * MIB,
  /** Deepest nesting of objects and lists, counted from the document root (root = 1). */
  maxDepth: 100,
  /** yaml's guard against alias ("billion laughs") expansion; see yaml's `maxAliasCount`. */
  maxAliasCount: 100,
  /** Most values (objects, lists, scalars) one document may hold once its aliases are resolved. */
  maxValues: 1_000_000,
} as const;

/** `10.0 MiB`: sizes as the messages show them. */
export function formatMiB(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

export function tooLargeReason(bytes: number): string {
  return `file is ${formatMiB(bytes)}, the limit is ${PARSE_LIMITS.maxBytes / MIB} MiB`;
}
