import type { EgressSettings } from '../../shared/api/index.js';
import { findDataCenter } from '../../shared/geo/index.js';
import { now } from '../clock.js';
import type { Store } from '../store/store.js';

/**
 * The demo account of DESIGN §2.1, after the seed document: dedicated IPs in London (two data
 * centers), Amsterdam, Dublin and Washington D.C.; one vnet and one egress rule per location;
 * demo users. Documentation address ranges only (RFC 5737 / RFC 3849); 203.0.113.0/24 is left to
 * the simulated shared egress. The ids are fixed so tests, docs and the agent can name them.
 *
 * Each egress IP's gateway is a loopback source address of the agent's machine (127.0.0.N, N the
 * last byte of the egress IP), so the local simulator carries traffic: a destination on this
 * machine sees a different source address per egress, and the trace maps it back to the egress
 * IP. The egress IPs themselves stay documentation addresses.
 */
export const DEMO_ACCOUNT_NAME = 'Egress Switcher demo';

export const DEMO_VNETS = {
  default: { id: 'de5e0000-0000-4000-8000-000000000001', name: 'default' },
  london: { id: 'de5e0000-0000-4000-8000-000000000002', name: 'vnet-London' },
  amsterdam: { id: 'de5e0000-0000-4000-8000-000000000003', name: 'vnet-Amsterdam' },
  usEast: { id: 'de5e0000-0000-4000-8000-000000000004', name: 'vnet-US-East' },
  dublin: { id: 'de5e0000-0000-4000-8000-000000000005', name: 'vnet-Dublin' },
} as const;

export const DEMO_EGRESS_IPS = {
  lhr: {
    id: 'de5e0001-0000-4000-8000-000000000001',
    ipv4: '192.0.2.10',
    ipv6: '2001:db8:10::/48',
    colo: 'LHR',
    source_address: '127.0.0.10',
  },
  lcy: {
    id: 'de5e0001-0000-4000-8000-000000000002',
    ipv4: '192.0.2.11',
    ipv6: '2001:db8:11::/48',
    colo: 'LCY',
    source_address: '127.0.0.11',
  },
  ams: {
    id: 'de5e0001-0000-4000-8000-000000000003',
    ipv4: '192.0.2.20',
    ipv6: '2001:db8:20::/48',
    colo: 'AMS',
    source_address: '127.0.0.20',
  },
  dub: {
    id: 'de5e0001-0000-4000-8000-000000000004',
    ipv4: '198.51.100.30',
    ipv6: '2001:db8:30::/48',
    colo: 'DUB',
    source_address: '127.0.0.30',
  },
  iad: {
    id: 'de5e0001-0000-4000-8000-000000000005',
    ipv4: '198.51.100.40',
    ipv6: '2001:db8:40::/48',
    colo: 'IAD',
    source_address: '127.0.0.40',
  },
} as const;

export const DEMO_USERS = {
  qa: { email: 'qa@example.com', groups: ['qa'] },
  dev: { email: 'dev@example.com', groups: ['developers'] },
  contractor: { email: 'contractor@example.com', groups: ['contractors'] },
} as const;

const ip = DEMO_EGRESS_IPS;
const vnetRule = (vnetId: string) => `net.vnet_id == "${vnetId}"`;
const egress = (primary: { ipv4: string; ipv6: string }, fallback?: string): EgressSettings => ({
  ipv4: primary.ipv4,
  ipv6: primary.ipv6,
  ...(fallback === undefined ? {} : { ipv4_fallback: fallback }),
});

export const DEMO_RULES = {
  contractors: {
    id: 'de5e0002-0000-4000-8000-000000000001',
    name: 'Contractors use the shared egress',
    description: 'Contractors never egress through the dedicated IPs, whatever their vnet.',
    precedence: 10,
    traffic: '',
    identity: 'any(identity.groups.name[*] in {"contractors"})',
    egress: null,
  },
  london: {
    id: 'de5e0002-0000-4000-8000-000000000002',
    name: 'Egress London',
    description: 'vnet-London egresses in London; if LHR is down, through the other London DC.',
    precedence: 100,
    traffic: vnetRule(DEMO_VNETS.london.id),
    identity: '',
    egress: egress(ip.lhr, ip.lcy.ipv4),
  },
  amsterdam: {
    id: 'de5e0002-0000-4000-8000-000000000003',
    name: 'Egress Amsterdam',
    description: 'vnet-Amsterdam egresses in Amsterdam, falling back to the shared egress.',
    precedence: 200,
    traffic: vnetRule(DEMO_VNETS.amsterdam.id),
    identity: '',
    egress: egress(ip.ams, '0.0.0.0'),
  },
  usEast: {
    id: 'de5e0002-0000-4000-8000-000000000004',
    name: 'Egress US-East',
    description: 'vnet-US-East egresses in Washington D.C., falling back to the shared egress.',
    precedence: 300,
    traffic: vnetRule(DEMO_VNETS.usEast.id),
    identity: '',
    egress: egress(ip.iad, '0.0.0.0'),
  },
  dublin: {
    id: 'de5e0002-0000-4000-8000-000000000005',
    name: 'Egress Dublin',
    description: 'vnet-Dublin egresses in Dublin only: no fallback, so a DUB outage is visible.',
    precedence: 400,
    traffic: vnetRule(DEMO_VNETS.dublin.id),
    identity: '',
    egress: egress(ip.dub),
  },
} as const;

/** The loopback source addresses the demo's gateways use, in egress-IP order. */
export const DEMO_SOURCE_ADDRESSES: readonly string[] = Object.values(DEMO_EGRESS_IPS).map(
  (entry) => entry.source_address,
);

/**
 * Fills a freshly created account (whose default vnet has `DEMO_VNETS.default.id`). The
 * gateways name their loopback addresses even where this machine lacks them (macOS until
 * `ifconfig lo0 alias`): a dial from a missing address fails, saying so, and works as soon as
 * the alias exists; the server's start tells which are missing (loopback-aliases.ts).
 */
export async function seedDemo(store: Store, accountId: string): Promise<void> {
  const at = now();
  for (const vnet of [
    DEMO_VNETS.london,
    DEMO_VNETS.amsterdam,
    DEMO_VNETS.usEast,
    DEMO_VNETS.dublin,
  ]) {
    await store.vnets.insert(accountId, {
      id: vnet.id,
      name: vnet.name,
      comment: `Demo: egress via ${vnet.name.replace('vnet-', '')}`,
      is_default_network: false,
      created_at: at,
      deleted_at: null,
    });
  }
  for (const { source_address, ...entry } of Object.values(DEMO_EGRESS_IPS)) {
    const dc = findDataCenter(entry.colo);
    if (!dc) throw new Error(`demo seed: ${entry.colo} is missing from the data-center catalog`);
    await store.egressIps.insert(accountId, {
      ...entry,
      city: dc.city,
      country: dc.country,
      lat: dc.lat,
      lon: dc.lon,
      status: 'healthy',
      gateway: { source_address },
      status_source: 'manual',
      last_probe_at: null,
      last_probe_error: null,
      probe_rtt_ms: null,
      created_at: at,
      updated_at: at,
    });
  }
  for (const rule of Object.values(DEMO_RULES)) {
    await store.rules.insert(
      accountId,
      rule.id,
      {
        name: rule.name,
        description: rule.description,
        precedence: rule.precedence,
        enabled: true,
        traffic: rule.traffic,
        identity: rule.identity,
        device_posture: '',
        egress: rule.egress,
      },
      at,
    );
  }
  for (const user of Object.values(DEMO_USERS)) {
    await store.users.put(accountId, user.email, user.groups, at);
  }
}
