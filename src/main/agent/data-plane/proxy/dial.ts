import type { Socket } from 'node:net';
import type { Destination, RouteDecision, RouteLabel, Upstream } from '../route.js';
import { formatDestination } from './destination.js';
import { DialError } from './dial-error.js';
import { dialHttpConnect } from './dial-http-connect.js';
import { dialSocks5 } from './dial-socks5.js';
import { connectTcp } from './dial-tcp.js';

/**
 * `tunnel`: a byte stream to the destination (CONNECT, SOCKS, or HTTP spoken over it).
 * `forward`: for an HTTP gateway, a connection to the gateway itself, to which an absolute-URI
 * request is sent (proxies such as Squid refuse CONNECT to port 80 by default); else a tunnel.
 */
export type DialMode = 'tunnel' | 'forward';

export interface Dialled {
  socket: Socket;
  upstream: Upstream;
  label: RouteLabel;
  usedFallback: boolean;
  /** True when `socket` is connected to an HTTP gateway that expects absolute-URI requests. */
  viaHttpGateway: boolean;
  /** Why the primary gateway was passed over, when the fallback carried the connection. */
  fallbackReason?: string;
}

export function describeUpstream(upstream: Upstream): string {
  if (upstream.kind === 'direct') {
    return upstream.localAddress !== undefined ? `source ${upstream.localAddress}` : 'direct';
  }
  return `${upstream.kind}://${upstream.host}:${upstream.port}`;
}

async function dialOnce(
  upstream: Upstream,
  destination: Destination,
  mode: DialMode,
  deadline: number,
): Promise<Socket> {
  switch (upstream.kind) {
    case 'direct':
      return connectTcp(
        {
          host: destination.ip ?? destination.host,
          port: destination.port,
          ...(upstream.localAddress !== undefined ? { localAddress: upstream.localAddress } : {}),
        },
        'destination',
        deadline,
        `${formatDestination(destination)} from ${describeUpstream(upstream)}`,
      );
    case 'socks5':
      return dialSocks5(upstream, destination, deadline);
    case 'http':
      if (mode === 'forward') {
        return connectTcp(
          upstream,
          'gateway',
          deadline,
          `HTTP gateway ${upstream.host}:${upstream.port}`,
        );
      }
      return dialHttpConnect(upstream, destination, deadline);
  }
}

/**
 * Dials what an accepted decision names; when the gateway itself fails at dial time and the rule
 * declares a fallback, tries that once (never an undeclared one). Rejects with a DialError.
 */
export async function dialDecision(
  decision: Extract<RouteDecision, { ok: true }>,
  destination: Destination,
  mode: DialMode,
  timeoutMs: number,
): Promise<Dialled> {
  const deadline = Date.now() + timeoutMs;
  const viaHttp = (upstream: Upstream) => mode === 'forward' && upstream.kind === 'http';
  try {
    const socket = await dialOnce(decision.upstream, destination, mode, deadline);
    return {
      socket,
      upstream: decision.upstream,
      label: decision.label,
      usedFallback: false,
      viaHttpGateway: viaHttp(decision.upstream),
    };
  } catch (error) {
    const fallback = decision.fallback;
    if (!(error instanceof DialError) || error.stage !== 'gateway' || fallback === undefined)
      throw error;
    // The fallback gets a full budget of its own: the primary may have used all of it timing out.
    const fallbackDeadline = Date.now() + timeoutMs;
    try {
      const socket = await dialOnce(fallback.upstream, destination, mode, fallbackDeadline);
      return {
        socket,
        upstream: fallback.upstream,
        label: fallback.label,
        usedFallback: true,
        viaHttpGateway: viaHttp(fallback.upstream),
        fallbackReason: error.message,
      };
    } catch (fallbackError) {
      if (!(fallbackError instanceof DialError)) throw fallbackError;
      const both = new DialError(
        fallbackError.kind,
        fallbackError.stage,
        `${error.message}; the rule's fallback failed too: ${fallbackError.message}`,
      );
      both.triedFallback = true;
      throw both;
    }
  }
}
