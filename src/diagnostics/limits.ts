/**
 * The documented limits (README "Limits"): far above what a real policy needs, low enough that no
 * policy can drive a stage into a stack overflow, an unbounded read or quadratic work. Each has a
 * diagnostic code (KPL5xxx) naming the limit.
 */
export const LIMITS = {
  /** Characters of one policy file (the main file and each import). */
  policyChars: 4 * 1024 * 1024,
  /** Characters of one string literal. */
  stringChars: 100_000,
  /** Nesting of parentheses, calls, blocks, `if` and signs in one declaration (KPL5001). */
  nesting: 64,
  /** Depth of a declaration's syntax tree (a chain `a + b + …` nests too) (KPL5001). */
  treeDepth: 400,
  /** Definitions (`let`, indicators, adjustments) one definition may depend on in a chain (KPL5007). */
  definitionChain: 256,
  /** Files one policy may read (itself and its imports). */
  files: 1000,
  /** Depth of an import chain. */
  importDepth: 32,
  /** Characters of an import path as written. */
  importPath: 1024,
} as const;
