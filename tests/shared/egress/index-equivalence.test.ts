import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileEgressConfig,
  type EgressRuleInput,
  type ResolveContext,
  resolveEgress,
} from '../../../src/shared/egress/index.js';
import {
  compilePolicyExpression,
  type PolicyFacts,
  prepareFacts,
} from '../../../src/shared/policy/index.js';
import { AMS, DUB, IAD, LHR } from './fixtures.js';

const VNETS = ['v1', 'v2', 'v3', 'v4'];
const GROUPS = ['qa', 'dev', 'ops'];

const vnetTerm = fc.oneof(
  fc.constantFrom(...VNETS).map((v) => `net.vnet_id == "${v}"`),
  fc
    .subarray(VNETS, { minLength: 1 })
    .map((vs) => `net.vnet_id in {${vs.map((v) => `"${v}"`).join(' ')}}`),
  fc.constantFrom(...VNETS).map((v) => `net.vnet_id != "${v}"`),
  fc.constantFrom(...VNETS).map((v) => `not(net.vnet_id == "${v}")`),
  fc.constant('net.vnet_id matches "^v[12]$"'),
);
const otherTerm = fc.oneof(
  fc.constantFrom(443, 80, 25).map((p) => `net.dst.port == ${p}`),
  fc.constant('net.dst.port in {80 443}'),
  fc.constantFrom('NL', 'GB', 'US').map((c) => `net.dst.geo.country == "${c}"`),
  fc.constant('net.dst.geo.continent == "EU"'),
);
const term = fc.oneof(vnetTerm, otherTerm);
const traffic = fc.oneof(
  fc.constant(''),
  term,
  fc.tuple(term, fc.constantFrom('and', 'or'), term).map(([a, op, b]) => `${a} ${op} ${b}`),
  fc.tuple(vnetTerm, vnetTerm, otherTerm).map(([a, b, c]) => `(${a} or ${b}) and ${c}`),
);
const identity = fc.oneof(
  fc.constant(''),
  fc.constantFrom(...GROUPS).map((g) => `any(identity.groups.name[*] == "${g}")`),
  fc.constantFrom(...GROUPS).map((g) => `not(any(identity.groups.name[*] in {"${g}"}))`),
);
const posture = fc.oneof(
  fc.constant(''),
  fc.constant('any(device_posture.checks.passed[*] in {"ok"})'),
);
const egress = fc.constantFrom(null, { ipv4: LHR.ipv4 }, { ipv4: AMS.ipv4 }, { ipv4: IAD.ipv4 });

const rules = fc
  .array(
    fc.record({
      precedence: fc.integer({ min: 0, max: 30 }),
      enabled: fc.boolean(),
      traffic,
      identity,
      device_posture: posture,
      egress,
    }),
    { maxLength: 25 },
  )
  .map((list) => list.map((r, i): EgressRuleInput => ({ ...r, id: `r${i}`, name: `Rule ${i}` })));

const context = fc.record({
  vnetId: fc.option(fc.constantFrom(...VNETS, 'v9'), { nil: undefined }),
  groups: fc.subarray(GROUPS),
  posture: fc.subarray(['ok', 'stale']),
  port: fc.option(fc.constantFrom(443, 80, 25, 8080), { nil: undefined }),
  country: fc.option(fc.constantFrom('NL', 'GB', 'US', 'JP'), { nil: undefined }),
});
type Ctx = typeof context extends fc.Arbitrary<infer T> ? T : never;

const CONTINENT: Record<string, string> = { NL: 'EU', GB: 'EU', US: 'NA', JP: 'AS' };

/** The oracle: a plain scan of every rule in precedence order, written without the index. */
function naiveFirstMatch(list: EgressRuleInput[], ctx: Ctx): string | undefined {
  const facts: PolicyFacts = {
    vnetId: ctx.vnetId,
    identity: { groups: ctx.groups.map((name) => ({ name })) },
    devicePosture: { passed: ctx.posture },
    dst: {
      port: ctx.port,
      country: ctx.country,
      continent: ctx.country === undefined ? undefined : CONTINENT[ctx.country],
    },
  };
  const prepared = prepareFacts(facts);
  const sorted = list
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.precedence - b.r.precedence || a.i - b.i);
  for (const { r } of sorted) {
    if (!r.enabled) continue;
    const columns = [
      [r.traffic, 'traffic'],
      [r.identity, 'identity'],
      [r.device_posture, 'device_posture'],
    ] as const;
    if (columns.every(([source, kind]) => compilePolicyExpression(source, kind).test(prepared))) {
      return r.id;
    }
  }
  return undefined;
}

function toContext(ctx: Ctx): ResolveContext {
  return {
    vnetId: ctx.vnetId,
    identity: { groups: ctx.groups },
    posturePassed: ctx.posture,
    destination: { port: ctx.port, country: ctx.country },
    stickyKey: 'k',
  };
}

describe('the vnet index', () => {
  it('decides exactly as a full scan of every rule would', () => {
    fc.assert(
      fc.property(rules, fc.array(context, { minLength: 1, maxLength: 8 }), (list, contexts) => {
        const compiled = compileEgressConfig({
          version: 1,
          egressIps: [AMS, LHR, DUB, IAD],
          rules: list,
        });
        for (const ctx of contexts) {
          const indexed = resolveEgress(compiled, toContext(ctx));
          expect(indexed.decided_by.rule?.id).toBe(naiveFirstMatch(list, ctx));
          const { trace, ...explained } = resolveEgress(compiled, toContext(ctx), {
            explain: true,
          });
          expect(explained).toEqual(indexed);
          expect(trace).toHaveLength(list.length);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('does not look at rules pinned to other vnets', () => {
    const spy = { calls: 0 };
    const pinned = Array.from({ length: 50 }, (_, i) => ({
      id: `p${i}`,
      name: `Pinned ${i}`,
      precedence: i,
      enabled: true,
      traffic: `net.vnet_id == "vnet-${i}"`,
      identity: '',
      device_posture: '',
      egress: null,
    }));
    const compiled = compileEgressConfig({ version: 1, egressIps: [], rules: pinned });
    // Count evaluations by wrapping every compiled traffic expression.
    const rulesOfVnet = compiled.rulesByVnet.get('vnet-7') ?? [];
    expect(rulesOfVnet.map((r) => r.ref.id)).toEqual(['p7']);
    expect(compiled.anyVnetRules).toEqual([]);
    for (const r of compiled.rules) {
      const expression = r.traffic;
      if (expression === null) continue;
      const test = expression.test.bind(expression);
      Object.defineProperty(expression, 'test', {
        value: (facts: Parameters<typeof test>[0]) => {
          spy.calls++;
          return test(facts);
        },
      });
    }
    expect(resolveEgress(compiled, { vnetId: 'vnet-7' }).decided_by.rule?.id).toBe('p7');
    expect(spy.calls).toBe(1);
    spy.calls = 0;
    expect(resolveEgress(compiled, { vnetId: 'vnet-unknown' }).decided_by.type).toBe(
      'no_dedicated_ips',
    );
    expect(spy.calls).toBe(0);
  });
});
