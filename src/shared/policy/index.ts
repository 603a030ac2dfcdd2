/**
 * The rule expression language of egress policies: the wirefilter-like subset Cloudflare uses
 * for the `traffic`, `identity` and `device_posture` columns of a Gateway rule.
 *
 *   expression := or ; or := xor ("or" | "||") … ; xor := and ("xor" | "^^") … ;
 *   and := unary ("and" | "&&") … ; unary := ("not" | "!") unary | primary
 *   primary := "(" expression ")" | "any(" listField "[*]" condition ")" | field condition
 *   condition := ("==" | "!=" | "<" | "<=" | ">" | ">=") value | "in" "{" value… "}"
 *              | "matches" "\"regex\""
 *
 * Values: strings in double quotes (`\"` and `\\` escapes), bare IPv4/IPv6 addresses and
 * CIDR blocks, integers, and `from..to` ranges inside sets. Fields and their types are in
 * POLICY_FIELDS; every check (field, column, operator, literal) happens at parse time.
 */
import { type CompiledExpression, compileExpression } from './compile.js';
import { buildError, ExpressionSyntaxError } from './errors.js';
import { FIELDS, publicTypeName } from './fields.js';
import { type ParseResult, parse } from './parser.js';
import type { ExpressionKind } from './types.js';

export type * from './ast.js';
export type { CompiledExpression } from './compile.js';
export { compileExpression } from './compile.js';
export { ExpressionSyntaxError } from './errors.js';
export type { PreparedFacts } from './facts.js';
export { prepareFacts } from './facts.js';
export { formatExpression } from './format.js';
export type { ParseResult } from './parser.js';
export { referencedValues } from './references.js';
export type { ExpressionError, ExpressionKind, PolicyFacts, SourcePosition } from './types.js';

/**
 * Parses and type-checks `source`. Empty or whitespace-only source is `{ ok: true, ast: null }`
 * (an empty expression holds). With `kind`, only that column's fields are admitted. Never
 * throws: every problem comes back as `{ ok: false, error }`.
 */
export function parseExpression(source: string, kind?: ExpressionKind): ParseResult {
  // Callers in plain JavaScript (or a JSON body cast too early) may pass anything.
  if (typeof source !== 'string') {
    return buildError('', 0, () => ({
      message: `An expression must be text, not ${source === null ? 'null' : typeof source}.`,
      expected: ['a string'],
      found: source === null ? 'null' : typeof source,
    }));
  }
  if (kind !== undefined && !KINDS.includes(kind)) {
    return buildError(source, 0, () => ({
      message: `Unknown expression kind "${String(kind)}"; use ${KINDS.join(', ')} or none.`,
      expected: KINDS,
      found: String(kind),
    }));
  }
  return parse(source, kind);
}

const KINDS: readonly ExpressionKind[] = ['traffic', 'identity', 'device_posture'];

/** parse + compile; throws ExpressionSyntaxError. For configs already validated on write. */
export function compilePolicyExpression(source: string, kind?: ExpressionKind): CompiledExpression {
  const parsed = parseExpression(source, kind);
  if (!parsed.ok) throw new ExpressionSyntaxError(parsed.error);
  return compileExpression(parsed.ast, source);
}

/** Every field, for documentation, API messages and UI hints. */
export const POLICY_FIELDS: readonly {
  name: string;
  type: string;
  kinds: readonly ExpressionKind[];
  description: string;
  caseInsensitive: boolean;
}[] = FIELDS.map((spec) => ({
  name: spec.name,
  type: publicTypeName(spec),
  kinds: spec.kinds,
  description: spec.description,
  caseInsensitive: spec.caseInsensitive,
}));
