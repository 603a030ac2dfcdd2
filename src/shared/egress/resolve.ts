import { findCountry } from '../geo/catalog.js';
import { prepareFacts } from '../policy/index.js';
import type { CompiledEgressConfig, CompiledRule } from './compiled-config.js';
import { factsFor } from './context-facts.js';
import { balance } from './geo-balancer.js';
import { dedicatedEgress, ruleEgress } from './rule-egress.js';
import { firstMatch, matchWithTrace } from './rule-match.js';
import { sharedEgressFor } from './shared-egress.js';
import type {
  DecidedBy,
  EgressResolution,
  FallbackUse,
  ResolveContext,
  ResolvedEgress,
  RuleTraceEntry,
} from './types.js';
import { type UserLocation, userLocation } from './user-location.js';

export interface ResolveOptions {
  /** Add a per-rule trace (every rule, in evaluation order). */
  explain?: boolean | undefined;
}

const NO_FALLBACK: FallbackUse = Object.freeze({ used: false });

/**
 * Which egress a context produces under a compiled config: the first enabled rule (ascending
 * precedence) whose traffic, identity and device-posture expressions hold, else geographic
 * balancing over the healthy dedicated IPs, else the shared egress of the nearest data center.
 * A pure function of its arguments. Throws InvalidResolveContextError for an unknown colo or
 * coordinates off the globe.
 *
 * Treat the result as read-only: `decided_by` of a rule and the `rule` of trace entries are
 * frozen objects shared between resolutions (copy before changing them).
 */
export function resolveEgress(
  compiled: CompiledEgressConfig,
  context: ResolveContext,
  options?: ResolveOptions,
): EgressResolution {
  const user = userLocation(context.location);
  const facts = prepareFacts(factsFor(context, user, compiled.usesSourceGeo));

  let matched: CompiledRule | undefined;
  let trace: RuleTraceEntry[] | undefined;
  if (options?.explain === true) {
    ({ matched, trace } = matchWithTrace(compiled.rules, facts));
  } else {
    const vnetId = context.vnetId;
    // Only rules that can match this vnet: a rule pinned to other vnets is never looked at.
    const candidates =
      vnetId === undefined
        ? compiled.anyVnetRules
        : (compiled.rulesByVnet.get(vnetId) ?? compiled.anyVnetRules);
    matched = firstMatch(candidates, facts);
  }

  const resolution =
    matched === undefined ? byGeography(compiled, context, user) : byRule(compiled, matched, user);
  if (trace !== undefined) resolution.trace = trace;
  return resolution;
}

function result(
  compiled: CompiledEgressConfig,
  egress: ResolvedEgress,
  decided_by: DecidedBy,
  fallback: FallbackUse,
): EgressResolution {
  return { egress, decided_by, fallback, config_version: compiled.version };
}

function byRule(
  compiled: CompiledEgressConfig,
  rule: CompiledRule,
  user: UserLocation,
): EgressResolution {
  const decided_by = rule.decidedBy;
  if (rule.egress === null) {
    return result(compiled, sharedEgressFor(user.nearest()), decided_by, NO_FALLBACK);
  }
  const outcome = ruleEgress(rule.egress, compiled.ipsByIpv4, () => user.nearest());
  return result(compiled, outcome.egress, decided_by, outcome.fallback);
}

function byGeography(
  compiled: CompiledEgressConfig,
  context: ResolveContext,
  user: UserLocation,
): EgressResolution {
  const assumed = user.given ? '' : `; no location given, ${user.nearest().city} assumed`;
  const { balancer } = compiled;
  if (balancer.locations.length === 0) {
    const why =
      compiled.dedicatedIpCount === 0
        ? 'no dedicated egress IPs'
        : `all ${compiled.dedicatedIpCount} dedicated egress IPs are down`;
    const nearest = user.nearest();
    const summary = `${why}: shared egress from the nearest data center, ${nearest.city} (${nearest.colo})${assumed}`;
    return result(
      compiled,
      sharedEgressFor(nearest),
      { type: 'no_dedicated_ips', summary },
      NO_FALLBACK,
    );
  }

  const country = context.destination?.country;
  const destination = country === undefined ? undefined : findCountry(country);
  const choice = balance(balancer, user.vector(), destination?.code, context.stickyKey ?? '');
  const { ip, location } = choice;

  let summary =
    destination === undefined
      ? `nearest dedicated location to you (${location.city})`
      : `best dedicated location for you and a destination in ${destination.name} (${location.city})`;
  if (choice.tiedLocations > 1) {
    summary += `; one of ${choice.tiedLocations} equally good locations, kept stable for you`;
  }
  if (location.ips.length > 1) {
    summary += `; one of ${location.ips.length} IPs there, kept stable for you`;
  }
  const egress = dedicatedEgress(ip, ip.ipv6);
  return result(compiled, egress, { type: 'nearest', summary: summary + assumed }, NO_FALLBACK);
}
