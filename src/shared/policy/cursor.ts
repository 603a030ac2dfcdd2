import { buildError, describeToken, type ErrorDetail, type ErrorResult } from './errors.js';
import type { ExpressionLimits } from './limits.js';
import type { LiteralResult } from './literals.js';
import type { Token } from './tokens.js';
import type { Checked } from './typing.js';

/** Thrown inside the parser only; `parse` turns it back into a value. */
export class ParseFailure {
  constructor(readonly result: ErrorResult) {}
}

/**
 * The parser's position in the token list, with the moves and failures every grammar rule
 * shares. The depth counter lives here so that no rule can nest without counting.
 */
export class TokenCursor {
  protected index = 0;
  private depth = 0;

  constructor(
    protected readonly source: string,
    private readonly tokens: readonly Token[],
    protected readonly limits: ExpressionLimits,
  ) {}

  protected nested<T>(opener: Token, parse: () => T): T {
    if (this.depth >= this.limits.maxDepth) {
      this.fail(opener, (at) => ({
        message: `The expression nests deeper than ${this.limits.maxDepth} levels at ${at}; flatten it.`,
        expected: [`at most ${this.limits.maxDepth} levels of nesting`],
        found: describeToken(opener.text),
      }));
    }
    this.depth++;
    const result = parse();
    this.depth--;
    return result;
  }

  protected expectClosing(opener: Token, what = '('): void {
    const token = this.peek();
    if (token.type === ')') {
      this.index++;
      return;
    }
    const found = token.type === 'eof' ? 'end of input' : describeToken(token.text);
    this.fail(token, (at) => ({
      message: `Expected ")" at ${at} to close the "${what}" at line ${opener.line}, column ${opener.column}, found ${found}.`,
      expected: [')'],
      found,
    }));
  }

  protected expect(type: Token['type'], context: string): Token {
    const token = this.take();
    if (token.type === type) return token;
    const found = token.type === 'eof' ? 'end of input' : describeToken(token.text);
    this.fail(token, (at) => ({
      message: `Expected "${type}" ${context} at ${at}, found ${found}.`,
      expected: [type],
      found,
    }));
  }

  protected literal<T>(result: LiteralResult<T>): T {
    if (result.ok) return result.value;
    throw new ParseFailure(buildError(this.source, result.offset, result.detailAt));
  }

  protected check<T>(token: Token, result: Checked<T>): T {
    if (result.ok) return result.value;
    this.fail(token, result.detailAt);
  }

  protected fail(token: Token, detailAt: (at: string) => ErrorDetail): never {
    throw new ParseFailure(buildError(this.source, token.offset, detailAt));
  }

  protected peek(): Token {
    // The token list always ends with `eof`, and the parser never moves past it.
    return this.tokens[this.index] ?? (this.tokens.at(-1) as Token);
  }

  protected take(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  protected isWord(text: string): boolean {
    const token = this.peek();
    return token.type === 'word' && token.text === text;
  }
}
