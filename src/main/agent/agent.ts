import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';
import {
  type AgentApi,
  type AgentCommandName,
  type AgentSnapshot,
  type CommandRequest,
  type CommandResponse,
  type ConnectionEntry,
  type ParsedRequest,
  parseCommandRequest,
} from '../../shared/agent/index.js';
import type { FetchLike } from '../../shared/api/index.js';
import type { AgentModel } from './agent-model.js';
import { AgentState } from './agent-state.js';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './connectivity/backoff.js';
import { ControlLink } from './connectivity/control-link.js';
import { AgentDataPlane } from './data-plane/agent-data-plane.js';
import { toAgentError } from './error-mapping.js';
import { withFavourite } from './history-log.js';

import { guessLocation } from './location.js';
import type { OperationDeps } from './ops/operation-deps.js';
import { setLocation } from './ops/set-location.js';
import { Switcher } from './ops/switcher.js';
import { updateSettings } from './ops/update-settings.js';
import { verifyEgress } from './ops/verify.js';
import { vnetTarget } from './ops/vnet-target.js';
import { whatIf } from './ops/what-if.js';
import { type Clock, systemClock } from './ports/clock.js';
import type { ControlPlaneFactory, ControlPlaneSpec } from './ports/control-plane.js';
import type { SecretStore } from './ports/secret-store.js';
import type { SettingsStore } from './ports/settings-store.js';

export interface AgentOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Makes the control plane for a spec (headless: `headlessControlPlanes`). */
  controlPlanes: ControlPlaneFactory;
  /** Use this instead of the persisted choice (e.g. CLI flags); persisted once it works. */
  controlPlane?: ControlPlaneSpec | undefined;
  /** The user to enrol as, overriding the stored preference. */
  userEmail?: string | undefined;
  logger?: Logger | undefined;
  clock?: Clock | undefined;
  /** In [0, 1); drives the backoff jitter. */
  random?: (() => number) | undefined;
  backoff?: BackoffPolicy | undefined;
  /** For every control API call (tests delay answers through it). */
  fetch?: FetchLike | undefined;
  /** Per control API call; a slower answer counts as unreachable. Default 5000. */
  requestTimeoutMs?: number | undefined;
  /** The device name to enrol with. Default: the host name. */
  hostname?: string | undefined;
  /** IANA zone for the first location guess. Default: the machine's. */
  timeZone?: string | undefined;
  /** The local proxy's port for this run instead of the `proxy_port` setting (0: any port). */
  proxyPort?: number | undefined;
  /** What verify fetches through the proxy for this run, instead of the `verify_url` setting. */
  verifyUrl?: string | undefined;
  /** Where latency probes connect (default: the control API's own address). */
  latencyTarget?: { host: string; port: number } | undefined;
  /** How often gateways' latency is measured again (default 30 s). */
  latencyIntervalMs?: number | undefined;
}

/**
 * The agent core: the one owner of the attached vnet and of everything fronts show. It
 * implements the agent contract (`AgentApi`) directly; the LocalAPI, Electron IPC and tests all
 * call these methods. Requests are validated here too, so a caller in-process gets the same
 * `invalid_request`, worded the same, that a remote one does.
 */
export class Agent implements AgentApi {
  readonly #state: AgentState;
  readonly #link: ControlLink;
  readonly #deps: OperationDeps;
  readonly #switcher: Switcher;
  readonly #dataPlane: AgentDataPlane;
  readonly #options: AgentOptions;
  #started: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;

  constructor(options: AgentOptions) {
    this.#options = options;
    const logger = options.logger ?? pino({ level: 'info' });
    const clock = options.clock ?? systemClock;
    const settings = options.settings.load();
    if (options.userEmail) settings.preferences.user_email = options.userEmail;
    const proxyPort = options.proxyPort ?? settings.preferences.proxy_port;
    settings.location ??= guessLocation(options.timeZone);
    const model: AgentModel = {
      status: { status: 'starting', starting: { message: 'starting' } },
      settings,
      previews: new Map(),
      session: null,
      fresh: false,
      configVersion: null,
      proxy: { address: `127.0.0.1:${proxyPort}`, listening: false, error: null },
      controlApi: {
        mode: settings.control_api.mode,
        url: settings.control_api.url,
        account_id: settings.account_id,
        has_token: settings.control_api.mode !== 'local_simulator',
      },
    };
    this.#state = new AgentState(model, options.settings, logger);
    this.#dataPlane = new AgentDataPlane({
      state: this.#state,
      logger,
      port: options.proxyPort,
      latencyTarget: options.latencyTarget,
      latencyIntervalMs: options.latencyIntervalMs,
    });
    this.#link = new ControlLink({
      state: this.#state,
      secrets: options.secrets,
      planes: options.controlPlanes,
      client: { fetch: options.fetch, timeoutMs: options.requestTimeoutMs ?? 5000 },
      clock,
      random: options.random ?? Math.random,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      logger,
      hostname: options.hostname ?? hostname(),
      deviceConfig: this.#dataPlane,
    });
    this.#deps = {
      state: this.#state,
      link: this.#link,
      clock,
      logger,
      dataPlane: this.#dataPlane,
      verifyUrl: () => options.verifyUrl ?? this.#state.model.settings.preferences.verify_url,
    };
    this.#switcher = new Switcher(this.#deps);
  }

  /**
   * Connects and enrols. Resolves after the first attempt, whatever its outcome: the snapshot
   * then says `connected`, `offline` (retrying by itself) or `error`.
   */
  start(): Promise<void> {
    this.#started ??= Promise.all([this.#dataPlane.start(), this.#start()]).then(() => undefined);
    return this.#started;
  }

  /** Closes the event stream, timers and the local simulator, and saves; idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      await this.#started?.catch(() => undefined);
      await this.#link.stop();
      await this.#dataPlane.stop();
      this.#state.flush();
    })();
    return this.#stopped;
  }

  subscribe(listener: (snapshot: AgentSnapshot) => void): () => void {
    return this.#state.subscribe(listener);
  }

  subscribeConnections(listener: (entry: ConnectionEntry) => void): () => void {
    return this.#dataPlane.subscribeConnections(listener);
  }

  getState(request: CommandRequest<'getState'> = {}): Promise<AgentSnapshot> {
    return this.#run('getState', request, async () => this.#state.snapshot);
  }

  refresh(request: CommandRequest<'refresh'> = {}): Promise<AgentSnapshot> {
    return this.#run('refresh', request, async () => {
      await this.#link.refresh();
      return this.#state.snapshot;
    });
  }

  measureLatency(request: CommandRequest<'measureLatency'> = {}) {
    return this.#run('measureLatency', request, async () => {
      await this.#dataPlane.latency.measure();
      return this.#state.snapshot.vnets;
    });
  }

  switchVnet(request: CommandRequest<'switchVnet'>) {
    return this.#run('switchVnet', request, (valid) => this.#switcher.switchVnet(valid));
  }

  verify(request: CommandRequest<'verify'> = {}) {
    return this.#run('verify', request, () => verifyEgress(this.#deps));
  }

  whatIf(request: CommandRequest<'whatIf'>) {
    return this.#run('whatIf', request, (valid) => whatIf(this.#deps, valid));
  }

  getHistory(request: CommandRequest<'getHistory'> = {}) {
    return this.#run('getHistory', request, async (valid) => {
      const { history } = this.#state.model.settings;
      return history.slice(0, valid.limit ?? history.length).map((entry) => ({ ...entry }));
    });
  }

  getConnections(request: CommandRequest<'getConnections'> = {}) {
    return this.#run('getConnections', request, async (valid) =>
      this.#dataPlane.connections(valid),
    );
  }

  openScope(request: CommandRequest<'openScope'>) {
    return this.#run('openScope', request, async (valid) => {
      const vnet = await vnetTarget(this.#state, this.#link, valid.vnet);
      return this.#dataPlane.scopes.open(vnet, valid.lease_ms);
    });
  }

  renewScope(request: CommandRequest<'renewScope'>) {
    return this.#run('renewScope', request, async (valid) =>
      this.#dataPlane.scopes.renew(valid.scope_id),
    );
  }

  closeScope(request: CommandRequest<'closeScope'>) {
    return this.#run('closeScope', request, async (valid) => ({
      scope_id: valid.scope_id,
      closed: await this.#dataPlane.scopes.close(valid.scope_id),
    }));
  }

  setLocation(request: CommandRequest<'setLocation'>) {
    return this.#run('setLocation', request, (valid) =>
      setLocation(this.#deps, valid, this.#options.timeZone),
    );
  }

  setFavourite(request: CommandRequest<'setFavourite'>) {
    return this.#run('setFavourite', request, async (valid) => {
      const vnet = await vnetTarget(this.#state, this.#link, valid.vnet);
      const { favourites } = this.#state.model.settings;
      const snapshot = this.#state.commit({
        settings: { favourites: withFavourite(favourites, vnet.id, valid.favourite) },
      });
      return [...snapshot.favourites];
    });
  }

  updateSettings(request: CommandRequest<'updateSettings'>) {
    return this.#run('updateSettings', request, (valid) => updateSettings(this.#deps, valid));
  }

  async #start(): Promise<void> {
    const spec = this.#options.controlPlane ?? (await this.#persistedSpec());
    if (spec) {
      await this.#link.start(spec);
      return;
    }
    this.#state.commit({
      status: {
        status: 'error',
        error: {
          code: 'no_token',
          message:
            this.#state.model.settings.control_api.mode === 'cloudflare_warp'
              ? 'the settings choose Cloudflare WARP but no Cloudflare API token (or account id) ' +
                'is stored: set them again in the settings, or run egressctl agent --warp'
              : 'the settings name a remote control API but no token is stored: set its URL and ' +
                'token again (or switch to the local simulator)',
        },
      },
    });
  }

  async #persistedSpec(): Promise<ControlPlaneSpec | undefined> {
    const { control_api, account_id, warp } = this.#state.model.settings;
    if (control_api.mode === 'cloudflare_warp') {
      const token = await this.#options.secrets.get('cloudflare_api_token');
      if (!token || !account_id) return undefined;
      return {
        mode: 'cloudflare_warp',
        accountId: account_id,
        token,
        apiUrl: control_api.url,
        warpCli: warp?.warp_cli,
        verifyUrl: warp?.verify_url,
        refreshIntervalMs: warp ? warp.refresh_interval_s * 1000 : undefined,
      };
    }
    if (control_api.mode === 'local_simulator' || !control_api.url) {
      return { mode: 'local_simulator' };
    }
    const token = await this.#options.secrets.get('control_api_token');
    return token ? { mode: 'remote', url: control_api.url, token } : undefined;
  }

  /** Validates with the contract's schema, runs, and turns every failure into an AgentError. */
  async #run<N extends AgentCommandName>(
    name: N,
    request: CommandRequest<N>,
    operation: (valid: ParsedRequest<N>) => Promise<CommandResponse<N>>,
  ): Promise<CommandResponse<N>> {
    const valid = parseCommandRequest(name, request);
    try {
      return await operation(valid);
    } catch (error) {
      const agentError = toAgentError(error);
      if (agentError.code === 'internal') {
        this.#deps.logger.error({ err: error, command: name }, 'agent command failed');
      }
      throw agentError;
    }
  }
}
