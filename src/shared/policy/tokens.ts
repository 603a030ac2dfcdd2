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

/**
 * Characters a bare word may contain: names, integers, ranges, IPv4/IPv6 addresses, CIDRs.
 * A lookup table: the lexer asks once per character.
 */
const WORD_CHARS = (() => {
  const table = new Uint8Array(128);
  for (const char of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/-') {
    table[char.charCodeAt(0)] = 1;
  }
  return table;
})();

export function isWordChar(code: number): boolean {
  return code < 128 && WORD_CHARS[code] === 1;
}
