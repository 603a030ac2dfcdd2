import { buildError, describeToken, type ErrorResult } from './errors.js';
import type { ExpressionLimits } from './limits.js';
import { isWordChar, type Token, type TokenType } from './tokens.js';

export type LexResult = { ok: true; tokens: Token[] } | ErrorResult;

/** Splits the source into tokens, ending with one `eof`. Stops at the first error. */
export function lex(source: string, limits: ExpressionLimits): LexResult {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;

  while (offset < source.length) {
    const code = source.charCodeAt(offset);
    if (code === 0x0a) {
      offset++;
      line++;
      lineStart = offset;
      continue;
    }
    if (code === 0x20 || code === 0x09 || code === 0x0d) {
      offset++;
      continue;
    }
    if (tokens.length >= limits.maxTokens) {
      return buildError(source, offset, (at) => ({
        message: `The expression has more than ${limits.maxTokens} tokens (the excess starts at ${at}); split it into several rules.`,
        expected: [`at most ${limits.maxTokens} tokens`],
        found: describeToken(source.slice(offset, offset + 1)),
      }));
    }
    let type: TokenType | undefined;
    let end = offset + 1;
    if (isWordChar(code)) {
      while (end < source.length && isWordChar(source.charCodeAt(end))) end++;
      type = 'word';
    } else if (code === 0x22) {
      end = stringEnd(source, offset);
      if (end < 0) {
        return buildError(source, offset, (at) => ({
          message: `The string starting at ${at} has no closing quote; end it with ".`,
          expected: ['"'],
          found: 'end of input',
        }));
      }
      type = 'string';
    } else {
      type = operatorAt(source, offset);
      if (type !== undefined) end = offset + type.length;
    }
    if (type === undefined) {
      const char = String.fromCodePoint(source.codePointAt(offset) ?? code);
      return buildError(source, offset, (at) => ({
        message: `Unexpected character ${JSON.stringify(char)} at ${at}; an expression holds field names, operators, quoted strings, numbers and IP addresses.`,
        expected: ['a field name', 'an operator', 'a value'],
        found: char,
      }));
    }
    tokens.push({
      type,
      text: source.slice(offset, end),
      offset,
      line,
      column: offset - lineStart + 1,
    });
    if (type === 'string') {
      // A string may span lines; keep line and column counting right after it.
      for (let i = offset; i < end; i++) {
        if (source.charCodeAt(i) === 0x0a) {
          line++;
          lineStart = i + 1;
        }
      }
    }
    offset = end;
  }
  tokens.push({ type: 'eof', text: '', offset, line, column: offset - lineStart + 1 });
  return { ok: true, tokens };
}

/** The punctuation or operator starting at `offset`, longest first. */
function operatorAt(source: string, offset: number): TokenType | undefined {
  const char = source[offset];
  const pair = source.slice(offset, offset + 2);
  switch (char) {
    case '=':
      return pair === '==' ? '==' : '=';
    case '!':
      return pair === '!=' ? '!=' : '!';
    case '<':
      return pair === '<=' ? '<=' : '<';
    case '>':
      return pair === '>=' ? '>=' : '>';
    case '&':
      return pair === '&&' ? '&&' : undefined;
    case '|':
      return pair === '||' ? '||' : undefined;
    case '^':
      return pair === '^^' ? '^^' : undefined;
    case '(':
    case ')':
    case '{':
    case '}':
    case '[':
    case ']':
    case '*':
    case ',':
      return char;
    default:
      return undefined;
  }
}

/** The offset just past the closing quote of the string opening at `start`, or -1. */
function stringEnd(source: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = source.indexOf('"', from);
    if (quote === -1) return -1;
    // The quote is escaped when an odd run of backslashes precedes it.
    let backslashes = 0;
    while (source.charCodeAt(quote - 1 - backslashes) === 0x5c && quote - 1 - backslashes > start) {
      backslashes++;
    }
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}
