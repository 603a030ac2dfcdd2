import type { AgentSnapshot, VnetEntry } from '../../src/shared/agent/state.js';
import type { ResolvedEgress } from '../../src/shared/api/resolve.js';
import { demoEgress, demoSnapshot, demoVnets } from '../support/demo-snapshot.js';

/**
 * The popover's fixtures: the demo snapshot (tests/support/demo-snapshot.ts) attached to the
 * default vnet, and builders for rows and egresses of the tests' own.
 */

export { V } from '../support/demo-snapshot.js';

/** The demo's London egress (LHR), with what the test changes. */
export function egress(partial: Partial<ResolvedEgress> = {}): ResolvedEgress {
  return demoEgress('lhr', partial);
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

/**
 * The demo seed's vnets as the agent lists them (default first, then by name), plus one the
 * seed lacks: a shared egress with no IPv6 and an accented name, for search and the map.
 */
export const VNETS: VnetEntry[] = [
  ...demoVnets('default'),
  vnet('v-sao', 'vnet-São-Paulo', {
    ipv4: '203.0.113.9',
    ipv6: null,
    colo: 'GRU',
    city: 'São Paulo',
    country: 'BR',
  }),
].sort((a, b) => Number(b.is_default) - Number(a.is_default) || a.name.localeCompare(b.name));

/** A valid snapshot (checked against the contract), attached to the default vnet. */
export function snapshot(overrides: Partial<AgentSnapshot> = {}): AgentSnapshot {
  return demoSnapshot('default', { vnets: VNETS, ...overrides });
}
