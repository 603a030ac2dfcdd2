import type { EgressSnapshot } from './state.js';

/**
 * Whether the user now egresses somewhere else: another vnet, kind, address or data center.
 * A re-resolve that lands on the same egress (a config change elsewhere, a refresh) is no move,
 * so fronts do not notify or announce it.
 */
export function egressMoved(before: EgressSnapshot | null, after: EgressSnapshot): boolean {
  if (before === null) return true;
  const [a, b] = [before.egress, after.egress];
  return (
    before.vnet_id !== after.vnet_id ||
    a.kind !== b.kind ||
    a.ipv4 !== b.ipv4 ||
    a.ipv6 !== b.ipv6 ||
    a.colo !== b.colo
  );
}
