import { Agent, type IncomingMessage, request } from 'node:http';
import { Readable } from 'node:stream';

export type SocketFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function toHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

function requestBody(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new TypeError('socket fetch sends string or byte bodies only');
}

/**
 * A `fetch` for a Unix socket or Windows named pipe (Node's own fetch cannot dial one), so the
 * same HTTP client serves both the socket and loopback TCP. The URL's host is ignored; its path
 * and query are sent. Failures to connect reject with `TypeError('fetch failed', { cause })`,
 * exactly as `fetch` does.
 */
export function createSocketFetch(socketPath: string): SocketFetch {
  // Kept-alive sockets are unref'd while idle, so they never hold a finished CLI open.
  const agent = new Agent({ keepAlive: true });
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = typeof input === 'string' ? new URL(input) : input;
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const body = requestBody(init.body);
      const outgoing = request({
        socketPath,
        agent,
        method: init.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        headers: Object.fromEntries(new Headers(init.headers)),
        ...(signal ? { signal } : {}),
      });
      outgoing.once('response', (incoming) => {
        const status = incoming.statusCode ?? 500;
        const stream = NULL_BODY_STATUSES.has(status)
          ? null
          : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
        if (stream === null) incoming.resume();
        resolve(
          new Response(stream, {
            status,
            statusText: incoming.statusMessage ?? '',
            headers: toHeaders(incoming),
          }),
        );
      });
      outgoing.once('error', (error) => {
        if (signal?.aborted) reject(signal.reason);
        else reject(new TypeError('fetch failed', { cause: error }));
      });
      outgoing.end(body);
    });
}
