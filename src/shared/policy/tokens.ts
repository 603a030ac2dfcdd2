import type { SourcePosition } from './types.js';

/**
 * Tokens of the expression language. Bare values (field names, keywords, integers, ranges, IP
 * addresses and CIDRs) all lex as one `word`: whether `fe80::1` is an address or `and` a keyword
 * depends on where it stands, which only the parser knows.
 */
export type TokenType =
  | 'word'
  | 'string'
  | '('
  | ')'
  | '{'
  | '}'
  | '['
  | ']'
  | '*'
  | ','
  | '=='
  | '!='
  | '='
  | '<'
  | '<='
  | '>'
  | '>='
  | '&&'
  | '||'
  | '^^'
  | '!'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** The token exactly as written; for a string, including its quotes. */
  readonly text: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Where a token starts, as a node position. */
export function tokenPosition(token: Token): SourcePosition {
  return { offset: token.offset, line: token.line, column: token.column };
}

/** Characters a bare word may contain: names, integers, ranges, IPv4/IPv6 addresses, CIDRs. */
export function isWordChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || // _
    code === 0x2e || // .
    code === 0x3a || // :
    code === 0x2f || // /
    code === 0x2d // -
  );
}
