/**
 * Bounds on what the parser accepts. Expressions come from API users, so every dimension that
 * could make parsing or evaluation expensive is capped, and each cap has its own error.
 *
 * The set cap is below what the length cap alone would allow (a 16 KiB source can hold about
 * 8,000 one-digit items), so it is reachable and its message is the one a person sees.
 */
export const EXPRESSION_LIMITS = {
  /** Source length in UTF-16 code units. */
  maxLength: 16 * 1024,
  /** Tokens in one expression. */
  maxTokens: 8192,
  /** Nested parentheses, `not` and `any(…)` together. */
  maxDepth: 64,
  /** Items in one `{…}` set. */
  maxSetItems: 4096,
  /** Instructions of one compiled regular expression; evaluation time grows with it. */
  maxRegexProgram: 2000,
} as const;

export type ExpressionLimits = { readonly [K in keyof typeof EXPRESSION_LIMITS]: number };
