import { expect } from 'vitest';
import {
  type CompiledExpression,
  compilePolicyExpression,
  type Expression,
  type ExpressionError,
  type ExpressionKind,
  type ParseResult,
  type PolicyFacts,
  parseExpression,
  prepareFacts,
} from '../../../src/shared/policy/index.js';

/** A tree without source positions, for comparing trees built in code with parsed ones. */
export function stripPositions<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripPositions) as T;
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== 'position') result[key] = stripPositions(item);
  }
  return result as T;
}

export function parseOk(source: string, kind?: ExpressionKind): Expression {
  const result = parseExpression(source, kind);
  if (!result.ok)
    throw new Error(`expected ${JSON.stringify(source)} to parse: ${result.error.message}`);
  if (result.ast === null) throw new Error(`expected ${JSON.stringify(source)} to be non-empty`);
  return result.ast;
}

export function parseError(source: string, kind?: ExpressionKind): ExpressionError {
  const result = parseExpression(source, kind);
  if (result.ok) throw new Error(`expected ${JSON.stringify(source)} to be refused`);
  return result.error;
}

/** Whether `source` holds for `facts`. */
export function holds(source: string, facts: PolicyFacts): boolean {
  return compilePolicyExpression(source).test(prepareFacts(facts));
}

export function compiled(source: string): CompiledExpression {
  return compilePolicyExpression(source);
}

/**
 * The checks every error must pass: a position consistent with the source, a two-line snippet
 * whose caret sits under the position, a message that names the line and column.
 */
export function expectWellFormedError(source: string, result: ParseResult): void {
  if (result.ok) return;
  const { error } = result;
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.message).not.toMatch(/undefined|\[object/);
  expect(typeof error.found).toBe('string');
  expect(Array.isArray(error.expected)).toBe(true);
  for (const item of error.expected) expect(typeof item).toBe('string');
  const { offset, line, column } = error.position;
  expect(Number.isInteger(offset) && offset >= 0 && offset <= source.length).toBe(true);
  const before = source.slice(0, offset);
  expect(line).toBe(before.split('\n').length);
  expect(column).toBe(offset - (before.lastIndexOf('\n') + 1) + 1);
  const lines = error.snippet.split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^ *\^$/);
  expect(lines[1]?.length ?? 0).toBeLessThanOrEqual((lines[0]?.length ?? 0) + 1);
  expect(error.snippet.length).toBeLessThan(200);
}
