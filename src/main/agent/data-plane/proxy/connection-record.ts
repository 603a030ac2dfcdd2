import type { Destination, RouteLabel, Upstream } from '../route.js';

/** Which front of the listener a connection came in on. */
export type ProxyFront = 'socks5' | 'http-connect' | 'http-forward';

export type ConnectionOutcome = 'ok' | 'refused' | 'failed';

/**
 * One connection that ended (a SOCKS5 or CONNECT tunnel, or one absolute-URI request): what the
 * connection log keeps. Nothing in it is secret: the label's gateway is a display form.
 */
export interface ConnectionRecord {
  /** Increasing per listener; a request on a keep-alive client connection gets its own. */
  id: number;
  started_at: string;
  front: ProxyFront;
  destination: Destination;
  scope: string | null;
  /** What decided; null only when the decision itself threw (the connection is refused). */
  label: RouteLabel | null;
  outcome: ConnectionOutcome;
  /** Why it was refused or failed, or why the proxy closed it (idle, egress changed, shutdown). */
  reason?: string;
  /** True when the rule's declared fallback was tried because the primary gateway failed. */
  used_fallback: boolean;
  /** Bytes from the client to the destination, and back (payload: no proxy handshakes). */
  bytes_up: number;
  bytes_down: number;
  duration_ms: number;
}

/** A connection in progress, as `connections()` and `closeWhere` see it. */
export interface OpenConnection {
  id: number;
  started_at: string;
  front: ProxyFront;
  destination: Destination;
  scope: string | null;
  /** Null until decided. */
  label: RouteLabel | null;
  /** What carries it; null while deciding or dialling. */
  upstream: Upstream | null;
  used_fallback: boolean;
  bytes_up: number;
  bytes_down: number;
}
