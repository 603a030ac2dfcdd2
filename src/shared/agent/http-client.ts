import { errorMessage } from '../text/error-message.js';
import { describeZodIssues } from '../text/zod-issues.js';
import { agentApiFrom } from './command-binding.js';
import {
  AGENT_CONNECTION_EVENT,
  AGENT_EVENTS_PATH,
  AGENT_STATE_EVENT,
  type AgentApi,
  type AgentCommandName,
  agentCommands,
} from './commands.js';
import { ConnectionEntry } from './connections.js';
import { AgentError, AgentErrorBody } from './errors.js';
import { AgentSnapshot } from './state.js';

/**
 * What the client sends: a subset of `RequestInit` that `fetch` and the socket transport both
 * take. Headers are a plain record so no transport has to build a WHATWG `Headers`.
 */
export interface AgentFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/**
 * What the client reads from an answer: the part of a WHATWG `Response` it uses (and the SSE
 * client needs: `body`, `url`, `redirected`). A real `Response` fits; the socket transport
 * returns a lighter object, so a one-shot egressctl never loads Node's fetch implementation.
 */
export interface AgentFetchResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly url: string;
  readonly redirected: boolean;
  readonly headers: { get(name: string): string | null };
  /** The body as a stream; taking it (SSE) or reading `text()` uses the body up. */
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

export type AgentFetch = (input: string, init: AgentFetchInit) => Promise<AgentFetchResponse>;

export interface AgentHttpClientOptions {
  /** `http://127.0.0.1:<port>` for the TCP listener; any `http://` origin over a socket fetch. */
  baseUrl: string;
  /** Bearer token (the TCP listener needs one; the socket does not). */
  token?: string | undefined;
  /** Default `globalThis.fetch`; pass a socket fetch to talk over the Unix socket. */
  fetch?: AgentFetch | undefined;
  /** Per command, answer included. Default: none (a switch waits as long as the agent does). */
  timeoutMs?: number | undefined;
  /** Told when the event stream connects, drops or is refused (it reconnects by itself). */
  onConnectionChange?: ((change: ConnectionChange) => void) | undefined;
  /**
   * Offer `subscribeConnections` (a second SSE stream, `?connections=true`). Off by default: a
   * front that polls the log anyway (the popover) would otherwise hold two streams.
   */
  connectionFeed?: boolean | undefined;
}

export type ConnectionChange = { connected: true } | { connected: false; error: AgentError };

type AnySpec = (typeof agentCommands)[AgentCommandName];

function queryString(request: unknown): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries((request ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  return params.size > 0 ? `?${params.toString()}` : '';
}

function unreachable(baseUrl: string, cause: unknown): AgentError {
  const detail =
    cause instanceof Error
      ? ((cause.cause as { code?: string } | undefined)?.code ?? cause.message)
      : String(cause);
  return new AgentError('agent_unreachable', `Cannot reach the agent at ${baseUrl} (${detail}).`);
}

/**
 * The agent contract over HTTP: one method per `agentCommands` entry, answers validated with the
 * contract's schemas, error bodies turned back into `AgentError`, and `subscribe` over SSE with
 * automatic reconnection. Pure (fetch only), so it runs in Node, Electron and the browser.
 */
export function createAgentHttpClient(options: AgentHttpClientOptions): AgentApi {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl: AgentFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const authHeaders: Record<string, string> =
    options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {};

  async function call(name: AgentCommandName, spec: AnySpec, request: unknown): Promise<unknown> {
    const isGet = spec.method === 'GET';
    const url = `${baseUrl}${spec.path}${isGet ? queryString(request) : ''}`;
    const init: AgentFetchInit = {
      method: spec.method,
      headers: isGet ? authHeaders : { ...authHeaders, 'content-type': 'application/json' },
      ...(isGet ? {} : { body: JSON.stringify(request ?? {}) }),
      ...(options.timeoutMs !== undefined
        ? { signal: AbortSignal.timeout(options.timeoutMs) }
        : {}),
    };
    let response: AgentFetchResponse;
    let text: string;
    try {
      response = await fetchImpl(url, init);
      text = await response.text();
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        const seconds = (options.timeoutMs ?? 0) / 1000;
        throw new AgentError(
          'agent_not_answering',
          `The agent at ${baseUrl} took the ${name} request but did not answer within ${seconds} s.`,
        );
      }
      throw unreachable(baseUrl, error);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AgentError(
        'internal',
        `The agent answered ${name} with HTTP ${response.status} and no JSON.`,
      );
    }
    if (!response.ok) {
      const body = AgentErrorBody.safeParse(json);
      if (body.success) throw AgentError.fromBody(body.data);
      throw new AgentError('internal', `The agent answered ${name} with HTTP ${response.status}.`);
    }
    const parsed = spec.response.safeParse(json);
    if (!parsed.success) {
      const why = describeZodIssues(parsed.error, { root: 'answer', limit: 3 });
      throw new AgentError(
        'internal',
        `The agent's answer to ${name} breaks the contract: ${why}.`,
      );
    }
    return parsed.data;
  }

  /** One SSE stream on `query`, its `event` parsed with `schema`; returns close. */
  function stream<T>(
    query: string,
    event: string,
    schema: { safeParse(data: unknown): { success: true; data: T } | { success: false } },
    listener: (value: T) => void,
  ): () => void {
    const report = options.onConnectionChange;
    let closed = false;
    let close = () => {
      closed = true;
    };
    // Loaded on first subscribe: one-shot callers (every egressctl command but watch) skip it.
    void import('eventsource').then(
      ({ EventSource }) => {
        if (closed) return;
        const source = new EventSource(`${baseUrl}${AGENT_EVENTS_PATH}${query}`, {
          fetch: (input, init) =>
            fetchImpl(String(input), { ...init, headers: { ...init.headers, ...authHeaders } }),
        });
        close = () => source.close();
        source.addEventListener('open', () => report?.({ connected: true }));
        source.addEventListener('error', (event) => {
          const message = event.message ?? 'connection lost';
          const error =
            event.code === 401 || event.code === 403
              ? new AgentError('unauthorized', `The agent refused the event stream (${message}).`)
              : new AgentError('agent_unreachable', `Agent event stream: ${message}.`);
          report?.({ connected: false, error });
        });
        source.addEventListener(event, (message) => {
          let data: unknown;
          try {
            data = JSON.parse(message.data);
          } catch {
            return;
          }
          const parsed = schema.safeParse(data);
          // An event that breaks the contract is dropped, not shown half-right.
          if (parsed.success) listener(parsed.data);
        });
      },
      (error: unknown) => {
        report?.({
          connected: false,
          error: new AgentError('internal', `No SSE client: ${errorMessage(error)}`),
        });
      },
    );
    return () => close();
  }

  const subscribe = (listener: (snapshot: AgentSnapshot) => void) =>
    stream('', AGENT_STATE_EVENT, AgentSnapshot, listener);
  // The stream carries snapshots too (they are not asked for away); only connections are read.
  const subscribeConnections = (listener: (entry: ConnectionEntry) => void) =>
    stream('?connections=true', AGENT_CONNECTION_EVENT, ConnectionEntry, listener);

  return agentApiFrom((name, request) => call(name, agentCommands[name], request), {
    subscribe,
    ...(options.connectionFeed ? { subscribeConnections } : {}),
  });
}
