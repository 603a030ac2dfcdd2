import { describe, expect, it } from 'vitest';
import { resolveEgress } from '../../../src/shared/egress/index.js';
import type { GeoPoint } from '../../../src/shared/geo/index.js';
import { unitVector } from '../../../src/shared/geo/index.js';
import { AMS, compile, DUB, down, IAD, ipAt, LCY, LHR, PLACES, SEED_IPS } from './fixtures.js';

const seed = compile([]);

function egressFrom(location: GeoPoint, destinationCountry?: string, stickyKey = 'user') {
  return resolveEgress(seed, {
    location,
    stickyKey,
    destination: destinationCountry === undefined ? undefined : { country: destinationCountry },
  });
}

/** The great-circle midpoint of two points. */
function midpoint(a: GeoPoint, b: GeoPoint): GeoPoint {
  const u = unitVector(a);
  const v = unitVector(b);
  const x = u.x + v.x;
  const y = u.y + v.y;
  const z = u.z + v.z;
  return {
    lat: (Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI,
    lon: (Math.atan2(y, x) * 180) / Math.PI,
  };
}

const keys = Array.from({ length: 400 }, (_, i) => `device-${i}`);

describe('default balancing when no rule matches (seed examples)', () => {
  it('gives users near the Netherlands the Amsterdam IP', () => {
    for (const place of [PLACES.utrecht, PLACES.rotterdam, PLACES.groningen, PLACES.antwerp]) {
      const result = egressFrom(place);
      expect(result.egress).toMatchObject({ ipv4: AMS.ipv4, colo: 'AMS', kind: 'dedicated' });
      expect(result.decided_by).toEqual({
        type: 'nearest',
        summary: 'nearest dedicated location to you (Amsterdam)',
      });
      expect(result.fallback).toEqual({ used: false });
    }
  });

  it('gives users in England a London IP', () => {
    const england = [PLACES.london, PLACES.birmingham, PLACES.oxford, PLACES.cambridge];
    for (const place of [...england, PLACES.brighton, PLACES.bristol, PLACES.leeds]) {
      const result = egressFrom(place);
      expect(result.egress.city).toBe('London');
      expect([LHR.ipv4, LCY.ipv4]).toContain(result.egress.ipv4);
    }
  });

  it('gives users in North America the Washington, D.C. IP', () => {
    const northAmerica = [PLACES.newYork, PLACES.chicago, PLACES.toronto, PLACES.losAngeles];
    for (const place of [...northAmerica, PLACES.vancouver, PLACES.mexicoCity, PLACES.miami]) {
      expect(egressFrom(place).egress).toMatchObject({ ipv4: IAD.ipv4, city: 'Washington, D.C.' });
    }
  });

  it('uses the IP’s own IPv6 range and the config version', () => {
    const result = resolveEgress(compile([], SEED_IPS, 42), { location: PLACES.utrecht });
    expect(result.egress.ipv6).toBe(AMS.ipv6);
    expect(result.config_version).toBe(42);
  });
});

describe('the resource’s location counts', () => {
  it('tilts a user between two nearby locations towards the resource', () => {
    // From Paris, London is nearer than Amsterdam...
    expect(egressFrom(PLACES.paris).egress.city).toBe('London');
    // ...but for a resource in the Netherlands, Amsterdam is the better path.
    const dutchSite = egressFrom(PLACES.paris, 'NL');
    expect(dutchSite.egress.city).toBe('Amsterdam');
    expect(dutchSite.decided_by.summary).toContain('destination in Netherlands');
  });

  it('never pulls a user across an ocean to sit next to the resource', () => {
    expect(egressFrom(PLACES.london, 'US').egress.city).toBe('London');
    expect(egressFrom(PLACES.newYork, 'GB').egress.city).toBe('Washington, D.C.');
  });

  it('ignores a destination country it does not know', () => {
    expect(egressFrom(PLACES.paris, 'QQ').egress.city).toBe('London');
  });
});

describe('sticky splitting', () => {
  // Only Amsterdam and Frankfurt, and users exactly halfway: both are equally good.
  const fra = ipAt('FRA', '192.0.2.50');
  const pair = compile([], [AMS, fra]);
  const halfway = midpoint(AMS, fra);
  const choose = (compiled: typeof pair, key: string) =>
    resolveEgress(compiled, { location: halfway, stickyKey: key }).egress.colo;

  it('keeps the same choice for the same user', () => {
    for (const key of keys.slice(0, 20)) {
      const first = choose(pair, key);
      for (let i = 0; i < 3; i++) expect(choose(pair, key)).toBe(first);
    }
  });

  it('splits users between equally good locations', () => {
    const counts = new Map<string | null, number>();
    for (const key of keys) counts.set(choose(pair, key), (counts.get(choose(pair, key)) ?? 0) + 1);
    expect(counts.get('AMS')).toBeGreaterThan(keys.length * 0.3);
    expect(counts.get('FRA')).toBeGreaterThan(keys.length * 0.3);
    const result = resolveEgress(pair, { location: halfway, stickyKey: 'device-1' });
    expect(result.decided_by.summary).toContain('one of 2 equally good locations');
  });

  it('does not reshuffle anyone when an IP is added somewhere else', () => {
    const grown = compile([], [AMS, fra, ipAt('SYD', '192.0.2.60')]);
    for (const key of keys) expect(choose(grown, key)).toBe(choose(pair, key));
  });

  it('splits users among several IPs in one city and keeps them there', () => {
    const london = keys.map(
      (key) => resolveEgress(seed, { location: PLACES.london, stickyKey: key }).egress.ipv4,
    );
    expect(london.filter((ip) => ip === LHR.ipv4).length).toBeGreaterThan(keys.length * 0.3);
    expect(london.filter((ip) => ip === LCY.ipv4).length).toBeGreaterThan(keys.length * 0.3);

    // When LCY goes down only its users move; LHR's users stay put.
    const withoutLcy = compile([], [AMS, LHR, down(LCY), DUB, IAD]);
    keys.forEach((key, i) => {
      const now = resolveEgress(withoutLcy, { location: PLACES.london, stickyKey: key });
      expect(now.egress.ipv4).toBe(LHR.ipv4);
      if (london[i] === LHR.ipv4) expect(now.egress.ipv4).toBe(london[i]);
    });
  });
});

describe('without usable dedicated IPs', () => {
  it('uses the shared egress of the nearest data center when the account has none', () => {
    const result = resolveEgress(compile([], []), { location: PLACES.utrecht });
    expect(result.egress).toMatchObject({ colo: 'AMS', kind: 'shared' });
    expect(result.decided_by.type).toBe('no_dedicated_ips');
    expect(result.decided_by.summary).toMatch(/^no dedicated egress IPs/);
  });

  it('says so when dedicated IPs exist but are all down', () => {
    const allDown = compile([], SEED_IPS.map(down));
    const result = resolveEgress(allDown, { location: { colo: 'NRT' } });
    expect(result.egress).toMatchObject({ colo: 'NRT', city: 'Tokyo', kind: 'shared' });
    expect(result.decided_by.type).toBe('no_dedicated_ips');
    expect(result.decided_by.summary).toContain('all 5 dedicated egress IPs are down');
  });

  it('skips a down location and takes the next best', () => {
    const amsDown = compile([], [down(AMS), LHR, LCY, DUB, IAD]);
    expect(resolveEgress(amsDown, { location: PLACES.utrecht }).egress.city).toBe('London');
  });
});

describe('the user’s location', () => {
  it('accepts a data center as the location', () => {
    expect(resolveEgress(seed, { location: { colo: 'ams' } }).egress.colo).toBe('AMS');
    expect(resolveEgress(seed, { location: { colo: 'ORD' } }).egress.colo).toBe('IAD');
  });

  it('assumes London, and says so, when no location is given', () => {
    const result = resolveEgress(seed, {});
    expect(result.egress.city).toBe('London');
    expect(result.decided_by.summary).toContain('no location given, London assumed');
  });

  it('rejects an unknown data center and coordinates off the globe with a clear error', () => {
    expect(() => resolveEgress(seed, { location: { colo: 'XYZ' } })).toThrow(
      /Unknown data center "XYZ"/,
    );
    expect(() => resolveEgress(seed, { location: { lat: 91, lon: 0 } })).toThrow(
      /not a point on the globe/,
    );
    expect(() => resolveEgress(seed, { location: { lat: Number.NaN, lon: 0 } })).toThrow(
      expect.objectContaining({ name: 'InvalidResolveContextError' }),
    );
  });
});
