import type { Logger } from 'pino';
import type {
  AgentSnapshot,
  ConnectionEntry,
  ConnectionsQuery,
  ProxyState,
} from '../../../shared/agent/index.js';
import { errorMessage } from '../../../shared/text/error-message.js';
import type { AgentState } from '../agent-state.js';
import { type DeviceConfigSink, fetchDeviceConfig, type SyncResult } from '../connectivity/sync.js';
import type { Session } from '../session/session.js';
import { ConnectionRouter } from './decide/connection-router.js';
import { gatewayRoute } from './decide/gateway-upstream.js';
import { LatencyMonitor, type ProbeTarget, targetOfUrl } from './latency/index.js';
import { ConnectionLog } from './proxy/connection-log.js';
import { type LocalProxy, type LocalProxyOptions, startLocalProxy } from './proxy/local-proxy.js';
import { ScopedListeners } from './scoped-listeners.js';

export interface AgentDataPlaneOptions {
  state: AgentState;
  logger: Logger;
  /** Default 127.0.0.1: the proxy serves loopback peers only. */
  host?: string | undefined;
  /** Overrides `proxy_port` from the settings for this run (`egressctl agent --proxy-port`). */
  port?: number | undefined;
  /** For tests: the proxy engine. */
  startProxy?: ((options: LocalProxyOptions) => Promise<LocalProxy>) | undefined;
  /** Where latency probes connect (default: the control API's own address). */
  latencyTarget?: ProbeTarget | undefined;
  /** How often gateways are measured again (default 30 s). */
  latencyIntervalMs?: number | undefined;
}

/** Why the proxy does not listen in Cloudflare WARP mode (snapshot.proxy.error). */
export const WARP_CARRIES_TRAFFIC =
  'off: in Cloudflare WARP mode the WARP client carries the traffic, not this proxy';

/** The connection log's size: enough to see what a test run or a page load did. */
export const CONNECTION_LOG_CAPACITY = 500;

const formatAddress = (host: string, port: number) =>
  `${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * The agent's data plane: the local proxy's listener, its decisions (the device config held in
 * memory, refreshed by every sync), and its connection log. A switch or a config change closes
 * the open connections whose egress changed, so keep-alive pools reconnect through the new one
 * (unless `keep_connections_on_switch`).
 */
export class AgentDataPlane implements DeviceConfigSink {
  readonly router = new ConnectionRouter();
  /** `egressctl exec --vnet` listeners, logged with the main listener's connections. */
  readonly scopes: ScopedListeners;
  /** Each gateway's connect round trip from this device against a direct one (snapshot vnets' latency). */
  readonly latency: LatencyMonitor;
  readonly #o: AgentDataPlaneOptions;
  readonly #log = new ConnectionLog(CONNECTION_LOG_CAPACITY);
  readonly #host: string;
  #etag: string | undefined;
  #proxy: LocalProxy | undefined;
  /** Start, restart and stop run one after the other. */
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;
  #attached: string | null = null;
  #unsubscribe: (() => void) | undefined;
  /** The listener is off because the Cloudflare WARP client carries the traffic. */
  #offForWarp = false;
  /** The egress IPs' gateways and statuses the latency figures were last measured on. */
  #gateways: string | undefined;

  constructor(options: AgentDataPlaneOptions) {
    this.#o = options;
    this.#host = options.host ?? '127.0.0.1';
    this.scopes = new ScopedListeners({
      route: this.router.route,
      onRecord: (record) => this.#log.add(record),
      logger: options.logger,
      host: this.#host,
      unavailable: () =>
        options.state.model.controlApi.mode === 'cloudflare_warp' ? WARP_CARRIES_TRAFFIC : null,
    });
    this.latency = new LatencyMonitor({
      egressIps: () =>
        (this.router.config?.egress_ips ?? []).map((ip) => ({
          ipv4: ip.ipv4,
          status: ip.status,
          route: gatewayRoute(ip.gateway),
        })),
      // In Cloudflare WARP mode the WARP client carries traffic: nothing of ours to measure.
      target: () =>
        options.state.model.controlApi.mode === 'cloudflare_warp'
          ? null
          : (options.latencyTarget ?? targetOfUrl(options.state.model.controlApi.url)),
      publish: (table) => {
        if (!this.#stopped) options.state.commit({ latency: table });
      },
      intervalMs: options.latencyIntervalMs,
    });
    this.#unsubscribe = options.state.subscribe((snapshot) => this.#onSnapshot(snapshot));
  }

  /** The proxy's address while listening (what verify fetches through). */
  get address(): { host: string; port: number; url: string } | null {
    const proxy = this.#proxy;
    return proxy ? { host: proxy.host, port: proxy.port, url: proxy.url } : null;
  }

  etag(): string | undefined {
    return this.#etag;
  }

  adopt(answer: SyncResult['deviceConfig']): void {
    if ('notCarried' in answer) return;
    if ('error' in answer) {
      this.router.setUnavailable(`the control API gave no device config (${answer.error})`);
      this.#o.logger.warn(
        { reason: answer.error },
        'no device config: the proxy keeps the one it has',
      );
      return;
    }
    if (!answer.modified) return;
    try {
      this.router.update(answer.config);
    } catch (error) {
      // A rule the agent cannot compile: keep deciding with the previous config (fail closed
      // when there is none), and ask again next time.
      this.#etag = undefined;
      this.#o.logger.error({ err: error }, 'could not compile the device config');
      return;
    }
    this.#etag = answer.etag;
    // Gateways moved or marked down: place the table on them now, and measure again. A config
    // that only moved the device (a switch) leaves the gateways, and their figures, as they are.
    const gateways = JSON.stringify(
      answer.config.egress_ips.map((ip) => [ip.ipv4, ip.status, ip.gateway]),
    );
    if (gateways !== this.#gateways) {
      this.#gateways = gateways;
      if (this.#o.state.model.latency !== undefined) {
        this.#o.state.commit({ latency: this.latency.table() });
      }
      void this.latency.measure();
    }
    // Even at the same version the device's own state (user, location) may have moved.
    this.#reconsider();
  }

  /**
   * Reads the device config now when the one held is older than `version`: a resolve (a switch)
   * answered at a version whose config event has not arrived yet, and the next connection must
   * decide with what the server just decided with. Throws when the control API is unreachable.
   */
  async catchUp(session: Session, version: number): Promise<void> {
    const held = this.router.configVersion;
    if (held !== null && held >= version) return;
    this.adopt(await fetchDeviceConfig(session, this.#etag));
  }

  /** Starts the listener on the configured port; a failure is reported in the snapshot. */
  start(): Promise<void> {
    this.latency.start();
    return this.#serially(() => this.#listen(this.#port()));
  }

  /** Moves the listener to `port` (a changed setting); open connections are closed. */
  restart(port: number): Promise<void> {
    return this.#serially(async () => {
      await this.#close();
      await this.#listen(port);
    });
  }

  stop(): Promise<void> {
    this.#stopped = true;
    this.latency.stop();
    this.#unsubscribe?.();
    return this.#serially(async () => {
      await this.scopes.closeAll();
      await this.#close();
    });
  }

  connections(query: ConnectionsQuery = {}): ConnectionEntry[] {
    return this.#log.query(query);
  }

  subscribeConnections(listener: (entry: ConnectionEntry) => void): () => void {
    return this.#log.subscribe(listener);
  }

  #port(): number {
    return this.#o.port ?? this.#o.state.model.settings.preferences.proxy_port;
  }

  #serially(step: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(step, step);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #listen(port: number): Promise<void> {
    if (this.#stopped) return;
    const asked = formatAddress(this.#host, port);
    if (this.#o.state.model.controlApi.mode === 'cloudflare_warp') {
      // WARP carries the traffic: a listener here would claim (and on 40000 contend for) it.
      this.#offForWarp = true;
      this.#commit({ address: asked, listening: false, error: WARP_CARRIES_TRAFFIC });
      return;
    }
    this.#offForWarp = false;
    const start = this.#o.startProxy ?? startLocalProxy;
    try {
      const proxy = await start({
        host: this.#host,
        port,
        route: this.router.route,
        scope: null,
        onRecord: (record) => this.#log.add(record),
      });
      if (this.#stopped) {
        await proxy.close();
        return;
      }
      this.#proxy = proxy;
      this.#commit({
        address: formatAddress(proxy.host, proxy.port),
        listening: true,
        error: null,
      });
      this.#o.logger.info({ url: proxy.url }, 'local proxy listening');
    } catch (error) {
      const message = listenError(error, asked);
      this.#commit({ address: asked, listening: false, error: message });
      this.#o.logger.warn({ err: error }, message);
    }
  }

  async #close(): Promise<void> {
    const proxy = this.#proxy;
    this.#proxy = undefined;
    if (proxy) await proxy.close();
    const { address } = this.#o.state.model.proxy;
    this.#commit({ address, listening: false, error: null });
  }

  #commit(proxy: ProxyState): void {
    this.#o.state.commit({ proxy });
  }

  /** The attached vnet moved (a switch, or a sync saw another front switch): re-decide at once. */
  #onSnapshot(snapshot: AgentSnapshot): void {
    this.#followMode(snapshot.control_api.mode);
    if (snapshot.attached_vnet_id === this.#attached) return;
    this.#attached = snapshot.attached_vnet_id;
    this.router.setAttachedVnet(snapshot.attached_vnet_id);
    this.#reconsider();
  }

  /** Into Cloudflare WARP mode: the proxy stops; out of it: the proxy starts again. */
  #followMode(mode: AgentSnapshot['control_api']['mode']): void {
    const warp = mode === 'cloudflare_warp';
    if (warp && this.#o.state.model.latency !== undefined)
      this.#o.state.commit({ latency: undefined });
    if (warp && this.#proxy) {
      void this.#serially(async () => {
        await this.#close();
        await this.#listen(this.#port());
      });
    } else if (!warp && this.#offForWarp) {
      this.#offForWarp = false;
      void this.#serially(() => this.#listen(this.#port()));
    }
  }

  #reconsider(): void {
    const proxy = this.#proxy;
    if (this.#o.state.model.settings.preferences.keep_connections_on_switch) return;
    this.scopes.reconsider();
    if (!proxy) return;
    const closed = proxy.reconsider();
    if (closed > 0) this.#o.logger.info({ closed }, 'closed connections whose egress changed');
  }
}

function listenError(error: unknown, address: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return (
      `the local proxy could not listen on ${address}: the port is in use (another agent, or ` +
      'WARP in proxy mode?); choose another with `egressctl agent --proxy-port N` or the ' +
      'proxy_port setting (0: any free port)'
    );
  }
  if (code === 'EACCES') {
    return `the local proxy may not listen on ${address} (permission denied): use a port above 1023`;
  }
  const message = errorMessage(error);
  return `the local proxy could not listen on ${address}: ${message}`;
}
