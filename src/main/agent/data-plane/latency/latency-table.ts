/**
 * What the latency monitor last measured from this device, kept in the agent model; the
 * snapshot builder turns it into each vnet's `latency` and `gateway_up` (vnet-latency.ts).
 */

/** One connect round trip to the probe target: the best of a few samples, or why none came. */
export interface ProbeResult {
  /** Milliseconds, or null when every sample failed. */
  rtt_ms: number | null;
  /** Why the last sample failed, when none succeeded. */
  error: string | null;
  /**
   * Every sample failed, but the gateway itself answered (a SOCKS5 or HTTP CONNECT refusal of
   * the target): the gateway is up and only the probe target is out of its reach, so it says
   * nothing about the traffic it carries elsewhere.
   */
  gateway_answered?: boolean;
  measured_at: string;
}

/** A dedicated egress IP as the monitor saw it in the device config, with its last probe. */
export interface EgressLatency {
  /** `none`: a null gateway (decision only); `unusable`: a proxy_url the agent cannot dial. */
  gateway: 'probed' | 'none' | 'unusable';
  /** The control plane's status of the egress IP. */
  status: 'healthy' | 'down';
  /** Null until its first probe ends (and always for `none` / `unusable`). */
  probe: ProbeResult | null;
  /** Why it has no probe: no gateway, unusable, or marked down. */
  note: string | null;
}

export interface LatencyTable {
  /** `host:port` the round trips go to (a direct connect and one through each gateway). */
  target: string | null;
  /** A direct connect from this device to the target: the baseline. */
  direct: ProbeResult | null;
  /** Per egress IPv4. */
  egress: ReadonlyMap<string, EgressLatency>;
}
