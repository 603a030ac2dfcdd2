import {
  AgentSnapshot,
  type EgressSnapshot,
  type VnetEntry,
} from '../../src/shared/agent/index.js';
import { freshAgentSettings, freshProxyState } from '../support/agent-settings.js';

/** Where a vnet egresses in the fixtures: documentation addresses, real catalog cities. */
export const PLACES = {
  London: { ipv4: '192.0.2.10', colo: 'LHR', city: 'London', country: 'GB' },
  Amsterdam: { ipv4: '192.0.2.20', colo: 'AMS', city: 'Amsterdam', country: 'NL' },
  Dublin: { ipv4: '198.51.100.30', colo: 'DUB', city: 'Dublin', country: 'IE' },
  Washington: { ipv4: '198.51.100.40', colo: 'IAD', city: 'Washington', country: 'US' },
} as const;
export type PlaceName = keyof typeof PLACES;

export function vnet(
  id: string,
  name: string,
  place: PlaceName | 'unavailable' | null,
  extra: Partial<VnetEntry> = {},
): VnetEntry {
  const preview =
    place === null
      ? null
      : place === 'unavailable'
        ? {
            egress: {
              ipv4: null,
              ipv6: null,
              colo: null,
              city: null,
              country: null,
              kind: 'unavailable' as const,
            },
            decided_by: { type: 'rule' as const, summary: `rule Egress ${name}` },
            fallback: { used: true, reason: 'the data center is down and so is the fallback' },
          }
        : {
            egress: { ...PLACES[place], ipv6: '2001:db8:1::/48', kind: 'dedicated' as const },
            decided_by: { type: 'rule' as const, summary: `rule Egress ${place}` },
            fallback: { used: false },
          };
  return {
    id,
    name,
    comment: '',
    is_default: false,
    attached: false,
    favourite: false,
    last_used_at: null,
    preview,
    ...extra,
  };
}

export function egressOf(
  vnetId: string,
  vnetName: string,
  place: PlaceName,
  extra: Partial<EgressSnapshot> = {},
): EgressSnapshot {
  return {
    vnet_id: vnetId,
    vnet_name: vnetName,
    egress: { ...PLACES[place], ipv6: '2001:db8:1::/48', kind: 'dedicated' },
    decided_by: { type: 'rule', summary: `rule Egress ${place}` },
    fallback: { used: false },
    config_version: 3,
    resolved_at: '2025-01-01T12:00:00.000Z',
    stale: false,
    ...extra,
  };
}

/** The demo-like vnets: default, London, Amsterdam, US-East; London attached. */
export function demoVnets(attached = 'v-lon'): VnetEntry[] {
  return [
    vnet('v-def', 'default', 'Dublin', { is_default: true }),
    vnet('v-ams', 'vnet-Amsterdam', 'Amsterdam'),
    vnet('v-lon', 'vnet-London', 'London'),
    vnet('v-us', 'vnet-US-East', 'Washington'),
  ].map((entry) => ({ ...entry, attached: entry.id === attached }));
}

/** A connected snapshot (attached to vnet-London), validated against the contract. */
export function snapshot(overrides: Partial<AgentSnapshot> = {}): AgentSnapshot {
  const base: AgentSnapshot = {
    seq: 7,
    status: 'connected',
    control_api: { mode: 'local_simulator', url: 'http://127.0.0.1:40000', account_id: 'acc-1' },
    device: { id: 'dev-1', name: 'laptop', user_email: 'qa@example.com' },
    attached_vnet_id: 'v-lon',
    location: { colo: 'LHR', city: 'London', country: 'GB', lat: 51.5, lon: -0.12, source: 'user' },
    egress: egressOf('v-lon', 'vnet-London', 'London'),
    vnets: demoVnets(),
    favourites: [],
    recents: [],
    verification: null,
    settings: freshAgentSettings(),
    proxy: freshProxyState(),
  };
  return AgentSnapshot.parse({ ...base, ...overrides });
}
