import { AgentSnapshot, type VnetEntry } from '../../src/shared/agent/state.js';
import type { ResolvedEgress } from '../../src/shared/api/resolve.js';
import { freshAgentSettings, freshProxyState } from '../support/agent-settings.js';

export function egress(partial: Partial<ResolvedEgress> = {}): ResolvedEgress {
  return {
    ipv4: '192.0.2.10',
    ipv6: '2001:db8:10::/48',
    colo: 'LHR',
    city: 'London',
    country: 'GB',
    kind: 'dedicated',
    ...partial,
  };
}

export function vnet(
  id: string,
  name: string,
  where: Partial<ResolvedEgress> | null,
  extra: Partial<VnetEntry> = {},
): VnetEntry {
  return {
    id,
    name,
    comment: '',
    is_default: false,
    attached: false,
    favourite: false,
    last_used_at: null,
    preview:
      where === null
        ? null
        : {
            egress: egress(where),
            decided_by: {
              type: 'rule',
              rule: { id: `r-${id}`, name: `Egress ${name}`, precedence: 1 },
              summary: `rule Egress ${name}`,
            },
            fallback: { used: false },
          },
    ...extra,
  };
}

/** The demo seed as the agent would list it: default first, then by name. */
export const VNETS: VnetEntry[] = [
  vnet(
    'v-default',
    'default',
    { ipv4: '192.0.2.11', colo: 'LCY' },
    { is_default: true, attached: true },
  ),
  vnet('v-ams', 'vnet-Amsterdam', {
    ipv4: '192.0.2.20',
    ipv6: '2001:db8:20::/48',
    colo: 'AMS',
    city: 'Amsterdam',
    country: 'NL',
  }),
  vnet('v-dub', 'vnet-Dublin', {
    ipv4: '198.51.100.30',
    ipv6: '2001:db8:30::/48',
    colo: 'DUB',
    city: 'Dublin',
    country: 'IE',
  }),
  vnet('v-lon', 'vnet-London', {}),
  vnet('v-sao', 'vnet-São-Paulo', {
    ipv4: '203.0.113.9',
    ipv6: null,
    colo: 'GRU',
    city: 'São Paulo',
    country: 'BR',
  }),
  vnet('v-us', 'vnet-US-East', {
    ipv4: '198.51.100.40',
    ipv6: '2001:db8:40::/48',
    colo: 'IAD',
    city: 'Washington, D.C.',
    country: 'US',
  }),
];

/** A valid snapshot (checked against the contract), attached to `vnetId`. */
export function snapshot(overrides: Partial<AgentSnapshot> = {}): AgentSnapshot {
  const base: AgentSnapshot = {
    seq: 1,
    status: 'connected',
    control_api: { mode: 'local_simulator', url: 'http://127.0.0.1:1', account_id: 'acc' },
    device: { id: 'd1', name: 'laptop', user_email: 'qa@example.com' },
    attached_vnet_id: 'v-default',
    location: {
      colo: 'LHR',
      city: 'London',
      country: 'GB',
      lat: 51.47,
      lon: -0.45,
      source: 'time_zone',
    },
    egress: {
      vnet_id: 'v-default',
      vnet_name: 'default',
      egress: egress({ ipv4: '192.0.2.11', colo: 'LCY' }),
      decided_by: { type: 'nearest', summary: 'nearest dedicated location' },
      fallback: { used: false },
      config_version: 1,
      resolved_at: '2025-03-04T14:00:00.000Z',
      stale: false,
    },
    vnets: VNETS,
    favourites: [],
    recents: [],
    verification: null,
    settings: freshAgentSettings(),
    proxy: freshProxyState(),
    ...overrides,
  };
  return AgentSnapshot.parse(base);
}
