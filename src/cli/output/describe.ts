import type { AgentLocation, Verification } from '../../shared/agent/index.js';
import type { DecidedBy, FallbackUse, ResolvedEgress } from '../../shared/api/resolve.js';
import { durationText } from '../../shared/text/relative-time.js';
import type { Style } from './style.js';

/** Short phrases for human output; scripts use --json, so these may change. */

export function placeOf(egress: ResolvedEgress): string {
  const where = [egress.city, egress.country].filter(Boolean).join(', ');
  if (!where) return egress.colo ?? '';
  return egress.colo ? `${where} (${egress.colo})` : where;
}

export function addressOf(egress: ResolvedEgress, style: Style): string {
  if (egress.kind === 'unavailable') return style.red('unavailable');
  return egress.ipv4 ?? egress.ipv6 ?? '—';
}

export function egressLine(egress: ResolvedEgress, style: Style): string {
  const parts = [addressOf(egress, style)];
  if (egress.kind !== 'unavailable' && egress.ipv6) parts.push(egress.ipv6);
  const place = placeOf(egress);
  if (place) parts.push(place);
  // A dedicated IP of a real account whose place nobody verified or labelled yet.
  else if (egress.kind === 'dedicated') parts.push('location unknown');
  parts.push(egress.kind);
  return parts.join(' · ');
}

export function whyLine(decidedBy: DecidedBy, fallback: FallbackUse): string {
  const fallbackNote = fallback.used
    ? ` — fallback: ${fallback.reason ?? 'primary unavailable'}`
    : '';
  // A rule the app could not evaluate comes first: said plainly, never folded into the answer.
  const uncertainNote = decidedBy.uncertain ? ` — ${decidedBy.uncertain}` : '';
  return `${decidedBy.summary}${fallbackNote}${uncertainNote}`;
}

/** "3 s ago", "5 min ago", "2 h ago", "4 d ago" relative to `now`. */
export function ago(iso: string, now = Date.now()): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : `${durationText(now - at)} ago`;
}

export function verificationLine(verification: Verification, style: Style): string {
  const status =
    verification.status === 'match'
      ? style.green('match')
      : verification.status === 'mismatch'
        ? style.red('MISMATCH')
        : style.yellow('check failed');
  return `${status}, ${ago(verification.checked_at)} — ${verification.message}`;
}

export function locationLine(location: AgentLocation): string {
  const where = [location.city, location.country].filter(Boolean).join(', ');
  const colo = location.colo ? ` (${location.colo})` : '';
  const source = location.source === 'user' ? 'set by you' : 'guessed from the time zone';
  return `${where}${colo} — ${source}`;
}
