import { type EgressIpStatus, parseProxyUrl } from '../../shared/api/index.js';
import { type Clock, systemClock, type Timer } from '../clock.js';
import { setProbedStatus } from '../services/egress-ip-service.js';
import type { Store } from '../store/store.js';
import { type GatewayProber, type ProbeTarget, probeGateway } from './gateway-probe.js';

/** Consecutive outcomes that flip a probed status: one lost packet is not an outage. */
export const FAILURES_TO_DOWN = 2;
export const SUCCESSES_TO_HEALTHY = 2;

export interface HealthProberOptions {
  store: Store;
  target: ProbeTarget;
  /** Between the end of one round and the start of the next. */
  intervalMs: number;
  /** Per probe; shorter than the interval. */
  timeoutMs: number;
  /** Probes in flight at once. */
  concurrency?: number | undefined;
  clock?: Clock | undefined;
  probe?: GatewayProber | undefined;
  /** Told of every status the probes set (for logs). */
  onStatusChange?: ((change: ProbedStatusChange) => void) | undefined;
}

export interface ProbedStatusChange {
  accountId: string;
  egressIpId: string;
  ipv4: string;
  status: EgressIpStatus;
  error: string | null;
}

/**
 * Probes every `proxy_url` gateway on an interval and, where the probes own the status
 * (`status_source: "probe"`), sets it: down after FAILURES_TO_DOWN failures in a row, healthy
 * after SUCCESSES_TO_HEALTHY successes. Every probe's finding is recorded (also for a manual
 * status, so people see what the probes would say); only a status change is a configuration
 * change (a new config_version, pushed on `events`).
 */
export class HealthProber {
  readonly #options: HealthProberOptions;
  readonly #clock: Clock;
  readonly #probe: GatewayProber;
  #timer: Timer | undefined;
  #round: Promise<void> | undefined;
  #abort = new AbortController();
  #stopped = false;

  constructor(options: HealthProberOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#probe = options.probe ?? probeGateway;
  }

  /** Starts the rounds: the first one at once, then one interval after each ends. */
  start(): void {
    if (this.#stopped || this.#timer || this.#round) return;
    this.#schedule(0);
  }

  /** Stops the rounds; resolves once the one in flight (if any) has ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#abort.abort();
    await this.#round;
  }

  /** One round over every proxy gateway; rounds never overlap. */
  runOnce(): Promise<void> {
    this.#round ??= this.#runRound().finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  #schedule(ms: number): void {
    this.#timer = this.#clock.setTimer(() => {
      this.#timer = undefined;
      void this.runOnce().then(() => {
        if (!this.#stopped) this.#schedule(this.#options.intervalMs);
      });
    }, ms);
  }

  async #runRound(): Promise<void> {
    const { store } = this.#options;
    // One prober for the fleet: the replica holding the lease (the others wait their turn and
    // take over when its process or connection dies).
    if (!(await store.engine.holdProbeLease())) return;
    const gateways = await store.egressIps.listProxied();
    let next = 0;
    const worker = async () => {
      while (next < gateways.length && !this.#stopped) {
        const ip = gateways[next++];
        if (ip) await this.#probeOne(ip.account_id, ip.id);
      }
    };
    const workers = Math.max(1, Math.min(this.#options.concurrency ?? 16, gateways.length));
    await Promise.all(Array.from({ length: workers }, worker));
  }

  async #probeOne(accountId: string, id: string): Promise<void> {
    const { store } = this.#options;
    const before = await store.egressIps.get(accountId, id);
    const gateway = before?.gateway;
    if (!gateway || !('proxy_url' in gateway)) return;
    const parsed = parseProxyUrl(gateway.proxy_url);
    const outcome = parsed.ok
      ? await this.#probe(parsed.value, {
          target: this.#options.target,
          timeoutMs: this.#options.timeoutMs,
          monotonic: () => this.#clock.monotonic(),
          signal: this.#abort.signal,
        })
      : { ok: false as const, error: `the proxy URL does not parse: ${parsed.error}` };
    if (this.#stopped) return;

    // The gateway may have changed or gone while the probe ran: the finding is about the old one.
    const current = await store.egressIps.get(accountId, id);
    const now = current?.gateway;
    if (!now || !('proxy_url' in now) || now.proxy_url !== gateway.proxy_url) return;
    // The streak lives with the row (a new gateway resets it), so whichever replica probes
    // next continues the count.
    const streak = await store.egressIps.recordProbe(accountId, id, {
      at: new Date(this.#clock.now()).toISOString(),
      error: outcome.ok ? null : outcome.error,
      rttMs: outcome.ok ? Math.round(outcome.rttMs * 100) / 100 : null,
    });
    if (streak === undefined) return;
    let verdict: EgressIpStatus | undefined;
    if (streak <= -FAILURES_TO_DOWN) verdict = 'down';
    else if (streak >= SUCCESSES_TO_HEALTHY) verdict = 'healthy';
    if (verdict !== undefined && (await setProbedStatus(store, accountId, id, verdict))) {
      this.#options.onStatusChange?.({
        accountId,
        egressIpId: id,
        ipv4: current.ipv4,
        status: verdict,
        error: outcome.ok ? null : outcome.error,
      });
    }
  }
}
