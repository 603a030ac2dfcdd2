import type { Socket } from 'node:net';
import { dialHttpConnect } from '../proxy/dial-http-connect.js';
import { dialSocks5 } from '../proxy/dial-socks5.js';
import { connectTcp } from '../proxy/dial-tcp.js';
import type { Upstream } from '../route.js';
import type { ProbeTarget } from './probe-target.js';

/** The clock probes read: monotonic, in milliseconds (injectable for tests of the arithmetic). */
export type MonotonicClock = () => number;
export const monotonicMs: MonotonicClock = () => performance.now();

/**
 * The time to a usable byte stream to `target` the way a connection through `upstream` gets
 * one: a direct TCP connect (from a bound source address for a source_address gateway), or the
 * gateway's TCP connect plus its handshake up to its CONNECT reply (SOCKS5 greeting and
 * CONNECT; HTTP CONNECT's status line) — that is, including the gateway's own connect to the
 * target. Nothing is sent through the tunnel; it is closed at once. Rejects with the dial error.
 */
export async function timeConnect(
  upstream: Upstream,
  target: ProbeTarget,
  timeoutMs: number,
  clock: MonotonicClock = monotonicMs,
): Promise<number> {
  const destination = { host: target.host, port: target.port, protocol: 'tcp' as const };
  const started = clock();
  const deadline = Date.now() + timeoutMs;
  let socket: Socket;
  switch (upstream.kind) {
    case 'direct':
      socket = await connectTcp(
        {
          ...target,
          ...(upstream.localAddress !== undefined ? { localAddress: upstream.localAddress } : {}),
        },
        'destination',
        deadline,
        `latency probe ${target.host}:${target.port}`,
      );
      break;
    case 'socks5':
      socket = await dialSocks5(upstream, destination, deadline);
      break;
    case 'http':
      socket = await dialHttpConnect(upstream, destination, deadline);
      break;
  }
  const elapsed = clock() - started;
  socket.destroy();
  return elapsed;
}
