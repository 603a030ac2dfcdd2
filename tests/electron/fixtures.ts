import type { EgressSnapshot, VnetEntry } from '../../src/shared/agent/index.js';
import { demoEgress, demoSnapshot, unavailableEgress } from '../support/demo-snapshot.js';

/**
 * The shell's fixtures: the demo snapshot (tests/support/demo-snapshot.ts) attached to
 * vnet-London, and builders for vnets and egresses in the demo's places.
 */

export { unavailableEgress, V } from '../support/demo-snapshot.js';

/** Where a vnet egresses in the fixtures: the demo seed's egress IPs, by city. */
export const PLACES = {
  London: demoEgress('lhr'),
  Amsterdam: demoEgress('ams'),
  Dublin: demoEgress('dub'),
  Washington: demoEgress('iad'),
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
            egress: unavailableEgress(),
            decided_by: { type: 'rule' as const, summary: `rule Egress ${name}` },
            fallback: { used: true, reason: 'the data center is down and so is the fallback' },
          }
        : {
            egress: PLACES[place],
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
    egress: PLACES[place],
    decided_by: { type: 'rule', summary: `rule Egress ${place}` },
    fallback: { used: false },
    config_version: 3,
    resolved_at: '2025-01-01T12:00:00.000Z',
    stale: false,
    ...extra,
  };
}

/** A connected snapshot attached to vnet-London, validated against the contract. */
export const snapshot = (overrides: Parameters<typeof demoSnapshot>[1] = {}) =>
  demoSnapshot('london', overrides);
