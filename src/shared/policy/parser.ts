import type {
  AnyExpression,
  ComparisonOperator,
  Condition,
  Expression,
  LogicalOperator,
  SetItem,
} from './ast.js';
import { ParseFailure, TokenCursor } from './cursor.js';
import { buildError, describeToken, type ErrorResult, quotedList } from './errors.js';
import type { FieldSpec } from './fields.js';
import { lex } from './lexer.js';
import { EXPRESSION_LIMITS, type ExpressionLimits } from './limits.js';
import { decodeRegex, scalarLiteral, setItem } from './literals.js';
import { compileRegex } from './regex.js';
import { type Token, tokenPosition } from './tokens.js';
import type { ExpressionKind } from './types.js';
import { checkListUse, checkOperator, operatorsFor, resolveField } from './typing.js';

export type ParseResult = { ok: true; ast: Expression | null } | ErrorResult;

/** Words that cannot be field names. */
const KEYWORDS = new Set(['and', 'or', 'xor', 'not', 'any', 'in', 'matches']);
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** Logical operators from loosest to tightest, each with its symbolic spelling. */
const LEVELS: readonly { op: LogicalOperator; symbol: string }[] = [
  { op: 'or', symbol: '||' },
  { op: 'xor', symbol: '^^' },
  { op: 'and', symbol: '&&' },
];

export function parse(
  source: string,
  kind?: ExpressionKind,
  limits: ExpressionLimits = EXPRESSION_LIMITS,
): ParseResult {
  if (source.length > limits.maxLength) {
    return buildError(source, limits.maxLength, () => ({
      message: `The expression is ${source.length} characters long, more than the ${limits.maxLength} allowed; split it into several rules.`,
      expected: [`at most ${limits.maxLength} characters`],
      found: `${source.length} characters`,
    }));
  }
  const lexed = lex(source, limits);
  if (!lexed.ok) return lexed;
  if (lexed.tokens.length === 1) return { ok: true, ast: null };
  try {
    return { ok: true, ast: new Parser(source, lexed.tokens, kind, limits).parseAll() };
  } catch (error) {
    if (error instanceof ParseFailure) return error.result;
    throw error;
  }
}

/**
 * Recursive descent, one method per precedence level (or < xor < and < not). Every nesting
 * construct goes through `nested`, whose counter bounds the recursion depth.
 */
class Parser extends TokenCursor {
  constructor(
    source: string,
    tokens: readonly Token[],
    private readonly kind: ExpressionKind | undefined,
    limits: ExpressionLimits,
  ) {
    super(source, tokens, limits);
  }

  parseAll(): Expression {
    const expression = this.logical(0);
    const next = this.peek();
    if (next.type !== 'eof') {
      this.fail(next, (at) => ({
        message:
          next.type === ')'
            ? `Unmatched ")" at ${at}; remove it or add the "(" it closes.`
            : `Expected "and", "or" or the end of the expression at ${at}, found ${describeToken(next.text)}.`,
        expected: ['and', 'or', 'end of input'],
        found: describeToken(next.text),
      }));
    }
    return expression;
  }

  private logical(level: number): Expression {
    const spec = LEVELS[level];
    if (spec === undefined) return this.unary();
    const first = this.logical(level + 1);
    const operands: Expression[] = [first];
    while (this.isWord(spec.op) || this.peek().type === spec.symbol) {
      this.index++;
      operands.push(this.logical(level + 1));
    }
    if (operands.length === 1) return first;
    return { type: spec.op, operands, position: first.position } as Expression;
  }

  private unary(): Expression {
    const token = this.peek();
    if (this.isWord('not') || token.type === '!') {
      this.index++;
      const operand = this.nested(token, () => this.unary());
      return { type: 'not', operand, position: tokenPosition(token) };
    }
    return this.primary();
  }

  private primary(): Expression {
    const token = this.peek();
    if (token.type === '(') {
      this.index++;
      return this.nested(token, () => {
        const inner = this.logical(0);
        this.expectClosing(token);
        return inner;
      });
    }
    if (token.type === 'word' && token.text === 'any') {
      this.index++;
      return this.nested(token, () => this.anyExpression(token));
    }
    if (token.type !== 'word' || KEYWORDS.has(token.text)) {
      const found = token.type === 'eof' ? 'end of input' : describeToken(token.text);
      this.fail(token, (at) => ({
        message: `Expected a condition such as net.vnet_id == "…" at ${at}, found ${found}.`,
        expected: ['a field name', '(', 'not', 'any'],
        found,
      }));
    }
    this.index++;
    const spec = this.check(token, resolveField(token.text, this.kind));
    if (this.peek().type === '[') {
      const bracket = this.peek();
      this.fail(bracket, (at) => ({
        message: `"${spec.name}[*]" at ${at} must be inside any(…): write any(${spec.name}[*] == "…").`,
        expected: operatorsFor(spec),
        found: '[',
      }));
    }
    return this.condition(spec, token, false);
  }

  private anyExpression(anyToken: Token): AnyExpression {
    this.expect('(', 'after "any"');
    const fieldToken = this.peek();
    if (fieldToken.type !== 'word' || KEYWORDS.has(fieldToken.text)) {
      this.fail(fieldToken, (at) => ({
        message: `Expected a list field inside any( at ${at}, e.g. any(identity.groups.name[*] in {"…"}), found ${describeToken(fieldToken.text)}.`,
        expected: ['a list field'],
        found: describeToken(fieldToken.text),
      }));
    }
    this.index++;
    const spec = this.check(fieldToken, resolveField(fieldToken.text, this.kind));
    this.check(fieldToken, checkListUse(spec, true, '=='));
    this.expect('[', `after "${spec.name}" (write ${spec.name}[*])`);
    this.expect('*', `inside "${spec.name}[" (write ${spec.name}[*])`);
    this.expect(']', `after "${spec.name}[*" (write ${spec.name}[*])`);
    const condition = this.condition(spec, fieldToken, true);
    this.expectClosing(anyToken, 'any(');
    return { type: 'any', condition, position: tokenPosition(anyToken) };
  }

  private condition(spec: FieldSpec, fieldToken: Token, insideAny: boolean): Condition {
    const opToken = this.peek();
    const op = opToken.type === 'word' ? opToken.text : opToken.type;
    const position = tokenPosition(fieldToken);
    if (!COMPARISONS.has(op) && op !== 'in' && op !== 'matches') {
      const allowed = operatorsFor(spec);
      const found = opToken.type === 'eof' ? 'end of input' : describeToken(opToken.text);
      this.fail(opToken, (where) => ({
        message:
          op === '='
            ? `Use "==" to compare, not "=", at ${where}.`
            : `Expected an operator after "${spec.name}" at ${where} (${quotedList(allowed)}), found ${found}.`,
        expected: allowed,
        found,
      }));
    }
    this.check(fieldToken, checkListUse(spec, insideAny, op));
    this.check(opToken, checkOperator(spec, op));
    this.index++;
    if (op === 'in') {
      return { type: 'in', field: spec.name, values: this.set(spec), position };
    }
    if (op === 'matches') {
      return { type: 'matches', field: spec.name, pattern: this.regex(spec), position };
    }
    const valueToken = this.take();
    const value = this.literal(scalarLiteral(spec, valueToken, op));
    return { type: 'compare', field: spec.name, op: op as ComparisonOperator, value, position };
  }

  private set(spec: FieldSpec): SetItem[] {
    const open = this.expect('{', `after "in" (write ${spec.name} in {…})`);
    const items: SetItem[] = [];
    for (;;) {
      const token = this.take();
      if (token.type === '}') break;
      if (token.type === ',') {
        this.fail(token, (at) => ({
          message: `Separate set items with spaces, not commas (at ${at}).`,
          expected: ['a space', '}'],
          found: ',',
        }));
      }
      if (token.type === 'eof') {
        this.fail(token, (at) => ({
          message: `The set opened at line ${open.line}, column ${open.column} is not closed; add "}" at ${at}.`,
          expected: ['}'],
          found: 'end of input',
        }));
      }
      if (items.length >= this.limits.maxSetItems) {
        this.fail(token, (at) => ({
          message: `The set has more than ${this.limits.maxSetItems} items (at ${at}); split it over several rules.`,
          expected: ['}'],
          found: describeToken(token.text),
        }));
      }
      items.push(this.literal(setItem(spec, token)));
    }
    if (items.length === 0) {
      this.fail(open, (at) => ({
        message: `The set at ${at} is empty and would never match; list at least one value.`,
        expected: ['a value'],
        found: '}',
      }));
    }
    return items;
  }

  private regex(spec: FieldSpec): string {
    const token = this.take();
    if (token.type !== 'string') {
      const found = token.type === 'eof' ? 'end of input' : describeToken(token.text);
      this.fail(token, (at) => ({
        message: `Expected a quoted regular expression after "matches" at ${at}, found ${found}.`,
        expected: ['a quoted regular expression'],
        found,
      }));
    }
    const pattern = decodeRegex(token);
    const compiled = compileRegex(pattern, spec.caseInsensitive, this.limits.maxRegexProgram);
    if (!compiled.ok) {
      this.fail(token, (at) => ({
        message: `Invalid regular expression at ${at}: ${compiled.reason}.`,
        expected: ['a regular expression in RE2 syntax'],
        found: describeToken(token.text),
      }));
    }
    return pattern;
  }
}
