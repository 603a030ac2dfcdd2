import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import {
  AGENT_CONNECTION_EVENT,
  AGENT_EVENTS_PATH,
  AGENT_STATE_EVENT,
  type AgentApi,
  type AgentSnapshot,
  type ConnectionEntry,
} from '../../../shared/agent/index.js';

export interface EventsRouteOptions {
  /** Interval of `: keep-alive` comments. Default 15 s. */
  keepAliveMs?: number | undefined;
  /** A client this far behind is cut off rather than buffered for without end. Default 1 MiB. */
  maxBufferedBytes?: number | undefined;
  /** Headers a hijacked reply must carry itself (CORS), since Fastify's hooks no longer run. */
  extraHeaders?: (origin: string | undefined) => Record<string, string>;
}

function stateFrame(snapshot: AgentSnapshot): string {
  return `id: ${snapshot.seq}\nevent: ${AGENT_STATE_EVENT}\ndata: ${JSON.stringify(snapshot)}\n\n`;
}

/** No `id:`: event ids are snapshot sequence numbers, which a reconnect resumes from. */
function connectionFrame(entry: ConnectionEntry): string {
  return `event: ${AGENT_CONNECTION_EVENT}\ndata: ${JSON.stringify(entry)}\n\n`;
}

/** `?connections=true` (or 1): the proxy's connection log too, not only snapshots. */
function wantsConnections(query: unknown): boolean {
  const value = (query as { connections?: unknown } | null)?.connections;
  return value === 'true' || value === '1';
}

/**
 * `GET /v1/events`: the current snapshot, then every new one, as SSE `state` events; with
 * `?connections=true` also a `connection` event per connection the local proxy finishes. Each
 * stream holds its agent subscriptions, released when either side closes.
 */
export function registerEventsRoute(
  app: FastifyInstance,
  agent: AgentApi,
  options: EventsRouteOptions = {},
): void {
  const streams = new Set<ServerResponse>();
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;

  app.get(AGENT_EVENTS_PATH, (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...options.extraHeaders?.(request.headers.origin),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 1000\n\n');
    streams.add(raw);

    const send = (frame: string) => {
      if (raw.destroyed || raw.writableEnded) return;
      if (raw.writableLength > maxBuffered) {
        raw.destroy();
        return;
      }
      raw.write(frame);
    };
    let unsubscribe: (() => void) | undefined;
    let closed = false;
    const timer = setInterval(() => send(': keep-alive\n\n'), keepAliveMs);
    timer.unref();
    raw.on('close', () => {
      closed = true;
      streams.delete(raw);
      clearInterval(timer);
      unsubscribe?.();
      stopConnections?.();
    });
    const stopConnections =
      wantsConnections(request.query) && agent.subscribeConnections
        ? agent.subscribeConnections((entry) => send(connectionFrame(entry)))
        : undefined;
    const release = agent.subscribe((snapshot) => send(stateFrame(snapshot)));
    // The first snapshot may be delivered synchronously, before a client hangs up mid-call.
    if (closed) release();
    else unsubscribe = release;
  });

  // Open streams would hold `close()` forever; end them first so clients see a clean EOF.
  app.addHook('preClose', (done) => {
    for (const raw of streams) raw.end();
    streams.clear();
    done();
  });
}
