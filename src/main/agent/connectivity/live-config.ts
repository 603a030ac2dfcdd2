import type { Logger } from 'pino';
import type { AgentState } from '../agent-state.js';
import type { ClientOptions } from '../control-plane/client-options.js';
import type { Clock } from '../ports/clock.js';
import type { Session } from '../session/session.js';
import { isOnline } from '../status-machine.js';
import type { BackoffPolicy } from './backoff.js';
import { ConfigFeed } from './config-feed.js';
import { type DeviceConfigSink, fetchResolution, type SyncResult } from './sync.js';

export interface LiveConfigOptions {
  state: AgentState;
  client: ClientOptions;
  clock: Clock;
  random: () => number;
  backoff: BackoffPolicy;
  logger: Logger;
  deviceConfig?: DeviceConfigSink | undefined;
  /** A re-resolve answered (for the session it was asked with). */
  onResult(session: Session, result: SyncResult, epoch: number): void;
  /** A re-resolve or a probe failed. */
  onFailure(session: Session, error: unknown): Promise<void>;
}

/**
 * Keeps the agent current without polling: the control API's `config` events trigger a
 * re-resolve of the egress and every preview (changes arriving during one coalesce into one
 * more); a dropped stream triggers a probe, so a dead server is noticed at once.
 */
export class LiveConfig {
  readonly #o: LiveConfigOptions;
  #feed: ConfigFeed | undefined;
  #session: Session | undefined;
  #syncing = false;
  #again = false;

  constructor(options: LiveConfigOptions) {
    this.#o = options;
  }

  /** Listens for the session's events (no-op when already listening for it). */
  open(session: Session): void {
    if (this.#feed && this.#session === session) return;
    this.close();
    this.#session = session;
    this.#feed = new ConfigFeed({
      url: session.deviceClient.eventsUrl(),
      token: session.deviceToken,
      fetch: this.#o.client.fetch,
      clock: this.#o.clock,
      random: this.#o.random,
      backoff: this.#o.backoff,
      logger: this.#o.logger,
      onConfig: (version) => {
        if (version !== this.#o.state.model.configVersion) void this.#resync(session);
      },
      onDown: () => void this.#probe(session),
    });
    this.#feed.start();
  }

  close(): void {
    this.#feed?.close();
    this.#feed = undefined;
    this.#session = undefined;
  }

  #live(session: Session): boolean {
    const { model } = this.#o.state;
    return this.#session === session && model.session === session && isOnline(model.status);
  }

  /** The event stream dropped: is the server gone, or only the stream? */
  async #probe(session: Session): Promise<void> {
    if (!this.#live(session)) return;
    try {
      const account = await session.deviceClient.getAccount();
      if (account.config_version !== this.#o.state.model.configVersion) {
        await this.#resync(session);
      }
    } catch (error) {
      if (this.#live(session)) await this.#o.onFailure(session, error);
    }
  }

  async #resync(session: Session): Promise<void> {
    if (this.#syncing) {
      this.#again = true;
      return;
    }
    if (!this.#live(session)) return;
    this.#syncing = true;
    try {
      const epoch = this.#o.state.epoch;
      const result = await fetchResolution(session, this.#o.deviceConfig?.etag());
      if (this.#live(session)) this.#o.onResult(session, result, epoch);
    } catch (error) {
      if (this.#live(session)) await this.#o.onFailure(session, error);
    } finally {
      this.#syncing = false;
    }
    if (this.#again) {
      this.#again = false;
      await this.#resync(session);
    }
  }
}
