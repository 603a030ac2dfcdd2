import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  compilePolicyExpression,
  type PolicyFacts,
  parseExpression,
  prepareFacts,
  referencedValues,
} from '../../../src/shared/policy/index.js';
import { compiled, parseOk } from './helpers.js';

const facts: PolicyFacts = {
  vnetId: 'v1',
  dst: { port: 443 },
  identity: { email: 'ada@example.com', groups: [{ name: 'qa' }] },
};

function explain(source: string, f: PolicyFacts = facts): string | undefined {
  return compiled(source).explain(prepareFacts(f));
}

describe('explain names the condition that failed', () => {
  it('is undefined when the expression holds', () => {
    expect(explain('net.vnet_id == "v1" and net.dst.port == 443')).toBeUndefined();
  });

  it('names the first failing leaf of an and, in canonical form', () => {
    expect(explain('net.vnet_id=="v1" && net.dst.port in {80   8080} && net.vnet_id=="zz"')).toBe(
      'net.dst.port in {80 8080}',
    );
  });

  it('names the whole or when every branch failed', () => {
    expect(explain('net.vnet_id == "v1" and (net.dst.port == 80 || net.dst.port == 8080)')).toBe(
      'net.dst.port == 80 or net.dst.port == 8080',
    );
  });

  it('names not(…) as written', () => {
    expect(explain('not(any(identity.groups.name[*] == "qa")) and net.vnet_id == "v1"')).toBe(
      'not(any(identity.groups.name[*] == "qa"))',
    );
  });

  it('descends into a nested and', () => {
    expect(
      explain('net.vnet_id == "v1" and (net.dst.port == 443 and identity.email == "x@y.z")'),
    ).toBe('identity.email == "x@y.z"');
  });

  it('names an any(…) leaf', () => {
    expect(explain('any(identity.groups.name[*] in {"finance" "admin"})')).toBe(
      'any(identity.groups.name[*] in {"finance" "admin"})',
    );
  });

  it('keeps source and canonical text apart', () => {
    const source = 'net.vnet_id=="v1"&&!(net.dst.port<=80)';
    const expression = compilePolicyExpression(source);
    expect(expression.source).toBe(source);
    expect(expression.canonical).toBe('net.vnet_id == "v1" and not(net.dst.port <= 80)');
    expect(compileExpression(parseOk(source)).source).toBe(expression.canonical);
  });
});

describe('compileExpression on trees built in code', () => {
  it('compiles a tree without positions the same as its parsed text', () => {
    const ast = {
      type: 'and',
      operands: [
        { type: 'compare', field: 'net.vnet_id', op: '==', value: { type: 'string', value: 'v1' } },
        {
          type: 'in',
          field: 'net.dst.ip',
          values: [{ type: 'ip', address: '10.0.0.0', prefix: 8 }],
        },
      ],
    } as const;
    const expression = compileExpression(ast);
    expect(expression.canonical).toBe('net.vnet_id == "v1" and net.dst.ip in {10.0.0.0/8}');
    expect(expression.test(prepareFacts({ vnetId: 'v1', dst: { ip: '10.9.9.9' } }))).toBe(true);
    expect(expression.test(prepareFacts({ vnetId: 'v1', dst: { ip: '11.0.0.1' } }))).toBe(false);
  });

  it('refuses a tree the parser could not have produced', () => {
    expect(() =>
      compileExpression({
        type: 'compare',
        field: 'net.nope',
        op: '==',
        value: { type: 'string', value: 'x' },
      }),
    ).toThrow(/Unknown field "net\.nope"/);
    expect(() =>
      compileExpression({
        type: 'compare',
        field: 'net.dst.port',
        op: '==',
        value: { type: 'string', value: '80' },
      }),
    ).toThrow(/integer/);
    expect(() => compileExpression({ type: 'matches', field: 'net.fqdn', pattern: 'a(' })).toThrow(
      /Invalid regular expression/,
    );
  });
});

describe('constraint on net.vnet_id', () => {
  const constraint = (source: string) => {
    const set = compiled(source).constraint('net.vnet_id');
    return set === null ? null : [...set].sort();
  };

  it.each<[string, string[] | null]>([
    ['net.vnet_id == "a"', ['a']],
    ['net.vnet_id in {"a" "b"}', ['a', 'b']],
    ['net.vnet_id == "a" and net.dst.port == 443', ['a']],
    ['net.dst.port == 443 and net.vnet_id in {"a" "b"}', ['a', 'b']],
    ['net.vnet_id in {"a" "b"} and net.vnet_id in {"b" "c"}', ['b']],
    ['net.vnet_id == "a" and net.vnet_id == "b"', []],
    ['net.vnet_id == "a" or net.vnet_id in {"b" "c"}', ['a', 'b', 'c']],
    ['(net.vnet_id == "a" and net.dst.port == 1) or net.vnet_id == "b"', ['a', 'b']],
    ['net.vnet_id == "a" or net.dst.port == 443', null],
    ['net.vnet_id != "a"', null],
    ['not(net.vnet_id == "a")', null],
    ['not(not(net.vnet_id == "a"))', null],
    ['net.vnet_id matches "^a$"', null],
    ['net.vnet_id == "a" xor net.vnet_id == "b"', null],
    ['net.dst.port == 443', null],
  ])('%s → %j', (source, expected) => {
    expect(constraint(source)).toEqual(expected);
  });

  it('is sound for a missing vnet: a constrained expression is false without one', () => {
    const expression = compiled(
      'net.vnet_id in {"a" "b"} or (net.vnet_id == "c" and net.dst.port == 1)',
    );
    expect(expression.constraint('net.vnet_id')).not.toBeNull();
    expect(expression.test(prepareFacts({ dst: { port: 1 } }))).toBe(false);
  });
});

describe('referencedValues', () => {
  it('collects string literals compared with ==, != or in, in order, without duplicates', () => {
    const ast = parseOk(
      'net.vnet_id == "a" or not(net.vnet_id in {"b" "a"}) or (net.vnet_id != "c" and net.vnet_id matches "d")',
    );
    expect(referencedValues(ast, 'net.vnet_id')).toEqual(['a', 'b', 'c']);
  });

  it('looks inside any(…) for list fields and ignores other fields', () => {
    const ast = parseOk(
      'any(identity.groups.name[*] in {"finance" "qa"}) and identity.name == "finance" and any(device_posture.checks.passed[*] == "p1")',
    );
    expect(referencedValues(ast, 'identity.groups.name')).toEqual(['finance', 'qa']);
    expect(referencedValues(ast, 'device_posture.checks.passed')).toEqual(['p1']);
    expect(referencedValues(ast, 'net.vnet_id')).toEqual([]);
  });

  it('is empty for an empty expression', () => {
    const parsed = parseExpression('  ');
    expect(parsed.ok && referencedValues(parsed.ast, 'net.vnet_id')).toEqual([]);
  });
});
