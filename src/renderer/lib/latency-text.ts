import type { VnetEntry } from '../../shared/agent/state.js';

/** "+12 ms" (what this vnet's gateway adds over going direct), "−3 ms" when it is quicker, or "latency unknown". */
export function latencyText(latency: VnetEntry['latency']): string {
  const added = latency?.added_ms;
  if (added === null || added === undefined || !Number.isFinite(added)) return 'latency unknown';
  const rounded = Math.round(added);
  // −0.4 rounds to −0: say "+0 ms", not "−0 ms".
  if (rounded === 0) return '+0 ms';
  return rounded > 0 ? `+${rounded} ms` : `−${Math.abs(rounded)} ms`;
}

export type GatewayState = 'up' | 'down' | 'unknown';

export function gatewayState(up: VnetEntry['gateway_up']): GatewayState {
  return up === true ? 'up' : up === false ? 'down' : 'unknown';
}

const GATEWAY_TEXT: Record<GatewayState, string> = {
  up: 'gateway up',
  down: 'gateway down',
  unknown: 'gateway not checked',
};

export function gatewayText(up: VnetEntry['gateway_up']): string {
  return GATEWAY_TEXT[gatewayState(up)];
}

/**
 * The row's measurement line, or null where there is none to show: only a dedicated egress
 * goes through a gateway (the shared one is direct, an unavailable one says so already), and an
 * agent that reports neither field does not measure (a WARP backend): nothing to say then.
 * A gateway whose state is not known is left unsaid; an unknown latency is said.
 */
export function vnetMeasurement(
  vnet: VnetEntry,
): { gateway: GatewayState; text: string; why?: string } | null {
  if (vnet.preview?.egress.kind !== 'dedicated') return null;
  if (vnet.latency === undefined && vnet.gateway_up === undefined) return null;
  const gateway = gatewayState(vnet.gateway_up);
  const latency = latencyText(vnet.latency);
  const why = vnet.latency?.error;
  return {
    gateway,
    text: gateway === 'unknown' ? latency : `${gatewayText(vnet.gateway_up)} · ${latency}`,
    // Why the figure is missing (the agent's own words), for the row's tooltip.
    ...(why ? { why } : {}),
  };
}
