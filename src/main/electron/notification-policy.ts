import { type AgentSnapshot, egressMoved } from '../../shared/agent/index.js';
import { describeEgress } from './tooltip.js';

/**
 * Which desktop notifications a new snapshot deserves, as a pure function of the previous and
 * the new one: the egress changed (a tray switch, a CLI switch, an admin's policy change), or a
 * verification failed. The user's `notifications` setting turns both off.
 */

export interface Notice {
  kind: 'egress_changed' | 'egress_unavailable' | 'verification_failed';
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
  // A stale answer is the old one kept while offline; the first answer after start is no change.
  if (before && after && !after.stale && egressMoved(before, after)) {
    if (!context.popoverVisible || after.egress.kind === 'unavailable') {
      notices.push(
        after.egress.kind === 'unavailable'
          ? {
              kind: 'egress_unavailable',
              title: 'No egress available',
              body: `${after.vnet_name}: ${after.fallback.reason ?? 'the egress and its fallback are down'}`,
            }
          : { kind: 'egress_changed', title: 'Egress changed', body: describeEgress(after, 200) },
      );
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
