import { EventSource } from 'eventsource';
import type { Logger } from 'pino';
import { ConfigEvent, type FetchLike } from '../../../shared/api/index.js';
import type { Clock } from '../ports/clock.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';

export interface ConfigFeedOptions {
  /** The account's `events` URL. */
  url: string;
  token: string;
  fetch?: FetchLike | undefined;
  clock: Clock;
  random: () => number;
  backoff: BackoffPolicy;
  logger: Logger;
  /** Every `config` event, including the one the server sends on connect. */
  onConfig(configVersion: number): void;
  /** The stream failed or ended; the feed reconnects by itself after a backoff delay. */
  onDown(reason: string): void;
}

/**
 * The control API's Server-Sent Events (`event: config`), with the bearer token sent through
 * eventsource's `fetch` option. EventSource's own fixed-interval retry is replaced by our
 * backoff, so a dead server is not hammered and `reconnectNow` can skip the wait.
 */
export class ConfigFeed {
  readonly #options: ConfigFeedOptions;
  #source: EventSource | undefined;
  #attempt = 0;
  #cancelRetry: (() => void) | undefined;
  #closed = false;

  constructor(options: ConfigFeedOptions) {
    this.#options = options;
  }

  start(): void {
    if (!this.#closed && !this.#source) this.#open();
  }

  close(): void {
    this.#closed = true;
    this.#cancelRetry?.();
    this.#source?.close();
    this.#source = undefined;
  }

  #open(): void {
    const { url, token, logger } = this.#options;
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    const source = new EventSource(url, {
      fetch: (input, init) =>
        fetchImpl(String(input), {
          ...init,
          headers: { ...init.headers, authorization: `Bearer ${token}` },
        }),
    });
    this.#source = source;
    source.addEventListener('open', () => {
      this.#attempt = 0;
      logger.debug({ url }, 'config events connected');
    });
    source.addEventListener('config', (event) => {
      const parsed = ConfigEvent.safeParse(safeJson(event.data));
      if (parsed.success) this.#options.onConfig(parsed.data.config_version);
      else logger.warn({ data: event.data }, 'ignored a malformed config event');
    });
    source.addEventListener('error', (event) => {
      source.close();
      if (this.#source !== source || this.#closed) return;
      this.#source = undefined;
      this.#attempt += 1;
      const delay = backoffDelay(this.#attempt, this.#options.backoff, this.#options.random);
      const reason = event.message ?? 'the event stream ended';
      logger.debug({ reason, delay }, 'config events down; reconnecting');
      this.#cancelRetry = this.#options.clock.setTimeout(() => {
        this.#cancelRetry = undefined;
        if (!this.#closed) this.#open();
      }, delay);
      this.#options.onDown(reason);
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
