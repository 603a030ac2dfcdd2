import { allDataCenters } from '../geo/catalog.js';
import type { DataCenter } from '../geo/types.js';
import type { ResolvedEgress } from './types.js';

/*
 * Simulated Cloudflare shared (WARP) egress: one IPv4 per data center in 203.0.113.0/24 and one
 * /48 per data center in 2001:db8:ca00::/40, both documentation space that the demo's dedicated
 * ranges (192.0.2.0/24, 198.51.100.0/24) never use. Addresses follow catalog order, which is
 * why the catalog only ever grows at the end.
 */
const HOST_OFFSET = 10;

function sharedFor(dc: DataCenter, index: number): ResolvedEgress {
  const host = HOST_OFFSET + index;
  if (host > 254 || index > 0xff) {
    throw new RangeError(`the shared-egress simulation has no address left for ${dc.colo}`);
  }
  return Object.freeze({
    ipv4: `203.0.113.${host}`,
    ipv6: `2001:db8:ca${index.toString(16).padStart(2, '0')}::/48`,
    colo: dc.colo,
    city: dc.city,
    country: dc.country,
    kind: 'shared' as const,
  });
}

const byColo = new Map(allDataCenters().map((dc, index) => [dc.colo, sharedFor(dc, index)]));

/** The simulated shared (WARP) egress of a catalog data center. */
export function sharedEgressFor(dataCenter: DataCenter): ResolvedEgress {
  const egress = byColo.get(dataCenter.colo);
  if (egress === undefined) {
    throw new RangeError(`${dataCenter.colo} is not a data center of the catalog`);
  }
  // A fresh object each time: callers own what they get back.
  return {
    ipv4: egress.ipv4,
    ipv6: egress.ipv6,
    colo: egress.colo,
    city: egress.city,
    country: egress.country,
    kind: egress.kind,
  };
}
