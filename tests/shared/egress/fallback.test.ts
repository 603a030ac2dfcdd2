import { describe, expect, it } from 'vitest';
import { SHARED_EGRESS_FALLBACK } from '../../../src/shared/api/index.js';
import { resolveEgress } from '../../../src/shared/egress/index.js';
import type { DedicatedEgressIp, EgressSettings } from '../../../src/shared/egress/types.js';
import { AMS, compile, DUB, down, IAD, LCY, LHR, PLACES, rule } from './fixtures.js';

const VNET_LONDON = 'vnet-london';

/** A London-only rule: primary LHR, fallback the other London data center (seed). */
function londonOnly(ips: DedicatedEgressIp[], egress?: Partial<EgressSettings>) {
  const compiled = compile(
    [
      rule({
        name: 'London only',
        precedence: 1,
        traffic: `net.vnet_id == "${VNET_LONDON}"`,
        egress: { ipv4: LHR.ipv4, ipv6: '2001:db8:aaaa::/48', ipv4_fallback: LCY.ipv4, ...egress },
      }),
    ],
    ips,
  );
  // A user in Dublin: the nearest dedicated IP would be DUB, which the rule must never use.
  return resolveEgress(compiled, { vnetId: VNET_LONDON, location: { colo: 'DUB' } });
}

describe('a London-only rule with two London IPs', () => {
  it('uses the primary while its data center is up', () => {
    const result = londonOnly([AMS, LHR, LCY, DUB, IAD]);
    expect(result.egress).toMatchObject({ ipv4: LHR.ipv4, colo: 'LHR', kind: 'dedicated' });
    expect(result.fallback).toEqual({ used: false });
  });

  it('falls back to the other London IP when the primary is down, keeping the rule’s IPv6', () => {
    const result = londonOnly([AMS, down(LHR), LCY, DUB, IAD]);
    expect(result.egress).toEqual({
      ipv4: LCY.ipv4,
      ipv6: '2001:db8:aaaa::/48',
      colo: 'LCY',
      city: 'London',
      country: 'GB',
      kind: 'dedicated',
    });
    expect(result.fallback.used).toBe(true);
    expect(result.fallback.reason).toBe(
      `LHR (London) is down; the rule falls back to ${LCY.ipv4} at LCY (London)`,
    );
    expect(result.decided_by.rule?.name).toBe('London only');
  });

  it('is unavailable, with the reason, when both are down — never Dublin', () => {
    const result = londonOnly([AMS, down(LHR), down(LCY), DUB, IAD]);
    expect(result.egress).toEqual({
      ipv4: null,
      ipv6: null,
      colo: 'LHR',
      city: 'London',
      country: 'GB',
      kind: 'unavailable',
    });
    expect(result.fallback).toEqual({
      used: false,
      reason: `LHR (London) is down and the fallback ${LCY.ipv4} at LCY (London) is down too`,
    });
    expect(JSON.stringify(result.egress)).not.toContain('DUB');
    expect(result.decided_by.type).toBe('rule');
  });

  it('is unavailable when the primary is down and the rule has no fallback', () => {
    const result = londonOnly([down(LHR), LCY, DUB], { ipv4_fallback: undefined });
    expect(result.egress.kind).toBe('unavailable');
    expect(result.fallback.reason).toBe('LHR (London) is down and the rule has no fallback');
  });

  it('takes the shared default egress of the nearest data center for fallback 0.0.0.0', () => {
    const result = londonOnly([down(LHR), LCY, DUB], { ipv4_fallback: SHARED_EGRESS_FALLBACK });
    expect(result.egress).toMatchObject({ colo: 'DUB', kind: 'shared' });
    expect(result.egress.ipv4).toMatch(/^203\.0\.113\./);
    expect(result.fallback).toEqual({
      used: true,
      reason:
        'LHR (London) is down; the rule falls back to the shared default egress (DUB, Dublin)',
    });
  });

  it('uses the IP’s own IPv6 range when the rule names none', () => {
    const up = londonOnly([LHR, LCY], { ipv6: undefined });
    expect(up.egress.ipv6).toBe(LHR.ipv6);
    // No secondary IPv6 exists: a fallback keeps the rule's (here the primary's) range.
    const fellBack = londonOnly([down(LHR), LCY], { ipv6: undefined });
    expect(fellBack.egress).toMatchObject({ ipv4: LCY.ipv4, ipv6: LHR.ipv6 });
  });

  it('explains a primary that is not one of the account’s IPs', () => {
    const result = londonOnly([LCY, DUB], { ipv4: '192.0.2.99', ipv4_fallback: undefined });
    expect(result.egress).toMatchObject({ kind: 'unavailable', colo: null });
    expect(result.fallback.reason).toBe(
      "the rule's egress IP 192.0.2.99 is not one of the account's dedicated egress IPs and the rule has no fallback",
    );
  });

  it('explains a fallback that is not one of the account’s IPs', () => {
    const result = londonOnly([down(LHR), LCY], { ipv4_fallback: '198.51.100.99' });
    expect(result.egress.kind).toBe('unavailable');
    expect(result.fallback.reason).toBe(
      "LHR (London) is down and the fallback 198.51.100.99 is not one of the account's dedicated egress IPs",
    );
  });

  it('applies to a rule match only: with no match, balancing skips the down city', () => {
    const compiled = compile([], [down(LHR), down(LCY), DUB, AMS]);
    expect(resolveEgress(compiled, { location: PLACES.birmingham }).egress.colo).toBe('DUB');
  });
});
