import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  compilePolicyExpression,
  type Expression,
  formatExpression,
  POLICY_FIELDS,
  type PolicyFacts,
  parseExpression,
  prepareFacts,
} from '../../../src/shared/policy/index.js';
import { expressionArbitrary, mutate } from './arbitraries.js';
import { expectWellFormedError, stripPositions } from './helpers.js';

describe('properties', () => {
  it('parse ∘ format is the identity on valid trees, and formatting is idempotent', () => {
    fc.assert(
      fc.property(expressionArbitrary(), (ast) => {
        const text = formatExpression(ast);
        const parsed = parseExpression(text);
        if (!parsed.ok) throw new Error(`${text}\n${parsed.error.message}`);
        expect(parsed.ast).not.toBeNull();
        expect(stripPositions(parsed.ast)).toEqual(ast);
        expect(formatExpression(parsed.ast as Expression)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary text parses to a tree or a well-formed error, never a throw', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc
        .array(
          fc.constantFrom(
            'net.vnet_id',
            'net.dst.port',
            'net.dst.ip',
            'identity.groups.name',
            'any',
            '(',
            ')',
            '[*]',
            '{',
            '}',
            '==',
            '!=',
            '<',
            '>=',
            'in',
            'matches',
            'and',
            'or',
            'not',
            '!',
            '&&',
            '"x"',
            '80',
            '80..90',
            '10.0.0.0/8',
            '::1',
            ' ',
            '\n',
          ),
          { maxLength: 14 },
        )
        .map((parts) => parts.join(' ')),
    );
    fc.assert(
      fc.property(text, (source) => checkAnyInput(source)),
      { numRuns: 800 },
    );
  });

  it('near misses of valid expressions parse or fail cleanly', () => {
    const mutated = expressionArbitrary({ depth: 3 }).chain((ast) => mutate(formatExpression(ast)));
    fc.assert(
      fc.property(mutated, (source) => checkAnyInput(source)),
      { numRuns: 500 },
    );
  });

  const vnetIds = ['a', 'b', 'c'];
  const small = expressionArbitrary({
    fields: POLICY_FIELDS.filter((f) =>
      ['net.vnet_id', 'net.dst.port', 'identity.groups.name'].includes(f.name),
    ),
    string: fc.constantFrom(...vnetIds, 'g'),
    depth: 4,
  });
  const factsArbitrary: fc.Arbitrary<PolicyFacts> = fc.record({
    vnetId: fc.option(fc.constantFrom(...vnetIds, 'd'), { nil: undefined }),
    dst: fc.record({ port: fc.constantFrom(0, 80, 443, 65535) }),
    identity: fc.record({
      groups: fc.array(
        fc.constantFrom('a', 'g').map((name) => ({ name })),
        { maxLength: 2 },
      ),
    }),
  });

  it('constraint is sound: outside the set (or with no vnet) the expression is false', () => {
    fc.assert(
      fc.property(small, factsArbitrary, (ast, facts) => {
        const expression = compileExpression(ast);
        const allowed = expression.constraint('net.vnet_id');
        if (allowed === null) return;
        if (facts.vnetId === undefined || !allowed.has(facts.vnetId)) {
          expect(expression.test(prepareFacts(facts)), formatExpression(ast)).toBe(false);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('test agrees with combining the leaves by and/or/xor/not, and explain with test', () => {
    fc.assert(
      fc.property(small, factsArbitrary, (ast, facts) => {
        const prepared = prepareFacts(facts);
        const expression = compileExpression(ast);
        const result = expression.test(prepared);
        expect(result).toBe(evaluateByLeaves(ast, prepared));
        const failed = expression.explain(prepared);
        expect(failed === undefined).toBe(result);
        // The condition named is itself false for these facts.
        if (failed !== undefined)
          expect(compilePolicyExpression(failed).test(prepared)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Any input: a tree that re-formats stably, or an error that passes every well-formedness check. */
function checkAnyInput(source: string): void {
  const result = parseExpression(source);
  expect(typeof result.ok).toBe('boolean');
  if (!result.ok) {
    expectWellFormedError(source, result);
    return;
  }
  if (result.ast === null) {
    expect(source.trim()).toBe('');
    return;
  }
  const text = formatExpression(result.ast);
  const again = parseExpression(text);
  expect(again.ok).toBe(true);
  if (again.ok && again.ast !== null) {
    expect(stripPositions(again.ast)).toEqual(stripPositions(result.ast));
    expect(formatExpression(again.ast)).toBe(text);
  }
}

/** Reference semantics of the connectives, with each leaf compiled on its own. */
function evaluateByLeaves(ast: Expression, facts: ReturnType<typeof prepareFacts>): boolean {
  switch (ast.type) {
    case 'and':
      return ast.operands.every((operand) => evaluateByLeaves(operand, facts));
    case 'or':
      return ast.operands.some((operand) => evaluateByLeaves(operand, facts));
    case 'xor':
      return ast.operands.filter((operand) => evaluateByLeaves(operand, facts)).length % 2 === 1;
    case 'not':
      return !evaluateByLeaves(ast.operand, facts);
    default:
      return compileExpression(ast).test(facts);
  }
}
