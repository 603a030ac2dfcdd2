import { describe, expect, it } from 'vitest';
import { resolveEgress } from '../../../src/shared/egress/index.js';
import { ExpressionSyntaxError } from '../../../src/shared/policy/index.js';
import { AMS, compile, DUB, IAD, LHR, PLACES, rule } from './fixtures.js';

const VNET_LONDON = '0f3c1a52-8a7e-4c1e-9b61-6c8c0a2d1001';
const VNET_AMSTERDAM = '0f3c1a52-8a7e-4c1e-9b61-6c8c0a2d1002';
const VNET_US = '0f3c1a52-8a7e-4c1e-9b61-6c8c0a2d1003';

const vnetRules = [
  rule({
    name: 'Egress London',
    precedence: 10,
    traffic: `net.vnet_id == "${VNET_LONDON}"`,
    egress: { ipv4: LHR.ipv4 },
  }),
  rule({
    name: 'Egress Amsterdam',
    precedence: 20,
    traffic: `net.vnet_id == "${VNET_AMSTERDAM}"`,
    egress: { ipv4: AMS.ipv4 },
  }),
  rule({
    name: 'Egress US East',
    precedence: 30,
    traffic: `net.vnet_id == "${VNET_US}"`,
    egress: { ipv4: IAD.ipv4, ipv6: '2001:db8:ffff::/48' },
  }),
];

describe('rule matching', () => {
  it('switching the attached vnet switches the egress', () => {
    const compiled = compile(vnetRules);
    const from = (vnetId: string | undefined) =>
      resolveEgress(compiled, { vnetId, location: PLACES.sydney });
    expect(from(VNET_LONDON).egress).toMatchObject({ ipv4: LHR.ipv4, colo: 'LHR' });
    expect(from(VNET_LONDON).decided_by).toEqual({
      type: 'rule',
      rule: { id: vnetRules[0]?.id, name: 'Egress London', precedence: 10 },
      summary: 'rule "Egress London" (precedence 10)',
    });
    expect(from(VNET_AMSTERDAM).egress.colo).toBe('AMS');
    expect(from(VNET_US).egress).toMatchObject({ colo: 'IAD', ipv6: '2001:db8:ffff::/48' });
    expect(from('some-other-vnet').decided_by.type).toBe('nearest');
    expect(from(undefined).decided_by.type).toBe('nearest');
  });

  it('takes the first match by ascending precedence, whatever the input order', () => {
    const broad = rule({ name: 'Everyone to Dublin', precedence: 5, egress: { ipv4: DUB.ipv4 } });
    const narrow = rule({
      name: 'London vnet',
      precedence: 1,
      traffic: `net.vnet_id == "${VNET_LONDON}"`,
      egress: { ipv4: LHR.ipv4 },
    });
    const compiled = compile([broad, narrow]);
    expect(resolveEgress(compiled, { vnetId: VNET_LONDON }).decided_by.rule?.name).toBe(
      'London vnet',
    );
    expect(resolveEgress(compiled, { vnetId: VNET_US }).decided_by.rule?.name).toBe(
      'Everyone to Dublin',
    );
  });

  it('skips disabled rules', () => {
    const disabled = rule({ precedence: 1, enabled: false, egress: { ipv4: DUB.ipv4 } });
    const compiled = compile([disabled, ...vnetRules]);
    const result = resolveEgress(compiled, { vnetId: VNET_LONDON });
    expect(result.decided_by.rule?.name).toBe('Egress London');
  });

  it('matches identity rules on group membership', () => {
    const finance = rule({
      name: 'Finance via Amsterdam',
      precedence: 1,
      identity: 'any(identity.groups.name[*] in {"finance" "audit"})',
      egress: { ipv4: AMS.ipv4 },
    });
    const compiled = compile([finance]);
    const as = (groups: string[]) =>
      resolveEgress(compiled, {
        identity: { email: 'a@example.com', groups },
        location: PLACES.newYork,
      }).egress.colo;
    expect(as(['engineering', 'audit'])).toBe('AMS');
    expect(as(['engineering'])).toBe('IAD');
    expect(as([])).toBe('IAD');
  });

  it('matches identity rules on email', () => {
    const one = rule({
      precedence: 1,
      identity: 'identity.email == "qa@example.com"',
      egress: { ipv4: DUB.ipv4 },
    });
    const compiled = compile([one]);
    const ctx = (email: string) => ({ identity: { email }, location: PLACES.newYork });
    expect(resolveEgress(compiled, ctx('QA@example.com')).egress.colo).toBe('DUB');
    expect(resolveEgress(compiled, ctx('dev@example.com')).egress.colo).toBe('IAD');
  });

  it('matches destination-country and port rules', () => {
    const compiled = compile([
      rule({
        name: 'Dutch sites',
        precedence: 1,
        traffic: 'net.dst.geo.country == "NL"',
        egress: { ipv4: AMS.ipv4 },
      }),
      rule({
        name: 'Mail ports',
        precedence: 2,
        traffic: 'net.dst.port in {25 465 587}',
        egress: { ipv4: DUB.ipv4 },
      }),
      rule({
        name: 'North American sites',
        precedence: 3,
        traffic: 'net.dst.geo.continent == "NA"',
        egress: { ipv4: IAD.ipv4 },
      }),
    ]);
    const to = (destination: { country?: string; port?: number }) =>
      resolveEgress(compiled, { destination, location: PLACES.london }).decided_by.rule?.name;
    expect(to({ country: 'nl', port: 443 })).toBe('Dutch sites');
    expect(to({ country: 'DE', port: 587 })).toBe('Mail ports');
    expect(to({ country: 'CA', port: 443 })).toBe('North American sites');
    expect(to({ country: 'DE', port: 443 })).toBeUndefined();
  });

  it('matches rules on the user’s own country, only when the location is known', () => {
    const compiled = compile([
      rule({
        precedence: 1,
        traffic: 'net.src.geo.country == "GB" and net.src.geo.continent == "EU"',
        egress: { ipv4: DUB.ipv4 },
      }),
    ]);
    expect(resolveEgress(compiled, { location: { colo: 'LCY' } }).egress.colo).toBe('DUB');
    expect(resolveEgress(compiled, { location: PLACES.birmingham }).egress.colo).toBe('DUB');
    expect(resolveEgress(compiled, { location: PLACES.paris }).egress.colo).not.toBe('DUB');
    // No location: London is assumed for distances, but no rule may match on an assumption.
    expect(resolveEgress(compiled, {}).decided_by.type).toBe('nearest');
  });

  it('honours not(...)', () => {
    const compiled = compile([
      rule({
        name: 'Everyone but admins',
        precedence: 1,
        identity: 'not(any(identity.groups.name[*] in {"admin"}))',
        egress: { ipv4: DUB.ipv4 },
      }),
    ]);
    const as = (groups: string[]) =>
      resolveEgress(compiled, { identity: { groups }, location: PLACES.newYork }).egress.colo;
    expect(as(['staff'])).toBe('DUB');
    expect(as(['staff', 'admin'])).toBe('IAD');
  });

  it('requires traffic, identity and device posture to hold together', () => {
    const compiled = compile([
      rule({
        precedence: 1,
        traffic: `net.vnet_id == "${VNET_LONDON}"`,
        identity: 'any(identity.groups.name[*] == "qa")',
        device_posture: 'any(device_posture.checks.passed[*] in {"disk-encrypted"})',
        egress: { ipv4: LHR.ipv4 },
      }),
    ]);
    const full = {
      vnetId: VNET_LONDON,
      identity: { groups: ['qa'] },
      posturePassed: ['disk-encrypted'],
      location: PLACES.newYork,
    };
    expect(resolveEgress(compiled, full).egress.colo).toBe('LHR');
    expect(resolveEgress(compiled, { ...full, posturePassed: [] }).egress.colo).toBe('IAD');
    expect(resolveEgress(compiled, { ...full, identity: { groups: [] } }).egress.colo).toBe('IAD');
    expect(resolveEgress(compiled, { ...full, vnetId: VNET_US }).egress.colo).toBe('IAD');
  });

  it('sends a rule without egress settings to the shared egress nearest the user', () => {
    const compiled = compile([
      rule({ name: 'Catch-all', precedence: 99, traffic: 'net.protocol in {"tcp" "udp"}' }),
    ]);
    const result = resolveEgress(compiled, {
      location: { colo: 'NRT' },
      destination: { protocol: 'TCP' },
    });
    expect(result.egress).toMatchObject({ colo: 'NRT', kind: 'shared' });
    expect(result.decided_by.rule?.name).toBe('Catch-all');
    expect(result.fallback).toEqual({ used: false });
  });

  it('refuses to compile an invalid rule, naming the rule, the column and the position', () => {
    const typeMismatch = rule({ name: 'Bad port', precedence: 1, traffic: 'net.dst.port == "x"' });
    expect(() => compile([typeMismatch])).toThrow(ExpressionSyntaxError);
    expect(() => compile([typeMismatch])).toThrow(/^Rule "Bad port" \(rule-\d+\), traffic: /);

    const typo = rule({ name: 'Typo', precedence: 2, identity: 'identity.emial == "a@b.c"' });
    try {
      compile([typo]);
      expect.unreachable('an unknown field must not compile');
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      expect(error.message).toMatch(/^Rule "Typo" \(rule-\d+\), identity: /);
      expect(error.detail.position.column).toBe(1);
      expect(error.detail.suggestion).toBe('identity.email');
    }
  });

  it('is a pure function: same input, same output, inputs untouched', () => {
    const rules = vnetRules.map((r) => Object.freeze({ ...r }));
    const compiled = compile(rules);
    const context = Object.freeze({
      vnetId: VNET_AMSTERDAM,
      identity: Object.freeze({ groups: Object.freeze(['a']) }),
      location: Object.freeze({ ...PLACES.london }),
    });
    const first = resolveEgress(compiled, context, { explain: true });
    expect(resolveEgress(compiled, context, { explain: true })).toEqual(first);
    expect(resolveEgress(compile(rules), context, { explain: true })).toEqual(first);
  });
});
