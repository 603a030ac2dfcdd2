import type { RouteConnection, Upstream } from '../route.js';
import type { OpenConnection } from './connection-record.js';

export function sameUpstream(a: Upstream | null, b: Upstream | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'direct' || b.kind === 'direct') {
    return a.kind === 'direct' && b.kind === 'direct' && a.localAddress === b.localAddress;
  }
  return (
    a.kind === b.kind &&
    a.host === b.host &&
    a.port === b.port &&
    a.username === b.username &&
    a.password === b.password
  );
}

/**
 * A predicate for `closeWhere`: true when deciding the connection again under `route` would send
 * it another way (another gateway or egress IP, or a refusal). A connection carried by its rule's
 * fallback stays while that fallback is still the rule's declared one.
 */
export function egressChanged(route: RouteConnection): (connection: OpenConnection) => boolean {
  return (connection) => {
    if (connection.upstream === null) return false;
    let decision: ReturnType<RouteConnection>;
    try {
      decision = route(connection.destination, connection.scope);
    } catch {
      return true;
    }
    if (!decision.ok) return true;
    const sameEgress = (ipv4: string | null) => ipv4 === (connection.label?.egress_ipv4 ?? null);
    if (
      sameUpstream(decision.upstream, connection.upstream) &&
      sameEgress(decision.label.egress_ipv4)
    ) {
      return false;
    }
    const fallback = decision.fallback;
    return !(
      connection.used_fallback &&
      fallback !== undefined &&
      sameUpstream(fallback.upstream, connection.upstream) &&
      sameEgress(fallback.label.egress_ipv4)
    );
  };
}
