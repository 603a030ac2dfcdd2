import { describe, expect, it } from 'vitest';
import { resolveEgress } from '../../../src/shared/egress/index.js';
import { AMS, compile, DUB, IAD, LHR, PLACES, rule } from './fixtures.js';

const rules = [
  rule({
    id: 'r-london',
    name: 'London vnet',
    precedence: 10,
    traffic: 'net.vnet_id == "vnet-london" and net.dst.port == 443',
    egress: { ipv4: LHR.ipv4 },
  }),
  rule({
    id: 'r-off',
    name: 'Switched off',
    precedence: 15,
    enabled: false,
    egress: { ipv4: DUB.ipv4 },
  }),
  rule({
    id: 'r-qa',
    name: 'QA team',
    precedence: 20,
    identity: 'any(identity.groups.name[*] == "qa")',
    egress: { ipv4: AMS.ipv4 },
  }),
  rule({
    id: 'r-posture',
    name: 'Managed devices',
    precedence: 30,
    device_posture: 'any(device_posture.checks.passed[*] in {"managed"})',
    egress: { ipv4: IAD.ipv4 },
  }),
  rule({ id: 'r-all', name: 'Catch-all', precedence: 40 }),
  rule({ id: 'r-late', name: 'Never reached', precedence: 50, egress: { ipv4: DUB.ipv4 } }),
  rule({ id: 'r-off-late', name: 'Also off', precedence: 60, enabled: false }),
];

describe('the per-rule trace', () => {
  const compiled = compile(rules);

  it('is absent unless asked for', () => {
    expect(resolveEgress(compiled, { vnetId: 'vnet-london' })).not.toHaveProperty('trace');
  });

  it('lists every rule in order with its outcome and the condition that failed', () => {
    const result = resolveEgress(
      compiled,
      {
        vnetId: 'vnet-london',
        destination: { port: 80 },
        identity: { groups: ['dev'] },
        posturePassed: ['managed'],
        location: PLACES.london,
      },
      { explain: true },
    );
    expect(result.trace).toEqual([
      {
        rule: { id: 'r-london', name: 'London vnet', precedence: 10 },
        outcome: 'no_match',
        failed: { expression: 'traffic', condition: 'net.dst.port == 443' },
      },
      { rule: { id: 'r-off', name: 'Switched off', precedence: 15 }, outcome: 'disabled' },
      {
        rule: { id: 'r-qa', name: 'QA team', precedence: 20 },
        outcome: 'no_match',
        failed: { expression: 'identity', condition: 'any(identity.groups.name[*] == "qa")' },
      },
      { rule: { id: 'r-posture', name: 'Managed devices', precedence: 30 }, outcome: 'matched' },
      { rule: { id: 'r-all', name: 'Catch-all', precedence: 40 }, outcome: 'not_reached' },
      { rule: { id: 'r-late', name: 'Never reached', precedence: 50 }, outcome: 'not_reached' },
      { rule: { id: 'r-off-late', name: 'Also off', precedence: 60 }, outcome: 'disabled' },
    ]);
    expect(result.decided_by.rule?.id).toBe('r-posture');
  });

  it('names the device-posture column when that is what failed', () => {
    const result = resolveEgress(compiled, { identity: { groups: [] } }, { explain: true });
    expect(result.trace?.[3]).toEqual({
      rule: { id: 'r-posture', name: 'Managed devices', precedence: 30 },
      outcome: 'no_match',
      failed: {
        expression: 'device_posture',
        condition: 'any(device_posture.checks.passed[*] in {"managed"})',
      },
    });
    expect(result.trace?.[4]?.outcome).toBe('matched');
  });

  it('gives the same decision with and without the trace', () => {
    const contexts = [
      { vnetId: 'vnet-london', destination: { port: 443 } },
      { identity: { groups: ['qa'] } },
      { posturePassed: ['managed'] },
      {},
    ];
    for (const context of contexts) {
      const { trace, ...withTrace } = resolveEgress(compiled, context, { explain: true });
      expect(trace).toHaveLength(rules.length);
      expect(resolveEgress(compiled, context)).toEqual(withTrace);
    }
  });

  it('shows only no_match and disabled entries when nothing matches', () => {
    const compiledNoCatchAll = compile(rules.filter((r) => r.id !== 'r-all' && r.id !== 'r-late'));
    const result = resolveEgress(
      compiledNoCatchAll,
      { location: PLACES.utrecht },
      { explain: true },
    );
    expect(result.decided_by.type).toBe('nearest');
    expect(result.trace?.map((entry) => entry.outcome)).toEqual([
      'no_match',
      'disabled',
      'no_match',
      'no_match',
      'disabled',
    ]);
  });
});
