import type { ServerResponse } from 'node:http';
import type { Store } from './store/store.js';

export interface ConfigEventHubOptions {
  /** Interval of `: keep-alive` comments, so proxies and clients see a live stream. */
  keepAliveMs?: number;
}

/** Formats one SSE `config` event (the id lets a client tell versions apart after reconnects). */
export function configEventFrame(configVersion: number): string {
  return `id: ${configVersion}\nevent: config\ndata: ${JSON.stringify({ config_version: configVersion })}\n\n`;
}

/**
 * Server-Sent Events per account: every subscriber gets a `config` event with the new version
 * after each configuration change, and one with the current version when it connects.
 */
export class ConfigEventHub {
  readonly #subscribers = new Map<string, Set<ServerResponse>>();
  readonly #unsubscribe: () => void;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(store: Store, options: ConfigEventHubOptions = {}) {
    this.#unsubscribe = store.onConfigChange((accountId, version) =>
      this.#broadcast(accountId, configEventFrame(version)),
    );
    this.#timer = setInterval(() => this.#keepAlive(), options.keepAliveMs ?? 15_000);
    this.#timer.unref();
  }

  /** Takes over a response: writes the SSE headers and keeps it until either side closes. */
  subscribe(accountId: string, response: ServerResponse, currentVersion: number): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(`retry: 2000\n\n${configEventFrame(currentVersion)}`);
    let set = this.#subscribers.get(accountId);
    if (!set) {
      set = new Set();
      this.#subscribers.set(accountId, set);
    }
    set.add(response);
    response.on('close', () => {
      set.delete(response);
      if (set.size === 0 && this.#subscribers.get(accountId) === set) {
        this.#subscribers.delete(accountId);
      }
    });
  }

  /** Ends every stream (so the HTTP server can close) and stops listening. */
  close(): void {
    clearInterval(this.#timer);
    this.#unsubscribe();
    for (const set of this.#subscribers.values()) {
      for (const response of set) response.end();
    }
    this.#subscribers.clear();
  }

  #broadcast(accountId: string, frame: string): void {
    for (const response of this.#subscribers.get(accountId) ?? []) response.write(frame);
  }

  #keepAlive(): void {
    for (const set of this.#subscribers.values()) {
      for (const response of set) response.write(': keep-alive\n\n');
    }
  }
}
