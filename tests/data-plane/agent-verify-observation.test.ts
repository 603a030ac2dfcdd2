import { describe, expect, it } from 'vitest';
import { compareObservation, parseObservation } from '../../src/main/agent/verification.js';
import type { EgressSnapshot } from '../../src/shared/agent/index.js';

const CLOUDFLARE_TRACE = `fl=29f123
h=cloudflare.com
ip=203.0.113.77
ts=1764600000.123
visit_scheme=https
uag=node
colo=LHR
sliver=none
http=http/1.1
loc=GB
tls=TLSv1.3
sni=plaintext
warp=off
gateway=off
rbi=off
kex=X25519
`;

const expected: EgressSnapshot = {
  vnet_id: 'v-lon',
  vnet_name: 'vnet-London',
  egress: {
    ipv4: '203.0.113.77',
    ipv6: '2001:db8:10::/48',
    colo: 'LHR',
    city: 'London',
    country: 'GB',
    kind: 'dedicated',
  },
  decided_by: { type: 'rule', summary: 'rule "Egress London"' },
  fallback: { used: false },
  config_version: 3,
  resolved_at: '2026-12-01T20:00:00.000Z',
  stale: false,
};
const at = '2026-12-01T20:00:01.000Z';
const via = (url: string) => ({ url, proxy: '127.0.0.1:40000' });
/** The account's dedicated egress as a destination sees it: IPv4s and a gateway's source. */
const dedicated = new Set(['203.0.113.77', '203.0.113.78', '127.0.0.2']);

describe('what a verify URL answers', () => {
  it('reads a Cloudflare /cdn-cgi/trace (no vnet) and a bare address (icanhazip)', () => {
    expect(parseObservation(CLOUDFLARE_TRACE)).toEqual({
      ip: '203.0.113.77',
      colo: 'LHR',
      loc: 'GB',
      vnet: null,
    });
    expect(parseObservation('198.51.100.9\n')).toEqual({
      ip: '198.51.100.9',
      colo: '',
      loc: '',
      vnet: null,
    });
    expect(parseObservation('2001:db8::9')?.ip).toBe('2001:db8::9');
  });

  it('finds no address in anything else', () => {
    expect(parseObservation('<html>blocked</html>')).toBeUndefined();
    expect(parseObservation('ip=not-an-address\ncolo=LHR')).toBeUndefined();
    expect(parseObservation('')).toBeUndefined();
  });

  it("compares a third party's answer by address only: its colo is its edge's", () => {
    const elsewhere = parseObservation(CLOUDFLARE_TRACE.replace('colo=LHR', 'colo=CDG'));
    if (!elsewhere) throw new Error('parsed above');
    const match = compareObservation(expected, elsewhere, at, {
      via: via('https://cloudflare.com/cdn-cgi/trace'),
      strict: false,
      dedicated,
    });
    expect(match.status).toBe('match');
    expect(match.message).toBe(
      'Verified: through the local proxy, cloudflare.com sees 203.0.113.77 in CDG (GB), as resolved for vnet-London.',
    );
    const other = compareObservation(
      expected,
      { ip: '198.51.100.9', colo: '', loc: '', vnet: null },
      at,
      { via: via('https://ipv4.icanhazip.com/'), strict: false, dedicated },
    );
    expect(other).toMatchObject({
      status: 'mismatch',
      via: { url: 'https://ipv4.icanhazip.com/' },
      message:
        'Mismatch (IP): expected 203.0.113.77 in LHR for vnet-London, but through the local proxy ipv4.icanhazip.com sees 198.51.100.9.',
    });
  });

  it("holds the control API's own trace to its data center and vnet too", () => {
    const result = compareObservation(
      expected,
      { ip: '203.0.113.77', colo: 'LCY', loc: 'GB', vnet: 'v-ams' },
      at,
      { via: via('http://127.0.0.1:8787/cdn-cgi/trace'), strict: true, dedicated },
    );
    expect(result.status).toBe('mismatch');
    expect(result.message).toMatch(/^Mismatch \(data center, vnet\): .* on vnet v-ams\.$/);
  });

  it('holds a shared egress to leaving directly: any address but a dedicated egress one', () => {
    const contractor: EgressSnapshot = {
      ...expected,
      vnet_id: 'v-con',
      vnet_name: 'vnet-Contractor',
      egress: { ...expected.egress, ipv4: '203.0.113.12', kind: 'shared' },
    };
    const trace = via('http://127.0.0.1:8787/cdn-cgi/trace');
    // Our trace of a direct connection: this machine's address, no data center.
    const direct = compareObservation(
      contractor,
      { ip: '127.0.0.1', colo: '', loc: '', vnet: 'v-con' },
      at,
      { via: trace, strict: true, dedicated },
    );
    expect(direct.status).toBe('match');
    expect(direct.message).toBe(
      'Verified: through the local proxy, 127.0.0.1:8787 sees 127.0.0.1: this machine’s own connection, not a dedicated egress IP, which is how the shared egress resolved for vnet-Contractor leaves.',
    );
    for (const ip of ['203.0.113.78', '127.0.0.2']) {
      const through = compareObservation(
        contractor,
        { ip, colo: 'LHR', loc: 'GB', vnet: 'v-con' },
        at,
        { via: trace, strict: true, dedicated },
      );
      expect(through.status, ip).toBe('mismatch');
      expect(through.message).toMatch(
        /^Mismatch \(IP\): expected the shared egress \(direct, not a dedicated egress IP\) for vnet-Contractor, but through the local proxy 127\.0\.0\.1:8787 sees /,
      );
    }
    // The vnet is still held to the resolved one.
    const elsewhere = compareObservation(
      contractor,
      { ip: '127.0.0.1', colo: '', loc: '', vnet: 'v-lon' },
      at,
      { via: trace, strict: true, dedicated },
    );
    expect(elsewhere).toMatchObject({ status: 'mismatch' });
    expect(elsewhere.message).toMatch(/^Mismatch \(vnet\)/);
  });
});
