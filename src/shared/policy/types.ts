/**
 * The public contract of the rule expression language. The resolver and the control API depend
 * on these types only; the lexer, parser and compiler behind them are free to change.
 */

/** Which rule column an expression lives in; each admits its own family of fields. */
export type ExpressionKind = 'traffic' | 'identity' | 'device_posture';

/**
 * Everything a rule can be evaluated against, in plain data. The resolver builds one per
 * resolve; `prepareFacts` normalises it once (IP parsing, parent domains) so that evaluating
 * a thousand rules never re-parses anything.
 */
export interface PolicyFacts {
  vnetId?: string | undefined;
  protocol?: string | undefined;
  src?: EndpointFacts | undefined;
  dst?: (EndpointFacts & { host?: string | undefined }) | undefined;
  identity?:
    | {
        email?: string | undefined;
        name?: string | undefined;
        groups?: readonly { name: string; email?: string | undefined }[] | undefined;
      }
    | undefined;
  devicePosture?: { passed: readonly string[] } | undefined;
}

export interface EndpointFacts {
  ip?: string | undefined;
  port?: number | undefined;
  country?: string | undefined;
  continent?: string | undefined;
}

/** A position in the source text: 0-based offset, 1-based line and column. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

/** A parse or type error, written for a person reading an API error message. */
export interface ExpressionError {
  /** One sentence: what went wrong, where, and what would fix it. */
  message: string;
  position: SourcePosition;
  /** What the parser would have accepted here, e.g. `['==', '!=', 'in', 'matches']`. */
  expected: readonly string[];
  /** The offending token as written, or `end of input`. */
  found: string;
  /** The source line with a caret under the error, two lines. */
  snippet: string;
  /** For an unknown field: the closest known field name. */
  suggestion?: string | undefined;
}
