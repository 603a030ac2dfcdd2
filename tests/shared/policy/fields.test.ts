import { describe, expect, it } from 'vitest';
import { FIELDS, type FieldSpec } from '../../../src/shared/policy/fields.js';
import {
  compileExpression,
  type PolicyFacts,
  parseExpression,
  prepareFacts,
} from '../../../src/shared/policy/index.js';
import { operatorsFor } from '../../../src/shared/policy/typing.js';

/** Facts in which the field holds `value` (one item, for a list field). */
const factsWith: Record<string, (value: string) => PolicyFacts> = {
  'net.vnet_id': (v) => ({ vnetId: v }),
  'net.protocol': (v) => ({ protocol: v }),
  'net.src.ip': (v) => ({ src: { ip: v } }),
  'net.dst.ip': (v) => ({ dst: { ip: v } }),
  'net.src.port': (v) => ({ src: { port: Number(v) } }),
  'net.dst.port': (v) => ({ dst: { port: Number(v) } }),
  'net.src.geo.country': (v) => ({ src: { country: v } }),
  'net.src.geo.continent': (v) => ({ src: { continent: v } }),
  'net.dst.geo.country': (v) => ({ dst: { country: v } }),
  'net.dst.geo.continent': (v) => ({ dst: { continent: v } }),
  'net.fqdn': (v) => ({ dst: { host: v } }),
  'net.fqdn.domains': (v) => ({ dst: { host: v } }),
  'identity.email': (v) => ({ identity: { email: v } }),
  'identity.name': (v) => ({ identity: { name: v } }),
  'identity.groups.name': (v) => ({ identity: { groups: [{ name: v }] } }),
  'identity.groups.email': (v) => ({ identity: { groups: [{ name: 'g', email: v }] } }),
  'device_posture.checks.passed': (v) => ({ devicePosture: { passed: [v] } }),
};

/** Per value type and operator: the literal, a value that satisfies it, one that does not. */
const cases: Record<FieldSpec['type'], Record<string, [string, string, string]>> = {
  string: {
    '==': ['"x"', 'x', 'y'],
    '!=': ['"x"', 'y', 'x'],
    in: ['{"x" "z"}', 'z', 'y'],
    matches: ['"^x+$"', 'xx', 'y'],
  },
  int: {
    '==': ['7', '7', '8'],
    '!=': ['7', '8', '7'],
    '<': ['8', '7', '8'],
    '<=': ['7', '7', '8'],
    '>': ['6', '7', '6'],
    '>=': ['7', '7', '6'],
    in: ['{7 9..10}', '9', '8'],
  },
  ip: {
    '==': ['198.18.0.1', '198.18.0.1', '198.18.0.2'],
    '!=': ['198.18.0.1', '198.18.0.2', '198.18.0.1'],
    in: ['{198.18.0.0/24 2001:db8::/32}', '2001:db8::1', '198.19.0.1'],
  },
};

const everyOperator = [...new Set(Object.values(cases).flatMap((ops) => Object.keys(ops)))];

const combinations = FIELDS.flatMap((spec) =>
  operatorsFor(spec).map((op): [string, string, FieldSpec] => [spec.name, op, spec]),
);

describe('every field, with every operator it allows', () => {
  it('the test knows how to set every field', () => {
    expect(Object.keys(factsWith).sort()).toEqual(FIELDS.map((f) => f.name).sort());
  });

  it.each(combinations)('%s %s compiles and reads its own fact', (name, op, spec) => {
    const [literal, yes, no] = cases[spec.type][op] ?? [];
    expect(literal, `no case for ${spec.type} ${op}`).toBeDefined();
    const condition = spec.list ? `any(${name}[*] ${op} ${literal})` : `${name} ${op} ${literal}`;
    const parsed = parseExpression(condition, spec.kinds[0]);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const compiled = compileExpression(parsed.ast);
    const facts = factsWith[name] as (value: string) => PolicyFacts;
    expect(compiled.test(prepareFacts(facts(yes as string))), `${condition} on ${yes}`).toBe(true);
    expect(compiled.test(prepareFacts(facts(no as string))), `${condition} on ${no}`).toBe(false);
  });

  it.each(FIELDS.map((spec) => [spec.name, spec] as const))(
    '%s refuses every other operator when parsed',
    (name, spec) => {
      for (const op of everyOperator.filter((o) => !operatorsFor(spec).includes(o))) {
        const literal = Object.values(cases).find((ops) => ops[op])?.[op]?.[0];
        const source = spec.list ? `any(${name}[*] ${op} ${literal})` : `${name} ${op} ${literal}`;
        const parsed = parseExpression(source, spec.kinds[0]);
        expect(parsed.ok, source).toBe(false);
        if (!parsed.ok) expect(parsed.error.message, source).toContain(`"${op}"`);
      }
    },
  );
});
