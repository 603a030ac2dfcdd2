import type { Logger } from 'pino';
import { AgentError } from '../../../shared/agent/index.js';
import { errorMessage } from '../../../shared/text/error-message.js';
import { AgentFault } from '../agent-fault.js';
import type { AgentState, ModelChange } from '../agent-state.js';
import type { ClientOptions } from '../control-plane/client-options.js';
import { isConnectivityFailure, isDeviceGone, toAgentError } from '../error-mapping.js';
import { type Clock, isoAt } from '../ports/clock.js';
import type {
  ControlPlane,
  ControlPlaneFactory,
  ControlPlaneSpec,
} from '../ports/control-plane.js';
import type { SecretStore } from '../ports/secret-store.js';
import { establishSession } from '../session/establish-session.js';
import { controlApiOf, keepSession } from '../session/keep-session.js';
import type { Session } from '../session/session.js';
import { isOnline } from '../status-machine.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import { LiveConfig } from './live-config.js';
import {
  type DeviceConfigSink,
  fetchAll,
  fetchResolution,
  type SyncResult,
  syncChange,
} from './sync.js';

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
  /** Told every device config a sync reads (the local proxy decides with it). */
  deviceConfig?: DeviceConfigSink | undefined;
}

/**
 * The agent's connection to the control API: session and enrolment, live config, and fault
 * handling — offline with backoff and self-recovery, or `error` for what only the user can fix.
 * Operations ask it for the session and hand it their failures. Every answer is checked against
 * the session it was asked with, so an answer from a replaced control plane changes nothing.
 */
export class ControlLink {
  readonly #o: ControlLinkOptions;
  readonly #live: LiveConfig;
  #plane: ControlPlane | undefined;
  /** What `#plane` was made from; persisted with the first session it gives. */
  #spec: ControlPlaneSpec | undefined;
  /** Bumped when the plane is replaced: attempts begun before are void. */
  #generation = 0;
  #cancelRetry: (() => void) | undefined;
  #attempt = 0;
  #connecting: Promise<void> | undefined;
  #stopped = false;

  constructor(options: ControlLinkOptions) {
    this.#o = options;
    this.#live = new LiveConfig({
      ...options,
      onResult: (session, result, epoch) => {
        if (this.#o.state.model.session === session) this.#adopt(result, epoch);
      },
      onFailure: (session, error) => this.#failFor(session, error),
    });
  }

  /** Connects with `spec`; resolves after the first attempt, whatever its outcome. */
  async start(spec: ControlPlaneSpec): Promise<void> {
    this.#plane = this.#o.planes(spec);
    this.#spec = spec;
    const accountId = this.#o.state.model.settings.account_id;
    this.#o.state.commit({ controlApi: { ...controlApiOf(spec), account_id: accountId } });
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
      const result = await fetchAll(session, this.#o.state.model, this.#etag());
      if (this.#o.state.model.session === session) this.#adopt(result, this.#o.state.epoch);
    } catch (error) {
      await this.#failFor(session, error);
    }
  }

  /** Re-resolves egress and previews (after a location or user change); throws on failure. */
  async resync(): Promise<void> {
    const session = this.session();
    const epoch = this.#o.state.epoch;
    try {
      const result = await fetchResolution(session, this.#etag());
      if (this.#o.state.model.session === session) this.#adopt(result, epoch);
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
   * the new one first; on failure the old one stays exactly as it was.
   */
  async replace(spec: ControlPlaneSpec, userEmail?: string): Promise<void> {
    const plane = this.#o.planes(spec);
    let session: Session;
    let result: SyncResult;
    try {
      session = await this.#establish(plane, userEmail);
      // Another control plane: the held config's ETag means nothing there.
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
    this.#generation += 1;
    this.#cancelRetry?.();
    this.#live.close();
    this.#plane = plane;
    this.#spec = spec;
    this.#o.state.epoch += 1;
    await keepSession(this.#o.state, this.#o.secrets, spec, session);
    this.#adopt(result, this.#o.state.epoch);
    await old?.close();
  }

  /** The user's label for a dedicated egress IP (Cloudflare WARP only); the backend pushes it. */
  async labelEgressIp(ipv4: string, location: string | null): Promise<void> {
    const plane = this.#plane;
    if (!plane?.labelEgressIp) {
      throw new AgentError(
        'invalid_request',
        "egress IP labels are for the Cloudflare WARP backend: this control plane knows each IP's data center",
      );
    }
    await plane.labelEgressIp(ipv4, location);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelRetry?.();
    this.#live.close();
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
    const { plane, spec } = { plane: this.#plane, spec: this.#spec };
    const generation = this.#generation;
    const current = () => generation === this.#generation && !this.#stopped;
    if (!plane || !spec || !current()) return;
    if (state.model.status.status === 'error') {
      state.commit({ status: { status: 'starting', starting: { message: 'retrying' } } });
    }
    try {
      let session = state.model.session;
      if (!session) {
        session = await this.#establish(plane);
        if (!current()) return;
        await keepSession(this.#o.state, this.#o.secrets, spec, session);
      }
      const result = await fetchAll(session, state.model, this.#etag());
      if (current()) this.#adopt(result, state.epoch);
    } catch (error) {
      if (current()) await this.#fail(error);
    }
  }

  #establish(plane: ControlPlane, userEmail?: string): Promise<Session> {
    const { settings } = this.#o.state.model;
    return establishSession({
      plane,
      secrets: this.#o.secrets,
      known: { accountId: settings.account_id, deviceId: settings.device?.id ?? null },
      enrolAs: { name: this.#o.hostname, userEmail: userEmail ?? settings.preferences.user_email },
      client: this.#o.client,
      logger: this.#o.logger,
    });
  }

  /** Applies a sync's answer and marks the link healthy. */
  #adopt(result: SyncResult, epoch: number): void {
    const { state, clock } = this.#o;
    if (this.#stopped) return;
    const switching = state.model.status.status === 'switching';
    const current = state.epoch === epoch && !switching;
    const change: ModelChange = syncChange(state.model, result, current, isoAt(clock)) ?? {};
    if (!switching) change.status = { status: 'connected' };
    this.#attempt = 0;
    state.commit(change);
    this.#o.deviceConfig?.adopt(result.deviceConfig);
    const session = state.model.session;
    if (session) this.#live.open(session);
  }

  #etag(): string | undefined {
    return this.#o.deviceConfig?.etag();
  }

  /** A failure seen on `session`: ignored when that session is no longer the agent's. */
  async #failFor(session: Session, error: unknown): Promise<void> {
    if (this.#o.state.model.session === session) await this.#fail(error);
  }

  async #fail(error: unknown): Promise<void> {
    const { state, logger } = this.#o;
    if (this.#stopped) return;
    const session = state.model.session;
    if (isDeviceGone(error) && session?.adminClient) {
      logger.warn({ deviceId: session.device.id }, 'device removed on the server: enrolling again');
      this.#reenrol();
      return;
    }
    const fault = isDeviceGone(error) && session ? AgentFault.deviceRemoved() : error;
    if (fault instanceof AgentFault) {
      this.#cancelRetry?.();
      this.#live.close();
      state.commit({
        session: null,
        fresh: false,
        status: { status: 'error', error: { code: fault.code, message: fault.message } },
      });
      return;
    }
    if (!isConnectivityFailure(fault)) {
      logger.error({ err: fault }, 'unexpected failure talking to the control API');
    }
    this.#goOffline(fault);
  }

  /** The device is gone but the token is an admin's: drop the device and enrol a new one. */
  #reenrol(): void {
    this.#live.close();
    this.#o.state.commit({
      session: null,
      settings: { device: null },
      status: {
        status: 'starting',
        starting: { message: 'the device was removed: enrolling again' },
      },
    });
    // On the next turn, once the attempt that saw the failure (if any) has settled.
    this.#cancelRetry?.();
    this.#cancelRetry = this.#o.clock.setTimeout(() => void this.#connect(), 0);
  }

  /** Offline: keep the last egress (stale), retry after a backoff delay. */
  #goOffline(error: unknown): void {
    const { state, clock, random, backoff } = this.#o;
    this.#live.close();
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
          last_error: errorMessage(error),
          attempt: this.#attempt,
          next_retry_at: new Date(clock.now() + delay).toISOString(),
        },
      },
    });
  }
}
