import { type AgentSnapshot, egressMoved } from '../../shared/agent/index.js';
import { describeEgress } from './tooltip.js';

/**
 * Which desktop notifications a new snapshot deserves, as a pure function of the previous and
 * the new one: the egress changed (a tray switch, a CLI switch, an admin's policy change), the
 * current egress became unavailable so the proxy refuses traffic (fail closed), it recovered, or
 * a verification failed. The user's `notifications` setting turns them all off.
 */

export interface Notice {
  kind: 'egress_changed' | 'egress_unavailable' | 'egress_recovered' | 'verification_failed';
  title: string;
  body: string;
}

export interface NoticeContext {
  /** The user is looking at the popover: it already shows the change. */
  popoverVisible: boolean;
}

export function noticesFor(
  previous: AgentSnapshot | null,
  next: AgentSnapshot,
  context: NoticeContext,
): Notice[] {
  if (!next.settings.notifications) return [];
  const notices: Notice[] = [];
  const before = previous?.egress ?? null;
  const after = next.egress;
  // In Cloudflare WARP mode the WARP client carries traffic, not our proxy.
  const viaProxy = next.control_api.mode !== 'cloudflare_warp';
  // A stale answer is the old one kept while offline; the first answer after start is no change.
  if (before && after && !after.stale && egressMoved(before, after)) {
    const lost = after.egress.kind === 'unavailable';
    const recovered = before.egress.kind === 'unavailable' && !lost;
    const why = after.fallback.reason ?? 'the egress and its fallback are down';
    // Losing every way out, and getting one back, are said even over the popover: traffic stops.
    if (lost) {
      notices.push({
        kind: 'egress_unavailable',
        title: viaProxy ? 'Traffic refused: no egress available' : 'No egress available',
        body: viaProxy
          ? `${after.vnet_name}: ${why}. The proxy refuses connections rather than send them another way.`
          : `${after.vnet_name}: ${why}`,
      });
    } else if (recovered) {
      notices.push({
        kind: 'egress_recovered',
        title: viaProxy ? 'Traffic flows again' : 'Egress available again',
        body: describeEgress(after, 200),
      });
    } else if (!context.popoverVisible) {
      notices.push({
        kind: 'egress_changed',
        title: 'Egress changed',
        body: describeEgress(after, 200),
      });
    }
  }
  const verification = next.verification;
  if (
    verification &&
    verification.status !== 'match' &&
    verification.checked_at !== previous?.verification?.checked_at &&
    previous !== null
  ) {
    notices.push({
      kind: 'verification_failed',
      title: 'Egress verification failed',
      body: verification.message,
    });
  }
  return notices;
}
