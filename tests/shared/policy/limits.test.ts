import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/shared/policy/index.js';
import { EXPRESSION_LIMITS } from '../../../src/shared/policy/limits.js';
import { expectWellFormedError, parseError } from './helpers.js';

const condition = 'net.vnet_id == "x"';
const { maxLength, maxDepth, maxSetItems, maxTokens } = EXPRESSION_LIMITS;

describe('bounds: every oversized input is a clear error, never a crash or a hang', () => {
  it.each([
    ['100,000 "("', '('.repeat(100_000)],
    ['100,000 "not("', 'not('.repeat(100_000)],
    ['a 1 MB string literal', `net.vnet_id == "${'a'.repeat(1 << 20)}"`],
    ['a 1 MB run of one character', 'a'.repeat(1 << 20)],
  ])('%s is refused by length', (_what, source) => {
    const result = parseExpression(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(`more than the ${maxLength} allowed`);
    expect(result.error.position.offset).toBe(maxLength);
    expectWellFormedError(source, result);
  });

  it(`accepts nesting up to ${maxDepth} levels and refuses one more`, () => {
    const nested = (depth: number) => `${'('.repeat(depth)}${condition}${')'.repeat(depth)}`;
    expect(parseExpression(nested(maxDepth)).ok).toBe(true);
    const error = parseError(nested(maxDepth + 1));
    expect(error.message).toContain(`nests deeper than ${maxDepth} levels`);
    expect(error.position.offset).toBe(maxDepth);
  });

  it('counts not, ! and any(…) towards the depth', () => {
    expect(
      parseError(`${'not('.repeat(maxDepth + 1)}${condition}${')'.repeat(maxDepth + 1)}`).message,
    ).toContain('nests deeper');
    expect(parseError(`${'!'.repeat(200)}${condition}`).message).toContain('nests deeper');
    const anyDeep = `${'('.repeat(maxDepth)}any(identity.groups.name[*] == "g")${')'.repeat(maxDepth)}`;
    expect(parseError(anyDeep).message).toContain('nests deeper');
  });

  it('refuses a deep but short input without overflowing the stack', () => {
    const source = `${'(!'.repeat(3000)}${condition}`;
    expect(source.length).toBeLessThan(maxLength);
    expect(parseError(source).message).toContain('nests deeper');
  });

  it(`accepts a set of ${maxSetItems} items and refuses one more`, () => {
    const set = (n: number) => `net.dst.port in {${'1 '.repeat(n)}}`;
    expect(parseExpression(set(maxSetItems)).ok).toBe(true);
    const source = set(maxSetItems + 1);
    const error = parseError(source);
    expect(error.message).toContain(`more than ${maxSetItems} items`);
    expect(error.position.offset).toBe(source.indexOf('{') + 1 + 2 * maxSetItems);
  });

  it('refuses more tokens than allowed, at the first token past the limit', () => {
    const source = '('.repeat(maxTokens + 100);
    expect(source.length).toBeLessThanOrEqual(maxLength);
    const error = parseError(source);
    expect(error.message).toContain(`more than ${maxTokens} tokens`);
    expect(error.position.offset).toBe(maxTokens);
  });

  it('parses a large but legal set of CIDRs', () => {
    const items = Array.from({ length: 900 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const source = `net.dst.ip in {${items.join(' ')}}`;
    expect(source.length).toBeLessThan(maxLength);
    expect(parseExpression(source).ok).toBe(true);
  });

  it('refuses a regular expression whose compiled program is too large', () => {
    const error = parseError('net.fqdn matches "[a-z]{1000}[a-z]{1000}[a-z]{1000}"');
    expect(error.message).toMatch(/more than the \d+ allowed; use smaller repetition counts/);
  });
});
