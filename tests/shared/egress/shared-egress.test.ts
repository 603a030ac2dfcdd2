import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { sharedEgressFor } from '../../../src/shared/egress/index.js';
import { allDataCenters, findDataCenter } from '../../../src/shared/geo/index.js';

const inRange = (address: string, cidr: string) => {
  const parsed = ipaddr.parse(address);
  const range = ipaddr.parseCIDR(cidr);
  return parsed.kind() === range[0].kind() && parsed.match(range);
};

const LONDON_HEATHROW = (() => {
  const found = findDataCenter('LHR');
  if (found === undefined) throw new Error('LHR is missing from the catalog');
  return found;
})();

describe('simulated shared (WARP) egress', () => {
  const all = allDataCenters().map(sharedEgressFor);

  it('gives every data center its own IPv4 in 203.0.113.0/24 and IPv6 /48 in 2001:db8:ca00::/40', () => {
    expect(new Set(all.map((e) => e.ipv4)).size).toBe(all.length);
    expect(new Set(all.map((e) => e.ipv6)).size).toBe(all.length);
    for (const egress of all) {
      expect(inRange(egress.ipv4 ?? '', '203.0.113.0/24'), egress.ipv4 ?? '').toBe(true);
      const [network, bits] = ipaddr.parseCIDR(egress.ipv6 ?? '');
      expect(bits).toBe(48);
      expect(inRange(network.toString(), '2001:db8:ca00::/40'), egress.ipv6 ?? '').toBe(true);
      expect(egress.kind).toBe('shared');
    }
  });

  it('stays out of the dedicated demo ranges', () => {
    for (const egress of all) {
      expect(inRange(egress.ipv4 ?? '', '192.0.2.0/24')).toBe(false);
      expect(inRange(egress.ipv4 ?? '', '198.51.100.0/24')).toBe(false);
    }
  });

  it('is deterministic and carries the data center’s place', () => {
    const lhr = LONDON_HEATHROW;
    expect(sharedEgressFor(lhr)).toEqual(sharedEgressFor({ ...lhr }));
    expect(sharedEgressFor(lhr)).toMatchObject({ colo: 'LHR', city: 'London', country: 'GB' });
  });

  it('refuses a data center outside the catalog', () => {
    const fake = { ...LONDON_HEATHROW, colo: 'QQQ' };
    expect(() => sharedEgressFor(fake)).toThrow(/QQQ is not a data center of the catalog/);
  });
});
