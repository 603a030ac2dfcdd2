import type { AgentLocation, Traffic, Verification, VnetEntry } from '../../shared/agent/index.js';
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

/** "+12 ms" (what a vnet's gateway adds over going direct), "−3 ms" when quicker, or "unknown". */
export function latencyCell(latency: VnetEntry['latency'], style: Style): string {
  const added = latency?.added_ms;
  if (added === null || added === undefined || !Number.isFinite(added)) return style.dim('unknown');
  const rounded = Math.round(added);
  return rounded < 0 ? `\u2212${-rounded} ms` : `+${rounded} ms`;
}

/** "flowing", "ready", "refused: <why>" … for `status`. */
export function trafficLine(traffic: Traffic, style: Style): string {
  switch (traffic.state) {
    case 'flowing':
      return style.green('flowing');
    case 'ready':
      return style.green('ready (no connection through it yet)');
    case 'refused':
      return style.red(`refused: ${traffic.reason ?? 'no reason given'}`);
    case 'failing':
      return style.yellow(`failing: ${traffic.reason ?? 'no reason given'}`);
    case 'stopped':
      return style.red(`not flowing: ${traffic.reason ?? 'the proxy is not listening'}`);
    case 'unknown':
      return style.yellow(`unknown: ${traffic.reason ?? 'no egress resolved yet'}`);
  }
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
