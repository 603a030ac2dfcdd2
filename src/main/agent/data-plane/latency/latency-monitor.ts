import { errorMessage } from '../../../../shared/text/error-message.js';
import type { GatewayRoute } from '../decide/gateway-upstream.js';
import { DialError } from '../proxy/dial-error.js';
import type { Upstream } from '../route.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import type { EgressLatency, LatencyTable, ProbeResult } from './latency-table.js';
import { formatTarget, type ProbeTarget } from './probe-target.js';
import { type MonotonicClock, monotonicMs, timeConnect } from './time-connect.js';

/** How often every gateway is measured again. */
export const LATENCY_INTERVAL_MS = 30_000;
/** One sample's budget: a gateway slower than this is reported as failing, not as slow. */
export const LATENCY_TIMEOUT_MS = 3_000;
/** Samples per probe; the best is kept (queueing on a busy machine only ever adds). */
export const LATENCY_SAMPLES = 3;
/** Probes running at once, all gateways together. */
export const LATENCY_CONCURRENCY = 4;

/** A dedicated egress IP of the device config, as the monitor needs it. */
export interface ProbeableEgress {
  ipv4: string;
  status: 'healthy' | 'down';
  /** Null: a `null` gateway; `{error}`: a proxy_url the agent cannot use. */
  route: GatewayRoute | { error: string } | null;
}

export interface LatencyMonitorOptions {
  /** The egress IPs of the device config held now (none without one). */
  egressIps: () => readonly ProbeableEgress[];
  /** Where to connect; null: nothing to measure against (no control API address yet). */
  target: () => ProbeTarget | null;
  /** Every finished round's table. */
  publish: (table: LatencyTable) => void;
  intervalMs?: number | undefined;
  timeoutMs?: number | undefined;
  samples?: number | undefined;
  concurrency?: number | undefined;
  /** For tests: the upstream dial timed (default: a real connect and handshake). */
  timeConnect?: typeof timeConnect | undefined;
  clock?: MonotonicClock | undefined;
  now?: (() => Date) | undefined;
}

const DIRECT: Upstream = Object.freeze({ kind: 'direct' as const });

/**
 * The gateway answered and refused the target (a SOCKS5 reply, an HTTP CONNECT status). A
 * timeout is not this: a gateway that never finishes its handshake is not known to be up.
 */
function refusedByGateway(failure: unknown): boolean {
  return (
    failure instanceof DialError && failure.stage === 'destination' && failure.kind !== 'timeout'
  );
}

/** One probe per physical gateway: two egress IPs on one gateway share it. */
function upstreamKey(upstream: Upstream, target: ProbeTarget): string {
  return JSON.stringify([upstream, target.host, target.port]);
}

/**
 * Measures, from this device, each gateway's connect round trip to one probe target and a
 * direct one to the same target, on an interval and on demand. Bounded: a timeout per sample,
 * a few probes at once overall, and never two probes in flight for one gateway (a second ask
 * joins the one running).
 */
export class LatencyMonitor {
  readonly #o: LatencyMonitorOptions;
  readonly #gate: ConcurrencyGate;
  /** Per upstream key: the probe running now. */
  readonly #inFlight = new Map<string, Promise<ProbeResult>>();
  /** Per upstream key: its last finished probe. */
  readonly #results = new Map<string, ProbeResult>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;

  constructor(options: LatencyMonitorOptions) {
    this.#o = options;
    this.#gate = new ConcurrencyGate(options.concurrency ?? LATENCY_CONCURRENCY);
  }

  /** Measures now, then every interval. */
  start(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    void this.measure();
    this.#timer = setInterval(() => void this.measure(), this.#o.intervalMs ?? LATENCY_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** How many probes are running now (one per gateway at most, plus the direct one). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** One round over every probeable gateway and the direct baseline; resolves with its table. */
  async measure(): Promise<LatencyTable> {
    const target = this.#o.target();
    if (target === null || this.#stopped) return this.table();
    const upstreams = new Map<string, Upstream>([[upstreamKey(DIRECT, target), DIRECT]]);
    for (const egress of this.#o.egressIps()) {
      const route = egress.route;
      if (egress.status !== 'healthy' || route === null || 'error' in route) continue;
      upstreams.set(upstreamKey(route.upstream, target), route.upstream);
    }
    await Promise.all([...upstreams].map(([key, upstream]) => this.#probe(key, upstream, target)));
    const table = this.table();
    if (!this.#stopped) this.#o.publish(table);
    return table;
  }

  /** The last results, placed on the device config held now. */
  table(): LatencyTable {
    const target = this.#o.target();
    if (target === null) return { target: null, direct: null, egress: new Map() };
    const egress = new Map<string, EgressLatency>();
    for (const ip of this.#o.egressIps()) egress.set(ip.ipv4, this.#egressLatency(ip, target));
    return {
      target: formatTarget(target),
      direct: this.#results.get(upstreamKey(DIRECT, target)) ?? null,
      egress,
    };
  }

  #egressLatency(ip: ProbeableEgress, target: ProbeTarget): EgressLatency {
    const { route, status } = ip;
    if (route === null) {
      return { gateway: 'none', status, probe: null, note: 'its egress has no gateway' };
    }
    if ('error' in route) {
      return { gateway: 'unusable', status, probe: null, note: `its gateway ${route.error}` };
    }
    return {
      gateway: 'probed',
      status,
      probe:
        status === 'healthy'
          ? (this.#results.get(upstreamKey(route.upstream, target)) ?? null)
          : null,
      note: status === 'healthy' ? null : 'its egress is marked down',
    };
  }

  #probe(key: string, upstream: Upstream, target: ProbeTarget): Promise<ProbeResult> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) return running;
    const probe = this.#gate
      .run(() => this.#sample(upstream, target))
      .then((result) => {
        this.#results.set(key, result);
        return result;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, probe);
    return probe;
  }

  async #sample(upstream: Upstream, target: ProbeTarget): Promise<ProbeResult> {
    const time = this.#o.timeConnect ?? timeConnect;
    const samples = Math.max(1, this.#o.samples ?? LATENCY_SAMPLES);
    let best: number | null = null;
    let error: string | null = null;
    let gatewayAnswered = false;
    for (let i = 0; i < samples && !this.#stopped; i++) {
      try {
        const ms = await time(
          upstream,
          target,
          this.#o.timeoutMs ?? LATENCY_TIMEOUT_MS,
          this.#o.clock ?? monotonicMs,
        );
        best = best === null ? ms : Math.min(best, ms);
      } catch (failure) {
        error = errorMessage(failure);
        gatewayAnswered ||= upstream.kind !== 'direct' && refusedByGateway(failure);
      }
    }
    return {
      rtt_ms: best,
      error: best === null ? (error ?? 'not measured') : null,
      ...(best === null && gatewayAnswered ? { gateway_answered: true } : {}),
      measured_at: (this.#o.now?.() ?? new Date()).toISOString(),
    };
  }
}
