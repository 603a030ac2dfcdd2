import { DEMO_EGRESS_IPS, DEMO_RULES, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import {
  AgentSnapshot,
  type EgressSnapshot,
  type VnetEntry,
} from '../../src/shared/agent/index.js';
import type { ResolvedEgress } from '../../src/shared/api/resolve.js';
import { findDataCenter } from '../../src/shared/geo/index.js';
import { freshAgentSettings, freshProxyState } from './agent-settings.js';

/**
 * Snapshot fixtures for the fronts' unit tests (tray, popover, notifications, IPC), derived from
 * the demo seed the local simulator starts with: the same vnet ids and names, egress IPs, data
 * centers and rules, so a fixture shows what a new user's agent would show.
 */

/** An egress with nowhere to leave from (fail closed): a fresh object each call. */
export function unavailableEgress(): ResolvedEgress {
  return { ipv4: null, ipv6: null, colo: null, city: null, country: null, kind: 'unavailable' };
}

export type DemoVnet = keyof typeof DEMO_VNETS;
export type DemoEgress = keyof typeof DEMO_EGRESS_IPS;

/** The demo vnets' ids, by key: `V.london` is vnet-London's. */
export const V = Object.fromEntries(
  Object.entries(DEMO_VNETS).map(([key, vnet]) => [key, vnet.id]),
) as { [K in DemoVnet]: (typeof DEMO_VNETS)[K]['id'] };

/** A demo egress IP as a resolve answers it: its addresses, its data center's city and country. */
export function demoEgress(key: DemoEgress, partial: Partial<ResolvedEgress> = {}): ResolvedEgress {
  const ip = DEMO_EGRESS_IPS[key];
  const dc = findDataCenter(ip.colo);
  return {
    ipv4: ip.ipv4,
    ipv6: ip.ipv6,
    colo: ip.colo,
    city: dc?.city ?? null,
    country: dc?.country ?? null,
    kind: 'dedicated',
    ...partial,
  };
}

/**
 * What each demo vnet resolves to from London: its rule's primary egress IP, and for the default
 * vnet (no rule) the nearest dedicated location, London City.
 */
const RESOLUTION: Record<
  DemoVnet,
  { egress: DemoEgress; decided_by: EgressSnapshot['decided_by'] }
> = {
  default: {
    egress: 'lcy',
    decided_by: { type: 'nearest', summary: 'nearest dedicated location' },
  },
  london: { egress: 'lhr', decided_by: rule('london') },
  amsterdam: { egress: 'ams', decided_by: rule('amsterdam') },
  usEast: { egress: 'iad', decided_by: rule('usEast') },
  dublin: { egress: 'dub', decided_by: rule('dublin') },
};

function rule(key: keyof typeof DEMO_RULES): EgressSnapshot['decided_by'] {
  const { id, name, precedence } = DEMO_RULES[key];
  return { type: 'rule', rule: { id, name, precedence }, summary: `rule ${name}` };
}

/** A demo vnet as the agent lists it, with its preview from the seed's rules. */
export function demoVnet(key: DemoVnet, extra: Partial<VnetEntry> = {}): VnetEntry {
  const { id, name } = DEMO_VNETS[key];
  const { egress, decided_by } = RESOLUTION[key];
  return {
    id,
    name,
    comment: '',
    is_default: key === 'default',
    attached: false,
    favourite: false,
    last_used_at: null,
    preview: { egress: demoEgress(egress), decided_by, fallback: { used: false } },
    ...extra,
  };
}

/** Every demo vnet, as the agent lists them (default first, then by name), one attached. */
export function demoVnets(attached: DemoVnet = 'default'): VnetEntry[] {
  const order: DemoVnet[] = ['default', 'amsterdam', 'dublin', 'london', 'usEast'];
  return order.map((key) => demoVnet(key, { attached: key === attached }));
}

/** The egress part of a snapshot attached to `key`, as resolved at a fixed time. */
export function demoEgressSnapshot(
  key: DemoVnet,
  extra: Partial<EgressSnapshot> = {},
): EgressSnapshot {
  const { id, name } = DEMO_VNETS[key];
  const { egress, decided_by } = RESOLUTION[key];
  return {
    vnet_id: id,
    vnet_name: name,
    egress: demoEgress(egress),
    decided_by,
    fallback: { used: false },
    config_version: 1,
    resolved_at: '2025-03-04T14:00:00.000Z',
    stale: false,
    ...extra,
  };
}

/** A connected demo agent in London attached to `attached`, validated against the contract. */
export function demoSnapshot(
  attached: DemoVnet,
  overrides: Partial<AgentSnapshot> = {},
): AgentSnapshot {
  const lhr = findDataCenter('LHR');
  const base: AgentSnapshot = {
    seq: 1,
    status: 'connected',
    control_api: { mode: 'local_simulator', url: 'http://127.0.0.1:40001', account_id: 'acc' },
    device: { id: 'd1', name: 'laptop', user_email: 'qa@example.com' },
    attached_vnet_id: DEMO_VNETS[attached].id,
    location: {
      colo: 'LHR',
      city: lhr?.city ?? 'London',
      country: lhr?.country ?? 'GB',
      lat: lhr?.lat ?? 51.47,
      lon: lhr?.lon ?? -0.45,
      source: 'time_zone',
    },
    egress: demoEgressSnapshot(attached),
    vnets: demoVnets(attached),
    favourites: [],
    recents: [],
    verification: null,
    settings: freshAgentSettings(),
    proxy: freshProxyState(),
  };
  return AgentSnapshot.parse({ ...base, ...overrides });
}
