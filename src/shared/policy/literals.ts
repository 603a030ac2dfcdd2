import type { IntLiteral, IpLiteral, Literal, SetItem, StringLiteral } from './ast.js';
import { describeToken, type ErrorDetail } from './errors.js';
import { describeFieldType, type FieldSpec } from './fields.js';
import { parseIpLiteral } from './ip.js';
import { type Token, tokenPosition } from './tokens.js';

/**
 * Type checking of values: turns the token after an operator into a literal of the field's
 * type, or says what was expected. Each literal carries its token's position.
 */
export type LiteralResult<T> =
  | { ok: true; value: T }
  | { ok: false; offset: number; detailAt: (at: string) => ErrorDetail };

type Context = { spec: FieldSpec; token: Token; after: string };

/** The value after `==`, `!=`, `<`, … */
export function scalarLiteral(spec: FieldSpec, token: Token, op: string): LiteralResult<Literal> {
  const context = { spec, token, after: `after "${op}"` };
  if (spec.type === 'string') return stringValue(context);
  if (spec.type === 'int') {
    if (token.type === 'word' && RANGE.test(token.text)) {
      return failure(token.offset, () => ({
        message: `A range cannot follow "${op}" (${token.text}); to test membership write ${spec.name} in {${token.text}}.`,
        expected: ['an integer'],
        found: describeToken(token.text),
      }));
    }
    return intValue(context);
  }
  if (token.type === 'word' && token.text.includes('/') && parseIpLiteral(token.text).ok) {
    return failure(token.offset, (at) => ({
      message: `A CIDR block cannot follow "${op}" at ${at}; to test membership write ${spec.name} in {${token.text}}.`,
      expected: ['an IP address'],
      found: describeToken(token.text),
    }));
  }
  return ipValue(context);
}

/** One item of a `{…}` set. */
export function setItem(spec: FieldSpec, token: Token): LiteralResult<SetItem> {
  const context = { spec, token, after: 'in the set' };
  if (spec.type === 'string') return stringValue(context);
  if (spec.type === 'ip') return ipValue(context);
  const range = token.type === 'word' ? RANGE.exec(token.text) : null;
  if (range === null) return intValue(context);
  const from = boundedInt(spec, token, range[1] ?? '');
  if (!from.ok) return from;
  const to = boundedInt(spec, token, range[2] ?? '');
  if (!to.ok) return to;
  if (from.value > to.value) {
    return failure(token.offset, (at) => ({
      message: `The range ${token.text} at ${at} runs backwards; write ${to.value}..${from.value}.`,
      expected: ['a range whose start is not above its end'],
      found: token.text,
    }));
  }
  return {
    ok: true,
    value: { type: 'range', from: from.value, to: to.value, position: tokenPosition(token) },
  };
}

/**
 * The text of a quoted string: `\"` is a quote and `\\` a backslash; any other escape is an
 * error, so that a stray backslash is noticed rather than silently kept.
 */
export function decodeString(token: Token): LiteralResult<string> {
  const raw = token.text.slice(1, -1);
  if (!raw.includes('\\')) return { ok: true, value: raw };
  let value = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = raw[i + 1];
    if (next !== '"' && next !== '\\') {
      return failure(token.offset + 1 + i, (at) => ({
        message: `Unknown escape "\\${next ?? ''}" in a string at ${at}; write \\\\ for a backslash or \\" for a quote.`,
        expected: ['\\\\', '\\"'],
        found: `\\${next ?? ''}`,
      }));
    }
    value += next;
    i++;
  }
  return { ok: true, value };
}

/**
 * A regular expression's text, as wirefilter reads it: `\"` is a quote, every other backslash
 * is left for the regex engine, so `"\d+"` means the pattern \d+.
 */
export function decodeRegex(token: Token): string {
  return token.text
    .slice(1, -1)
    .replace(/\\(.)/gs, (pair, char: string) => (char === '"' ? '"' : pair));
}

const RANGE = /^(\d+)\.\.(\d+)$/;
const INTEGER = /^\d+$/;

function stringValue({ spec, token, after }: Context): LiteralResult<StringLiteral> {
  if (token.type === 'word') {
    // Cloudflare's own tutorial writes `net.vnet_id == <UUID>` without quotes.
    const quoted = `"${token.text}"`;
    return failure(token.offset, (at) => ({
      message: `Expected a quoted string ${after} for field "${spec.name}" (${describeFieldType(spec)}), found ${describeToken(token.text)} at ${at}; write it in double quotes: ${describeToken(quoted)}.`,
      expected: ['a quoted string'],
      found: describeToken(token.text),
      suggestion: quoted,
    }));
  }
  if (token.type !== 'string') return expectedValue('a quoted string', { spec, token, after });
  const decoded = decodeString(token);
  if (!decoded.ok) return decoded;
  return {
    ok: true,
    value: { type: 'string', value: decoded.value, position: tokenPosition(token) },
  };
}

function intValue({ spec, token, after }: Context): LiteralResult<IntLiteral> {
  if (token.type !== 'word' || !INTEGER.test(token.text)) {
    const what = spec.min === undefined ? 'an integer' : `an integer (${spec.min}–${spec.max})`;
    return expectedValue(what, { spec, token, after });
  }
  const value = boundedInt(spec, token, token.text);
  if (!value.ok) return value;
  return { ok: true, value: { type: 'int', value: value.value, position: tokenPosition(token) } };
}

function boundedInt(spec: FieldSpec, token: Token, digits: string): LiteralResult<number> {
  const value = digits.length > 15 ? Number.POSITIVE_INFINITY : Number(digits);
  if (
    (spec.min !== undefined && value < spec.min) ||
    (spec.max !== undefined && value > spec.max)
  ) {
    return failure(token.offset, (at) => ({
      message: `${describeToken(digits)} at ${at} is outside ${spec.min}–${spec.max}, the range of ${spec.name}.`,
      expected: [`an integer from ${spec.min} to ${spec.max}`],
      found: describeToken(digits),
    }));
  }
  return { ok: true, value };
}

function ipValue({ spec, token, after }: Context): LiteralResult<IpLiteral> {
  if (token.type !== 'word' || !/^[0-9a-fA-F.:/]+$/.test(token.text)) {
    const what = after === 'in the set' ? 'an IP address or CIDR block' : 'an IP address';
    return expectedValue(what, { spec, token, after });
  }
  const parsed = parseIpLiteral(token.text);
  if (!parsed.ok) {
    return failure(token.offset, (at) => ({
      message: `Invalid IP address at ${at}: ${parsed.reason}${parsed.hint === undefined ? '' : `; did you mean ${parsed.hint}?`}`,
      expected: ['an IPv4 or IPv6 address or CIDR block'],
      found: describeToken(token.text),
      suggestion: parsed.hint,
    }));
  }
  const position = tokenPosition(token);
  const value: IpLiteral =
    parsed.prefix === undefined
      ? { type: 'ip', address: parsed.address, position }
      : { type: 'ip', address: parsed.address, prefix: parsed.prefix, position };
  return { ok: true, value };
}

function expectedValue(what: string, { spec, token, after }: Context): LiteralResult<never> {
  const found = token.type === 'eof' ? 'end of input' : describeToken(token.text);
  return failure(token.offset, (at) => ({
    message: `Expected ${what} ${after} for field "${spec.name}" (${describeFieldType(spec)}), found ${found} at ${at}.`,
    expected: [what],
    found,
  }));
}

function failure(offset: number, detailAt: (at: string) => ErrorDetail): LiteralResult<never> {
  return { ok: false, offset, detailAt };
}
