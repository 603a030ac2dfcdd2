import type { AgentSnapshot, EgressSnapshot } from '../../shared/agent/state.js';
import { unavailableReason } from './egress-text.js';

export interface RefusalNotice {
  kind: 'refusing' | 'proxy_down';
  title: string;
  reason: string;
  /** What the user can do about it, in one or two sentences. */
  action: string;
}

function port(address: string): string | null {
  return /:(\d+)$/.exec(address)?.[1] ?? null;
}

/**
 * When traffic through the proxy is not flowing, and why: the proxy is not listening, or the
 * current egress is unavailable so the proxy refuses every connection (it fails closed: never
 * direct, never through another city). Null while traffic flows.
 */
export function refusalNotice(
  snapshot: Pick<AgentSnapshot, 'proxy'>,
  egress: EgressSnapshot | null,
): RefusalNotice | null {
  const { proxy } = snapshot;
  if (!proxy.listening && proxy.error !== null) {
    const asked = port(proxy.address);
    return {
      kind: 'proxy_down',
      title: 'The local proxy is not running',
      reason: proxy.error,
      action:
        asked === null || asked === '0'
          ? 'Choose another proxy port in Settings.'
          : `Free port ${asked} (another proxy may hold it) or choose another proxy port in Settings.`,
    };
  }
  if (egress?.egress.kind === 'unavailable') {
    return {
      kind: 'refusing',
      title: 'Traffic is being refused',
      reason: unavailableReason(egress.decided_by, egress.fallback),
      action:
        'Nothing goes out another way. Switch to a network that is up, or wait: traffic flows again when the gateway recovers.',
    };
  }
  return null;
}
