import { SHARED_EGRESS_FALLBACK } from '../api/gateway-rule.js';
import type { DataCenter } from '../geo/types.js';
import { sharedEgressFor } from './shared-egress.js';
import type { DedicatedEgressIp, EgressSettings, FallbackUse, ResolvedEgress } from './types.js';

export interface RuleEgressOutcome {
  egress: ResolvedEgress;
  fallback: FallbackUse;
}

const nameIp = (ip: DedicatedEgressIp) => `${ip.ipv4} at ${ip.colo} (${ip.city})`;

/** The egress through a dedicated IP, with `ipv6` as its IPv6 range. */
export function dedicatedEgress(ip: DedicatedEgressIp, ipv6: string): ResolvedEgress {
  return {
    ipv4: ip.ipv4,
    ipv6,
    colo: ip.colo,
    city: ip.city,
    country: ip.country,
    kind: 'dedicated',
  };
}

/**
 * The egress a matched rule's settings produce. Primary if its data center is up; otherwise the
 * rule's own fallback (another dedicated IP, or the shared egress for "0.0.0.0"); otherwise
 * `unavailable` with the reason. Never another location the rule did not name: users who
 * "cannot fall back to Dublin" rely on that.
 *
 * The IPv6 range is the rule's (there is no secondary IPv6: IPv6 egresses from any data center),
 * or, when the rule names none, the primary IP's own range.
 */
export function ruleEgress(
  settings: EgressSettings,
  ipsByIpv4: ReadonlyMap<string, DedicatedEgressIp>,
  nearestToUser: () => DataCenter,
): RuleEgressOutcome {
  const primary = ipsByIpv4.get(settings.ipv4);
  if (primary?.status === 'healthy') {
    return {
      egress: dedicatedEgress(primary, settings.ipv6 ?? primary.ipv6),
      fallback: { used: false },
    };
  }
  const problem =
    primary === undefined
      ? `the rule's egress IP ${settings.ipv4} is not one of the account's dedicated egress IPs`
      : `${primary.colo} (${primary.city}) is down`;
  const fallbackIpv4 = settings.ipv4_fallback;

  if (fallbackIpv4 === SHARED_EGRESS_FALLBACK) {
    const nearest = nearestToUser();
    return {
      egress: sharedEgressFor(nearest),
      fallback: {
        used: true,
        reason: `${problem}; the rule falls back to the shared default egress (${nearest.colo}, ${nearest.city})`,
      },
    };
  }
  const fallback = fallbackIpv4 === undefined ? undefined : ipsByIpv4.get(fallbackIpv4);
  if (fallback?.status === 'healthy') {
    const ipv6 = settings.ipv6 ?? primary?.ipv6 ?? fallback.ipv6;
    return {
      egress: dedicatedEgress(fallback, ipv6),
      fallback: { used: true, reason: `${problem}; the rule falls back to ${nameIp(fallback)}` },
    };
  }
  let reason: string;
  if (fallbackIpv4 === undefined) reason = `${problem} and the rule has no fallback`;
  else if (fallback === undefined) {
    reason = `${problem} and the fallback ${fallbackIpv4} is not one of the account's dedicated egress IPs`;
  } else reason = `${problem} and the fallback ${nameIp(fallback)} is down too`;

  // Nothing egresses; the location the rule asked for stays visible so the UI can say where.
  return {
    egress: {
      ipv4: null,
      ipv6: null,
      colo: primary?.colo ?? null,
      city: primary?.city ?? null,
      country: primary?.country ?? null,
      kind: 'unavailable',
    },
    fallback: { used: false, reason },
  };
}
