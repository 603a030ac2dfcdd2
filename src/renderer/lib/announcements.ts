import { egressMoved } from '../../shared/agent/egress-change.js';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import { egressSentence } from './egress-text.js';

/**
 * What a screen reader should hear when the snapshot changes from `previous` to `next`: a
 * switch's start and result, going offline and coming back, a verification's outcome. Null when
 * nothing worth interrupting for happened (most snapshots).
 */
export function announcementFor(
  previous: AgentSnapshot | null,
  next: AgentSnapshot,
): string | null {
  if (previous === null) return null;
  const messages: string[] = [];
  if (next.status === 'switching' && next.switching) {
    if (previous.switching?.vnet_id !== next.switching.vnet_id) {
      messages.push(`Switching to ${next.switching.vnet_name}…`);
    }
  }
  const before = previous.egress;
  const after = next.egress;
  if (after && !after.stale) {
    if (egressMoved(before, after))
      messages.push(`Now on ${after.vnet_name}: ${egressSentence(after.egress)}.`);
  }
  if (next.status === 'offline' && previous.status !== 'offline') {
    messages.push('Control API unreachable. Showing the last known egress; retrying.');
  }
  if (previous.status === 'offline' && next.status !== 'offline' && next.status !== 'error') {
    messages.push('Back online.');
  }
  if (next.status === 'error' && next.error && previous.status !== 'error') {
    messages.push(next.error.message);
  }
  const verification = next.verification;
  if (verification && verification.checked_at !== previous.verification?.checked_at) {
    const label =
      verification.status === 'match'
        ? 'Verified'
        : verification.status === 'mismatch'
          ? 'Verification mismatch'
          : 'Verification failed';
    messages.push(`${label}: ${verification.message}`);
  }
  return messages.length > 0 ? messages.join(' ') : null;
}
