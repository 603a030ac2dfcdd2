import type { Logger } from 'pino';
import { AgentError } from '../../../shared/agent/index.js';
import { AgentFault } from '../agent-fault.js';
import type { AgentState, ModelChange } from '../agent-state.js';
import type { ClientOptions } from '../control-plane/client-options.js';
import {
  describeError,
  isConnectivityFailure,
  isDeviceGone,
  toAgentError,
} from '../error-mapping.js';
import { type Clock, isoAt } from '../ports/clock.js';
import type {
  ControlPlane,
  ControlPlaneFactory,
  ControlPlaneSpec,
} from '../ports/control-plane.js';
import type { SecretStore } from '../ports/secret-store.js';
import { establishSession } from '../session/establish-session.js';
import type { Session } from '../session/session.js';
import { isOnline } from '../status-machine.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import { ConfigFeed } from './config-feed.js';
import { fetchAll, fetchResolution, type SyncResult, syncChange } from './sync.js';

export interface ControlLinkOptions {
  state: AgentState;
  secrets: SecretStore;
  planes: ControlPlaneFactory;
  client: ClientOptions;
  clock: Clock;
  random: () => number;
  backoff: BackoffPolicy;
  logger: Logger;
  /** The device name to enrol with. */
  hostname: string;
}

/**
 * The agent's connection to the control API: session and enrolment, the live config feed, and
 * the fault handling — offline with backoff and self-recovery, or `error` for what only the user
 * can fix. Operations ask it for the session and hand it their failures.
 */
export class ControlLink {
  readonly #o: ControlLinkOptions;
  #plane: ControlPlane | undefined;
  /** What `#plane` was made from; persisted with the first session it gives. */
  #spec: ControlPlaneSpec | undefined;
  #feed: ConfigFeed | undefined;
  #cancelRetry: (() => void) | undefined;
  #attempt = 0;
  #connecting: Promise<void> | undefined;
  #syncing = false;
  #syncAgain = false;
  #stopped = false;

  constructor(options: ControlLinkOptions) {
    this.#o = options;
  }

  /** Connects with `spec`; resolves after the first attempt, whatever its outcome. */
  async start(spec: ControlPlaneSpec): Promise<void> {
    this.#plane = this.#o.planes(spec);
    this.#spec = spec;
    this.#o.state.commit({
      controlApi: { ...controlApiOf(spec), account_id: this.#o.state.model.settings.account_id },
    });
    await this.#connect();
  }

  /** The working session, or why there is none, as the error an operation should throw. */
  session(): Session {
    const { status, session } = this.#o.state.model;
    if (status.status === 'offline') {
      throw new AgentError(
        'control_api_unreachable',
        `the control API is unreachable (${status.offline.last_error}); the agent retries by itself`,
      );
    }
    if (!session || !isOnline(status)) {
      const why =
        status.status === 'error' ? status.error.message : 'the agent is still connecting';
      throw new AgentError('not_enrolled', `no working session: ${why}`);
    }
    return session;
  }

  /** Re-reads everything now; when offline or in error, retries at once. */
  async refresh(): Promise<void> {
    const { status, session } = this.#o.state.model;
    if (!session || !isOnline(status)) return this.#connect();
    try {
      this.#adopt(await fetchAll(session, this.#o.state.model), this.#o.state.epoch);
    } catch (error) {
      await this.#fail(error);
    }
  }

  /** Re-resolves egress and previews (after a location or user change); throws on failure. */
  async resync(): Promise<void> {
    const session = this.session();
    const epoch = this.#o.state.epoch;
    try {
      this.#adopt(await fetchResolution(session), epoch);
    } catch (error) {
      throw await this.failure(error);
    }
  }

  /** Records what an operation's failure means for the link, and what to tell the caller. */
  async failure(error: unknown): Promise<AgentError> {
    if (isConnectivityFailure(error) || isDeviceGone(error) || error instanceof AgentFault) {
      await this.#fail(error);
    }
    return toAgentError(error);
  }

  /**
   * Switches to another control plane only once it works: connects, enrols and resolves with
   * the new one first; on failure the old one stays as it was.
   */
  async replace(spec: ControlPlaneSpec, userEmail?: string): Promise<void> {
    const plane = this.#o.planes(spec);
    let session: Session;
    let result: SyncResult;
    try {
      const { settings } = this.#o.state.model;
      session = await this.#establish(
        plane,
        { accountId: settings.account_id, deviceId: settings.device?.id ?? null },
        userEmail,
      );
      result = await fetchAll(session, this.#o.state.model);
    } catch (error) {
      await plane.close();
      const agentError = toAgentError(error);
      // Unreachable stays so; anything else means the URL or token given was not usable.
      throw new AgentError(
        agentError.code === 'control_api_unreachable' ? agentError.code : 'invalid_request',
        `kept the current control API: the new one failed (${agentError.message})`,
      );
    }
    const old = this.#plane;
    this.#closeFeed();
    this.#cancelRetry?.();
    this.#plane = plane;
    this.#spec = spec;
    this.#o.state.epoch += 1;
    await this.#keep(spec, session);
    this.#adopt(result, this.#o.state.epoch);
    await old?.close();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelRetry?.();
    this.#closeFeed();
    await this.#connecting?.catch(() => undefined);
    await this.#plane?.close();
  }

  #connect(): Promise<void> {
    this.#connecting ??= this.#connectOnce().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connectOnce(): Promise<void> {
    this.#cancelRetry?.();
    const { state } = this.#o;
    const plane = this.#plane;
    const spec = this.#spec;
    if (!plane || !spec || this.#stopped) return;
    if (state.model.status.status === 'error') {
      state.commit({ status: { status: 'starting', starting: { message: 'retrying' } } });
    }
    try {
      let session = state.model.session;
      if (!session) {
        const { settings } = state.model;
        session = await this.#establish(plane, {
          accountId: settings.account_id,
          deviceId: settings.device?.id ?? null,
        });
        if (this.#stopped) return;
        await this.#keep(spec, session);
      }
      this.#adopt(await fetchAll(session, state.model), state.epoch);
    } catch (error) {
      await this.#fail(error);
    }
  }

  #establish(
    plane: ControlPlane,
    known: { accountId: string | null; deviceId: string | null },
    userEmail?: string,
  ) {
    const { settings } = this.#o.state.model;
    return establishSession({
      plane,
      secrets: this.#o.secrets,
      known,
      enrolAs: { name: this.#o.hostname, userEmail: userEmail ?? settings.preferences.user_email },
      client: this.#o.client,
      logger: this.#o.logger,
    });
  }

  /** Makes a working session (and the spec that led to it) the agent's own, persisted. */
  async #keep(spec: ControlPlaneSpec, session: Session): Promise<void> {
    const { secrets, state } = this.#o;
    await secrets.set('device_token', session.deviceToken);
    if (spec.mode === 'remote') await secrets.set('control_api_token', spec.token);
    else await secrets.delete('control_api_token');
    const { id, name, user_email } = session.device;
    state.commit({
      session,
      controlApi: {
        ...controlApiOf(spec),
        url: session.connection.url,
        account_id: session.accountId,
      },
      settings: {
        control_api: { mode: spec.mode, url: spec.mode === 'remote' ? spec.url : null },
        account_id: session.accountId,
        device: { id, name, user_email },
        // The server decides whose device this is (a device token brings its own user).
        preferences: { ...state.model.settings.preferences, user_email },
      },
    });
  }

  /** Applies a sync's answer and marks the link healthy. */
  #adopt(result: SyncResult, epoch: number): void {
    const { state, clock } = this.#o;
    if (this.#stopped) return;
    const switching = state.model.status.status === 'switching';
    const change: ModelChange =
      syncChange(state.model, result, state.epoch === epoch && !switching, isoAt(clock)) ?? {};
    if (!switching) change.status = { status: 'connected' };
    this.#attempt = 0;
    state.commit(change);
    this.#openFeed();
  }

  async #fail(error: unknown): Promise<void> {
    const { state, logger } = this.#o;
    if (this.#stopped) return;
    const session = state.model.session;
    if (isDeviceGone(error) && session) {
      if (session.adminClient) {
        logger.warn(
          { deviceId: session.device.id },
          'device removed on the server: enrolling again',
        );
        this.#closeFeed();
        state.commit({
          session: null,
          settings: { device: null },
          status: {
            status: 'starting',
            starting: { message: 'the device was removed: enrolling again' },
          },
        });
        // After the current attempt (if any) has settled, so the retry is a fresh one.
        this.#cancelRetry?.();
        this.#cancelRetry = this.#o.clock.setTimeout(() => void this.#connect(), 0);
        return;
      }
      error = new AgentFault(
        'device_removed',
        'the control API no longer knows this device (removed, or its token revoked): enrol it ' +
          'again and set the new device token, or set an admin token, in the settings',
      );
    }
    if (error instanceof AgentFault) {
      this.#closeFeed();
      state.commit({
        session: null,
        fresh: false,
        status: { status: 'error', error: { code: error.code, message: error.message } },
      });
      return;
    }
    if (!isConnectivityFailure(error)) {
      logger.error({ err: error }, 'unexpected failure talking to the control API');
    }
    this.#scheduleRetry(error);
  }

  /** Offline: keep the last egress (stale), retry after a backoff delay. */
  #scheduleRetry(error: unknown): void {
    const { state, clock, random, backoff } = this.#o;
    this.#closeFeed();
    this.#cancelRetry?.();
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, backoff, random);
    this.#cancelRetry = clock.setTimeout(() => {
      this.#cancelRetry = undefined;
      void this.#connect();
    }, delay);
    const current = state.model.status;
    state.commit({
      fresh: false,
      status: {
        status: 'offline',
        offline: {
          since: current.status === 'offline' ? current.offline.since : isoAt(clock),
          last_error: describeError(error),
          attempt: this.#attempt,
          next_retry_at: new Date(clock.now() + delay).toISOString(),
        },
      },
    });
  }

  #openFeed(): void {
    const session = this.#o.state.model.session;
    if (this.#feed || !session || this.#stopped) return;
    this.#feed = new ConfigFeed({
      url: session.deviceClient.eventsUrl(),
      token: session.deviceToken,
      fetch: this.#o.client.fetch,
      clock: this.#o.clock,
      random: this.#o.random,
      backoff: this.#o.backoff,
      logger: this.#o.logger,
      onConfig: (version) => {
        if (version !== this.#o.state.model.configVersion) void this.#syncConfig();
      },
      onDown: () => void this.#probe(),
    });
    this.#feed.start();
  }

  #closeFeed(): void {
    this.#feed?.close();
    this.#feed = undefined;
  }

  /** The event stream dropped: is the server gone, or only the stream? */
  async #probe(): Promise<void> {
    const { session, status, configVersion } = this.#o.state.model;
    if (!session || !isOnline(status)) return;
    try {
      const account = await session.deviceClient.getAccount();
      if (account.config_version !== configVersion) await this.#syncConfig();
    } catch (error) {
      await this.#fail(error);
    }
  }

  /** A config change: re-resolve egress and previews; changes during a run coalesce. */
  async #syncConfig(): Promise<void> {
    if (this.#syncing) {
      this.#syncAgain = true;
      return;
    }
    const { session, status } = this.#o.state.model;
    if (!session || !isOnline(status)) return;
    this.#syncing = true;
    try {
      const epoch = this.#o.state.epoch;
      this.#adopt(await fetchResolution(session), epoch);
    } catch (error) {
      await this.#fail(error);
    } finally {
      this.#syncing = false;
    }
    if (this.#syncAgain) {
      this.#syncAgain = false;
      await this.#syncConfig();
    }
  }
}

function controlApiOf(spec: ControlPlaneSpec) {
  return spec.mode === 'remote'
    ? { mode: spec.mode, url: spec.url, account_id: null, has_token: true }
    : { mode: spec.mode, url: null, account_id: null, has_token: false };
}
