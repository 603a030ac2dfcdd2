import type { DecidedBy, FallbackUse, ResolvedEgress } from '../../shared/api/resolve.js';
import { countryName } from './country-name.js';

/** "London, United Kingdom"; the parts that are known; null when there is no place at all. */
export function placeText(egress: Pick<ResolvedEgress, 'city' | 'country'>): string | null {
  const parts = [egress.city, countryName(egress.country)].filter(
    (part): part is string => typeof part === 'string' && part.length > 0,
  );
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The row-sized place: "London, GB". */
export function shortPlaceText(egress: Pick<ResolvedEgress, 'city' | 'country'>): string | null {
  const parts = [egress.city, egress.country].filter(
    (part): part is string => typeof part === 'string' && part.length > 0,
  );
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * Why this egress, in a few words: "via rule “Egress London”", "nearest location to you",
 * "no dedicated IPs: shared egress". A rule that sends traffic to the shared egress says so.
 */
export function whyText(decidedBy: DecidedBy, egress: Pick<ResolvedEgress, 'kind'>): string {
  switch (decidedBy.type) {
    case 'rule': {
      const name = decidedBy.rule?.name;
      const via = name ? `via rule “${name}”` : decidedBy.summary;
      return egress.kind === 'shared' ? `${via}: shared egress` : via;
    }
    case 'nearest':
      return 'nearest location to you';
    case 'no_dedicated_ips':
      return 'no dedicated IPs: shared egress';
  }
}

/** Why an egress is unavailable, for people: the fallback's reason when there is one. */
export function unavailableReason(decidedBy: DecidedBy, fallback: FallbackUse): string {
  return fallback.reason ?? decidedBy.summary;
}

/** The egress as one sentence, for screen readers and announcements. */
export function egressSentence(egress: ResolvedEgress): string {
  if (egress.kind === 'unavailable') return 'egress unavailable';
  const place = placeText(egress) ?? 'an unknown place';
  const shared = egress.kind === 'shared' ? ' (shared egress)' : '';
  return egress.ipv4 ? `${place}, ${egress.ipv4}${shared}` : `${place}${shared}`;
}
