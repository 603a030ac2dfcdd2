import type { Resolution, RuleTraceEntry } from '../../../../shared/api/index.js';
import {
  compileEgressConfig,
  type DecidedBy,
  type DedicatedEgressIp,
  type ResolveContext,
  type ResolvedEgress,
  resolveEgress,
} from '../../../../shared/egress/index.js';
import { dedicatedIpsOf, type WarpRule } from './warp-rules.js';

/** What is known of a dedicated egress IP's place: a user's label, or a verification's `loc=`. */
export interface IpPlace {
  colo: string | null;
  city: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  source: 'label' | 'verification';
}

const SHARED: ResolvedEgress = Object.freeze({
  ipv4: null,
  ipv6: null,
  colo: null,
  city: null,
  country: null,
  kind: 'shared' as const,
});

function dedicated(ipv4: string, ipv6: string | null, place: IpPlace | undefined): ResolvedEgress {
  return {
    ipv4,
    ipv6,
    colo: place?.colo ?? null,
    city: place?.city ?? null,
    country: place?.country ?? null,
    kind: 'dedicated',
  };
}

function ruleSummary(rule: WarpRule): string {
  return `rule "${rule.name}" (precedence ${rule.precedence})`;
}

/**
 * Our resolver, run rule by rule over the parts of each rule it can evaluate, for the device's
 * context. The first rule that certainly matches decides; a rule before it whose known part
 * holds but that has an unknown is `uncertain` and the answer says so. Egress IP health is not
 * readable from Cloudflare, so primaries are taken as up (Cloudflare applies the fallback).
 */
export function resolveWarp(
  rules: readonly WarpRule[],
  places: ReadonlyMap<string, IpPlace>,
  context: ResolveContext,
  version: number,
  explain: boolean,
): Resolution {
  const trace: RuleTraceEntry[] = [];
  const uncertain: string[] = [];
  let decided: WarpRule | undefined;
  for (const rule of rules) {
    const ref = { id: rule.id, name: rule.name, precedence: rule.precedence };
    if (!rule.enabled) {
      trace.push({ rule: ref, outcome: 'disabled' });
      continue;
    }
    if (decided) {
      trace.push({ rule: ref, outcome: 'not_reached' });
      continue;
    }
    const known = resolveEgress(rule.known, context, { explain: true }).trace?.[0];
    if (known?.outcome === 'no_match') {
      trace.push({
        rule: ref,
        outcome: 'no_match',
        ...(known.failed ? { failed: known.failed } : {}),
      });
    } else if (rule.unknown !== null) {
      trace.push({ rule: ref, outcome: 'uncertain', uncertain: rule.unknown });
      uncertain.push(`rule "${rule.name}" ${rule.unknown}`);
    } else {
      trace.push({ rule: ref, outcome: 'matched' });
      decided = rule;
    }
  }
  const outcome = decided ? byRule(decided, places) : byGeography(rules, places, context, version);
  const decided_by: DecidedBy = { ...outcome.decided_by };
  if (uncertain.length > 0) {
    decided_by.uncertain = `uncertain: ${uncertain.join('; ')} — the answer holds only if ${uncertain.length === 1 ? 'it does' : 'they do'} not apply`;
  }
  return {
    egress: outcome.egress,
    decided_by,
    fallback: { used: false },
    config_version: version,
    ...(explain ? { trace } : {}),
  };
}

function byRule(
  rule: WarpRule,
  places: ReadonlyMap<string, IpPlace>,
): { egress: ResolvedEgress; decided_by: DecidedBy } {
  const ref = { id: rule.id, name: rule.name, precedence: rule.precedence };
  const decided_by: DecidedBy = { type: 'rule', rule: ref, summary: ruleSummary(rule) };
  if (!rule.egress?.ipv4 || rule.egress.ipv4 === '0.0.0.0') return { egress: SHARED, decided_by };
  const place = places.get(rule.egress.ipv4);
  if (!place)
    decided_by.summary += `; location of ${rule.egress.ipv4} unknown until verified or labelled`;
  return { egress: dedicated(rule.egress.ipv4, rule.egress.ipv6, place), decided_by };
}

/**
 * No rule matched: Cloudflare sends the traffic to the closest dedicated egress location
 * (facts §3). With every IP's place known, our balancer picks it as the simulator would;
 * otherwise the answer names the candidates instead of guessing one.
 */
function byGeography(
  rules: readonly WarpRule[],
  places: ReadonlyMap<string, IpPlace>,
  context: ResolveContext,
  version: number,
): { egress: ResolvedEgress; decided_by: DecidedBy } {
  const ips = dedicatedIpsOf(rules);
  if (ips.length === 0) {
    return {
      egress: SHARED,
      decided_by: {
        type: 'no_dedicated_ips',
        summary:
          "no egress policy matches and the policies name no dedicated egress IPs: Cloudflare's shared WARP egress",
      },
    };
  }
  const located: DedicatedEgressIp[] = [];
  for (const ipv4 of ips) {
    const place = places.get(ipv4);
    if (!place?.colo || place.lat === null || place.lon === null) break;
    located.push({
      id: ipv4,
      ipv4,
      ipv6: '',
      colo: place.colo,
      city: place.city ?? place.colo,
      country: place.country ?? '',
      lat: place.lat,
      lon: place.lon,
      status: 'healthy',
    });
  }
  if (located.length === ips.length) {
    const balanced = resolveEgress(
      compileEgressConfig({ version, egressIps: located, rules: [] }),
      context,
    );
    return {
      egress: { ...balanced.egress, ipv6: null },
      decided_by: { type: 'nearest', summary: balanced.decided_by.summary },
    };
  }
  return {
    egress: { ipv4: null, ipv6: null, colo: null, city: null, country: null, kind: 'dedicated' },
    decided_by: {
      type: 'nearest',
      summary: `no egress policy matches: Cloudflare uses the closest of the account's dedicated egress IPs (${ips.join(', ')}); which one is unknown until their locations are verified or labelled`,
    },
  };
}
