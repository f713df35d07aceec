/** Hard limits that keep evaluation of untrusted expressions bounded. */
export const LIMITS = {
  /** Longest accepted expression source, in characters. */
  maxSourceLength: 64 * 1024,
  /** Deepest nesting of the AST the parser accepts. */
  maxDepth: 200,
  /** Default evaluation step budget. */
  defaultBudget: 100_000,
  /** Longest string any operation may produce. */
  maxStringLength: 1024 * 1024,
  /** Longest array any operation may produce. */
  maxArrayLength: 1_000_000,
  /** Deepest value (nested arrays/maps) that encoders and comparisons walk. */
  maxValueDepth: 1000,
  /** Longest regular expression pattern. */
  maxRegexLength: 1000,
} as const;
