import { compileEgressConfig } from '../../../src/shared/egress/index.js';
import type {
  DataCenterStatus,
  DedicatedEgressIp,
  EgressRuleInput,
} from '../../../src/shared/egress/types.js';
import { findDataCenter } from '../../../src/shared/geo/index.js';

/** A dedicated egress IP at a catalog data center, as the control API would store it. */
export function ipAt(
  colo: string,
  ipv4: string,
  status: DataCenterStatus = 'healthy',
): DedicatedEgressIp {
  const dc = findDataCenter(colo);
  if (dc === undefined) throw new Error(`fixture: unknown colo ${colo}`);
  const host = ipv4.split('.').at(-1);
  return {
    id: `ip-${colo.toLowerCase()}-${host}`,
    ipv4,
    ipv6: `2001:db8:${host}::/48`,
    colo,
    city: dc.city,
    country: dc.country,
    lat: dc.lat,
    lon: dc.lon,
    status,
  };
}

/** The seed's account: Amsterdam, two London data centers, Dublin, Washington D.C. */
export const AMS = ipAt('AMS', '192.0.2.10');
export const LHR = ipAt('LHR', '192.0.2.20');
export const LCY = ipAt('LCY', '198.51.100.20');
export const DUB = ipAt('DUB', '192.0.2.30');
export const IAD = ipAt('IAD', '192.0.2.40');
export const SEED_IPS = [AMS, LHR, LCY, DUB, IAD];

let nextRule = 0;

export function rule(fields: Partial<EgressRuleInput> & { precedence: number }): EgressRuleInput {
  nextRule++;
  return {
    id: `rule-${nextRule}`,
    name: `Rule ${nextRule}`,
    enabled: true,
    traffic: '',
    identity: '',
    device_posture: '',
    egress: null,
    ...fields,
  };
}

export function compile(
  rules: EgressRuleInput[],
  egressIps: DedicatedEgressIp[] = SEED_IPS,
  version = 1,
) {
  return compileEgressConfig({ version, egressIps, rules });
}

export const down = (ip: DedicatedEgressIp): DedicatedEgressIp => ({ ...ip, status: 'down' });

/** Places users are, for location contexts. */
export const PLACES = {
  utrecht: { lat: 52.09, lon: 5.12 },
  rotterdam: { lat: 51.92, lon: 4.48 },
  groningen: { lat: 53.22, lon: 6.57 },
  antwerp: { lat: 51.22, lon: 4.4 },
  london: { lat: 51.51, lon: -0.13 },
  birmingham: { lat: 52.49, lon: -1.89 },
  oxford: { lat: 51.75, lon: -1.26 },
  cambridge: { lat: 52.21, lon: 0.12 },
  brighton: { lat: 50.82, lon: -0.14 },
  bristol: { lat: 51.45, lon: -2.59 },
  leeds: { lat: 53.8, lon: -1.55 },
  paris: { lat: 48.86, lon: 2.35 },
  newYork: { lat: 40.71, lon: -74.01 },
  chicago: { lat: 41.88, lon: -87.63 },
  toronto: { lat: 43.65, lon: -79.38 },
  losAngeles: { lat: 34.05, lon: -118.24 },
  vancouver: { lat: 49.28, lon: -123.12 },
  mexicoCity: { lat: 19.43, lon: -99.13 },
  miami: { lat: 25.76, lon: -80.19 },
  sydney: { lat: -33.87, lon: 151.21 },
} as const;
