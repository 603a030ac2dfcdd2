import { describe, expect, it } from 'vitest';
import type { ApiRule } from '../../src/main/agent/control-plane/warp/cloudflare-api.js';
import type { IpPlace } from '../../src/main/agent/control-plane/warp/warp-resolve.js';
import { resolveWarp } from '../../src/main/agent/control-plane/warp/warp-resolve.js';
import {
  conjuncts,
  dedicatedIpsOf,
  normaliseExpression,
  prepareRules,
} from '../../src/main/agent/control-plane/warp/warp-rules.js';

const LONDON = 'de5e0000-0000-4000-8000-000000000002';
const AMS = 'de5e0000-0000-4000-8000-000000000003';

function rule(partial: Partial<ApiRule> & { name: string; precedence: number }): ApiRule {
  return {
    id: `r-${partial.precedence}`,
    enabled: true,
    action: 'egress',
    filters: ['egress'],
    traffic: '',
    identity: '',
    device_posture: '',
    rule_settings: { egress: null },
    ...partial,
  };
}

const london = rule({
  name: 'Egress London',
  precedence: 100,
  traffic: `net.vnet_id == ${LONDON}`,
  rule_settings: { egress: { ipv4: '192.0.2.10', ipv6: '2001:db8:10::/48' } },
});
const ams = rule({
  name: 'Egress Amsterdam',
  precedence: 200,
  traffic: `net.vnet_id == "${AMS}"`,
  rule_settings: { egress: { ipv4: '192.0.2.20', ipv6: '2001:db8:20::/48' } },
});
const ctx = (vnetId: string) => ({
  vnetId,
  identity: { email: 'qa@example.com' },
  location: { colo: 'LHR' },
});
const none = new Map<string, IpPlace>();

describe('real-account rules, evaluated locally', () => {
  it('reads the tutorial spelling of a bare UUID like the quoted one', () => {
    expect(normaliseExpression(`net.vnet_id == ${LONDON}`)).toBe(`net.vnet_id == "${LONDON}"`);
    expect(normaliseExpression(`net.vnet_id == "${LONDON}"`)).toBe(`net.vnet_id == "${LONDON}"`);
    expect(normaliseExpression(`net.vnet_id in {${LONDON} ${AMS}}`)).toBe(
      `net.vnet_id in {"${LONDON}" "${AMS}"}`,
    );
  });

  it('splits top-level and-parts only', () => {
    expect(conjuncts('a == 1 and (b == 2 or c == 3) && d == 4')).toEqual([
      'a == 1',
      '(b == 2 or c == 3)',
      'd == 4',
    ]);
    expect(conjuncts('a == 1 or b == 2')).toEqual(['a == 1 or b == 2']);
    expect(conjuncts('x == "and" and y == 1')).toEqual(['x == "and"', 'y == 1']);
  });

  it('decides with certain rules: match, trace, and the IPs the rules name', () => {
    const rules = prepareRules([ams, london], { email: true }, 1);
    expect(rules.map((r) => r.name)).toEqual(['Egress London', 'Egress Amsterdam']);
    const result = resolveWarp(rules, none, ctx(AMS), 1, true);
    expect(result.egress).toMatchObject({ ipv4: '192.0.2.20', kind: 'dedicated', city: null });
    expect(result.decided_by.uncertain).toBeUndefined();
    expect(result.trace?.map((entry) => entry.outcome)).toEqual(['no_match', 'matched']);
    expect(dedicatedIpsOf(rules)).toEqual(['192.0.2.10', '192.0.2.20']);
  });

  it('a rule with a selector our language lacks is uncertain, never a silent match or miss', () => {
    const apps = rule({
      name: 'Zoom via US',
      precedence: 10,
      traffic: 'any(app.ids[*] in {505}) and net.dst.port == 443',
      rule_settings: { egress: { ipv4: '198.51.100.40' } },
    });
    const rules = prepareRules([apps, london], { email: true }, 1);
    const result = resolveWarp(
      rules,
      none,
      { ...ctx(LONDON), destination: { port: 443 } },
      1,
      true,
    );
    // London still answers, but only if the app rule does not apply; the trace says why.
    expect(result.egress.ipv4).toBe('192.0.2.10');
    expect(result.decided_by.uncertain).toContain('uncertain: rule "Zoom via US" uses app.ids');
    expect(result.trace?.[0]).toMatchObject({ outcome: 'uncertain', uncertain: 'uses app.ids' });
    // Where its known part fails (port 80), the rule certainly does not apply.
    const port80 = resolveWarp(rules, none, { ...ctx(LONDON), destination: { port: 80 } }, 1, true);
    expect(port80.trace?.[0]?.outcome).toBe('no_match');
    expect(port80.decided_by.uncertain).toBeUndefined();
  });

  it('groups and posture the token cannot read: "depends on your groups / posture"', () => {
    const groups = rule({
      name: 'Contractors shared',
      precedence: 5,
      identity: 'any(identity.groups.name[*] in {"contractors"})',
    });
    const posture = rule({
      name: 'Managed only',
      precedence: 6,
      device_posture: 'any(device_posture.checks.passed[*] in {"disk-encrypted"})',
    });
    const rules = prepareRules([groups, posture, london], { email: true }, 1);
    const result = resolveWarp(rules, none, ctx(LONDON), 1, true);
    expect(result.decided_by.uncertain).toContain('"Contractors shared" depends on your groups');
    expect(result.decided_by.uncertain).toContain('"Managed only" depends on your device posture');
    expect(result.trace?.map((entry) => entry.outcome)).toEqual([
      'uncertain',
      'uncertain',
      'matched',
    ]);
  });

  it('SAML attributes and a host selector spelt differently are named', () => {
    const saml = rule({
      name: 'SAML',
      precedence: 1,
      identity: 'identity.saml_attributes == "x=y"',
    });
    const host = rule({ name: 'Host', precedence: 2, traffic: 'net.fqdn.host == "example.com"' });
    const rules = prepareRules([saml, host, london], { email: true }, 1);
    const result = resolveWarp(rules, none, ctx(LONDON), 1, true);
    expect(result.trace?.[0]?.uncertain).toContain('identity.saml_attributes');
    expect(result.trace?.[1]?.uncertain).toContain('net.fqdn.host');
  });

  it('without an email in the registration, email conditions are uncertain too', () => {
    const email = rule({
      name: 'QA',
      precedence: 1,
      identity: 'identity.email == "qa@example.com"',
    });
    const known = resolveWarp(
      prepareRules([email], { email: true }, 1),
      none,
      ctx(LONDON),
      1,
      true,
    );
    expect(known.trace?.[0]?.outcome).toBe('matched');
    const unknown = resolveWarp(
      prepareRules([email], { email: false }, 1),
      none,
      { vnetId: LONDON },
      1,
      true,
    );
    expect(unknown.trace?.[0]?.uncertain).toContain('user email');
  });

  it('no rule matches: the closest dedicated IP when every place is known, else it says so', () => {
    const rules = prepareRules([london, ams], { email: true }, 1);
    const unknown = resolveWarp(rules, none, ctx('other'), 1, false);
    expect(unknown.egress).toMatchObject({ ipv4: null, kind: 'dedicated' });
    expect(unknown.decided_by.summary).toContain('192.0.2.10, 192.0.2.20');
    const places = new Map<string, IpPlace>([
      [
        '192.0.2.10',
        { colo: 'LHR', city: 'London', country: 'GB', lat: 51.47, lon: -0.45, source: 'label' },
      ],
      [
        '192.0.2.20',
        { colo: 'AMS', city: 'Amsterdam', country: 'NL', lat: 52.31, lon: 4.76, source: 'label' },
      ],
    ]);
    const known = resolveWarp(rules, places, ctx('other'), 1, false);
    expect(known.egress).toMatchObject({ ipv4: '192.0.2.10', city: 'London' });
    expect(known.decided_by.type).toBe('nearest');
  });
});
