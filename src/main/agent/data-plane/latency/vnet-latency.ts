import type { VnetEntry, VnetLatency, VnetPreview } from '../../../../shared/agent/index.js';
import type { LatencyTable, ProbeResult } from './latency-table.js';

export type VnetMeasurement = Pick<VnetEntry, 'latency' | 'gateway_up'>;

const round = (ms: number) => Math.round(ms * 10) / 10;

function unmeasured(table: LatencyTable, error: string): VnetLatency {
  return {
    added_ms: null,
    gateway_rtt_ms: null,
    direct_rtt_ms: table.direct?.rtt_ms ?? null,
    measured_at: null,
    error,
    ...(table.target !== null ? { target: table.target } : {}),
  };
}

function compared(
  table: LatencyTable,
  gateway: ProbeResult,
  direct: ProbeResult | null,
): VnetLatency {
  const added =
    gateway.rtt_ms !== null && direct?.rtt_ms != null
      ? round(gateway.rtt_ms - direct.rtt_ms)
      : null;
  let error: string | null = null;
  if (gateway.rtt_ms === null) error = gateway.error;
  else if (direct === null) error = 'the direct connect has not been measured yet';
  else if (direct.rtt_ms === null) error = `the direct connect failed: ${direct.error}`;
  return {
    added_ms: added,
    gateway_rtt_ms: gateway.rtt_ms === null ? null : round(gateway.rtt_ms),
    direct_rtt_ms: direct?.rtt_ms == null ? null : round(direct.rtt_ms),
    measured_at: gateway.measured_at,
    error,
    ...(table.target !== null ? { target: table.target } : {}),
  };
}

/**
 * A vnet's latency and gateway state from the monitor's last table, for the egress its preview
 * names. The shared egress is a direct connection, so it adds nothing by definition. Unknown is
 * said as null with the reason, never guessed. No table (the monitor does not run, as in
 * Cloudflare WARP mode): both fields absent.
 */
export function vnetMeasurement(
  preview: VnetPreview | null,
  table: LatencyTable | undefined,
): VnetMeasurement {
  if (table === undefined) return {};
  if (preview === null) return { latency: null, gateway_up: null };
  const { egress } = preview;
  if (egress.kind === 'shared') {
    const direct = table.direct;
    if (direct === null) return { latency: null, gateway_up: null };
    const latency = compared(table, direct, direct);
    return {
      latency: { ...latency, added_ms: direct.rtt_ms === null ? null : 0 },
      gateway_up: null,
    };
  }
  if (egress.kind === 'unavailable' || egress.ipv4 === null) {
    return {
      latency: unmeasured(table, 'no egress is available (its traffic is refused)'),
      gateway_up: false,
    };
  }
  const ip = table.egress.get(egress.ipv4);
  if (ip === undefined) return { latency: null, gateway_up: null };
  if (ip.gateway === 'none') {
    return { latency: unmeasured(table, ip.note ?? 'no gateway'), gateway_up: null };
  }
  if (ip.gateway === 'unusable' || ip.status === 'down') {
    return { latency: unmeasured(table, ip.note ?? 'its egress is down'), gateway_up: false };
  }
  if (ip.probe === null) return { latency: null, gateway_up: true };
  const { probe } = ip;
  const latency = compared(table, probe, table.direct);
  if (probe.gateway_answered === true) {
    // Up, and carrying traffic elsewhere: only the probe target is beyond it. Said, not hidden.
    return {
      latency: {
        ...latency,
        error: `the gateway is up but did not reach the probe target (${probe.error})`,
      },
      gateway_up: true,
    };
  }
  return { latency, gateway_up: probe.rtt_ms !== null };
}
