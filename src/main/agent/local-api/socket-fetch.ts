import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { createConnection } from 'node:net';
import { Readable } from 'node:stream';
import type { AgentFetchInit, AgentFetchResponse } from '../../../shared/agent/http-client.js';

export type SocketFetch = (
  input: string | URL,
  init?: AgentFetchInit,
) => Promise<AgentFetchResponse>;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * An answer read straight from Node's `IncomingMessage`. It is not a WHATWG `Response` on
 * purpose: touching `Response` or `Headers` makes Node load its whole fetch implementation
 * (undici, ≈ 35 ms), which a one-shot egressctl would pay on every run. The web stream is only
 * made when `body` is read (the SSE client does).
 */
class SocketResponse implements AgentFetchResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly url: string;
  readonly redirected = false;
  readonly headers: { get(name: string): string | null };
  #incoming: IncomingMessage | null;
  #signal: AbortSignal | undefined;
  #used = false;
  #stream: ReadableStream<Uint8Array> | null = null;

  constructor(url: string, incoming: IncomingMessage, signal: AbortSignal | undefined) {
    this.url = url;
    this.status = incoming.statusCode ?? 500;
    this.ok = this.status >= 200 && this.status <= 299;
    const raw = incoming.headers;
    this.headers = {
      get(name: string): string | null {
        const value = raw[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    };
    this.#signal = signal;
    if (NULL_BODY_STATUSES.has(this.status)) {
      incoming.resume();
      this.#incoming = null;
    } else {
      this.#incoming = incoming;
    }
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  /** Null for a null-body status, and once `text()` has read the body. */
  get body(): ReadableStream<Uint8Array> | null {
    const incoming = this.#incoming;
    if (this.#stream === null && incoming !== null && !this.#used) {
      this.#used = true;
      this.#stream = Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
    }
    return this.#stream;
  }

  text(): Promise<string> {
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: it was already read'));
    this.#used = true;
    const incoming = this.#incoming;
    if (incoming === null) return Promise.resolve('');
    const signal = this.#signal;
    return new Promise((resolve, reject) => {
      let text = '';
      const fail = (error: unknown) => {
        if (signal?.aborted) reject(signal.reason);
        else reject(new TypeError('fetch failed: the answer was cut short', { cause: error }));
      };
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => {
        text += chunk;
      });
      incoming.once('end', () => resolve(text));
      incoming.once('error', fail);
      incoming.once('close', () => {
        if (!incoming.complete) fail(new Error('connection closed before the answer ended'));
      });
    });
  }
}

/**
 * A `fetch` for a Unix socket or Windows named pipe (Node's own fetch cannot dial one), so the
 * same HTTP client serves both the socket and loopback TCP. The URL's host is ignored; its path
 * and query are sent. Failures to connect reject with `TypeError('fetch failed', { cause })`,
 * as `fetch` does; an abort rejects with the signal's reason.
 *
 * One connection per request, made directly (no `http.Agent`): egressctl sends one or two
 * requests per run, and the agent's server-name guessing costs a few milliseconds of regex
 * compilation that a local socket does not need.
 */
export function createSocketFetch(socketPath: string): SocketFetch {
  return (input, init = {}) =>
    new Promise<AgentFetchResponse>((resolve, reject) => {
      const url = typeof input === 'string' ? new URL(input) : input;
      const signal = init.signal;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const outgoing = request({
        createConnection: () => createConnection(socketPath),
        method: init.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        headers: { ...init.headers },
        ...(signal ? { signal } : {}),
      });
      outgoing.once('response', (incoming) => {
        resolve(new SocketResponse(url.href, incoming, signal));
      });
      outgoing.once('error', (error) => {
        if (signal?.aborted) reject(signal.reason);
        else reject(new TypeError('fetch failed', { cause: error }));
      });
      outgoing.end(init.body);
    });
}
