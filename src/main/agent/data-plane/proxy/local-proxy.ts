import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RouteConnection } from '../route.js';
import type { ConnectionRecord, OpenConnection } from './connection-record.js';
import { ConnectionTracker, type ProxyCounters } from './connection-tracker.js';
import type { FrontContext } from './front-context.js';
import { overCapacity, writeRawAnswer } from './http-answer.js';
import { createHttpFront } from './http-front.js';
import { type ProxyLimits, resolveLimits } from './limits.js';
import { isLoopback } from './loopback.js';
import { egressChanged } from './reconsider.js';
import { serveSocks5 } from './socks5-front.js';
import { SOCKS_VERSION } from './socks5-parser.js';

export const DEFAULT_PROXY_PORT = 40000;

export interface LocalProxyOptions {
  /** Default 127.0.0.1. Whatever the address, only loopback peers are served. */
  host?: string;
  /** Default 40000 (WARP's proxy-mode port); 0 picks a free port. */
  port?: number;
  route: RouteConnection;
  /** Passed to `route` with every destination (e.g. an `egressctl exec --vnet` listener); default null. */
  scope?: string | null;
  limits?: Partial<ProxyLimits>;
  /** Called once per connection when it ends (never throws into the proxy). */
  onRecord?: (record: ConnectionRecord) => void;
}

export interface LocalProxy {
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:40000`: what HTTP_PROXY / curl -x take (SOCKS5 clients use the same port). */
  readonly url: string;
  counters(): ProxyCounters;
  connections(): OpenConnection[];
  /** Closes the open connections the predicate picks; returns how many. */
  closeWhere(predicate: (connection: OpenConnection) => boolean, reason?: string): number;
  /**
   * Decides every open connection again (with `route`, by default the listener's) and closes
   * those that would now leave another way: call on a vnet switch or config change.
   */
  reconsider(route?: RouteConnection, reason?: string): number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

// Over the cap, a few more sockets are still read far enough to be told why; the rest are dropped.
const REFUSAL_SLOTS = 64;
const SOCKS4_VERSION = 0x04;
const SOCKS4_REJECTED = Buffer.from([0x00, 0x5b, 0, 0, 0, 0, 0, 0]);

export async function startLocalProxy(options: LocalProxyOptions): Promise<LocalProxy> {
  const limits = resolveLimits(options.limits);
  const host = options.host ?? '127.0.0.1';
  const tracker = new ConnectionTracker(options.onRecord);
  const context: FrontContext = {
    route: options.route,
    scope: options.scope ?? null,
    tracker,
    limits,
  };
  const server: Server = createHttpFront(context);
  const sockets = new Set<Socket>();
  let refusing = 0;

  // The HTTP server is the listener, so Node's header timeouts run; its own connection handler
  // is kept for the sockets that turn out to speak HTTP, and SOCKS5 ones never reach it.
  const [httpConnection] = server.listeners('connection') as ((socket: Socket) => void)[];
  if (httpConnection === undefined) throw new Error('the HTTP server has no connection handler');
  server.removeAllListeners('connection');

  server.on('connection', (socket: Socket) => {
    socket.on('error', () => {});
    // Handshake replies are small writes: Nagle would hold them for the peer's delayed ACK.
    socket.setNoDelay(true);
    tracker.counters.accepted += 1;
    if (!isLoopback(socket.remoteAddress)) {
      tracker.counters.not_loopback += 1;
      socket.destroy();
      return;
    }
    const full = sockets.size >= limits.maxConnections;
    if (full) {
      tracker.counters.over_capacity += 1;
      if (refusing >= REFUSAL_SLOTS) {
        socket.destroy();
        return;
      }
      refusing += 1;
      socket.once('close', () => {
        refusing -= 1;
      });
    } else {
      sockets.add(socket);
      tracker.counters.open_sockets = sockets.size;
      socket.once('close', () => {
        sockets.delete(socket);
        tracker.counters.open_sockets = sockets.size;
      });
    }
    const onTimeout = () => {
      tracker.counters.bad_input += 1;
      socket.destroy();
    };
    socket.setTimeout(limits.handshakeTimeoutMs, onTimeout);
    const handshakeDone = () => {
      socket.setTimeout(0);
      socket.removeListener('timeout', onTimeout);
    };
    // Sockets are half-open capable (tunnels need it): one that ends before saying anything is done.
    const endedEarly = () => socket.destroy();
    socket.once('end', endedEarly);
    socket.once('data', (chunk: Buffer) => {
      socket.removeListener('end', endedEarly);
      socket.pause();
      socket.unshift(chunk);
      const first = chunk[0];
      if (first === SOCKS_VERSION) {
        serveSocks5(socket, context, { overCapacity: full, handshakeDone });
        socket.resume();
      } else if (first === SOCKS4_VERSION) {
        tracker.counters.bad_input += 1;
        handshakeDone();
        socket.end(SOCKS4_REJECTED);
        socket.resume();
      } else if (full) {
        handshakeDone();
        writeRawAnswer(socket, overCapacity(limits.maxConnections));
      } else {
        handshakeDone();
        httpConnection.call(server, socket);
        socket.resume();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port ?? DEFAULT_PROXY_PORT, exclusive: true }, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  const bound = server.address() as AddressInfo;
  const urlHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;

  return {
    host: bound.address,
    port: bound.port,
    url: `http://${urlHost}:${bound.port}`,
    counters: () => tracker.snapshot(),
    connections: () => tracker.open(),
    closeWhere: (predicate, reason = 'closed by the agent') =>
      tracker.closeWhere(predicate, reason),
    reconsider: (route = options.route, reason = 'closed: its egress changed') =>
      tracker.closeWhere(egressChanged(route), reason),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      tracker.closeWhere(() => true, 'the local proxy stopped');
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
