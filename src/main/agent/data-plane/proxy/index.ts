/**
 * The agent's local proxy: one loopback listener speaking HTTP proxy (CONNECT and absolute-URI
 * forwarding) and SOCKS5 (no auth, CONNECT; names resolved at the gateway) on the same port.
 *
 * ```ts
 * const proxy = await startLocalProxy({ port: 40000, route, onRecord: (r) => log.add(r) });
 * proxy.url;                // 'http://127.0.0.1:40000' (SOCKS5 clients use the same port)
 * proxy.reconsider();       // after a vnet switch / config change: close connections that move
 * proxy.closeWhere((c) => c.scope === 'vnet-London');
 * proxy.counters();         // live counters
 * await proxy.close();
 * ```
 *
 * Per connection the proxy builds a Destination, calls `route` (synchronous, see ../route.ts) and
 * forwards through what it names: a SOCKS5 gateway, an HTTP CONNECT gateway, or a direct dial
 * (bound to a source address for a source_address gateway). A refusal answers HTTP 502 (text body,
 * `X-Egress-Refused`, `X-Egress-Rule`) or SOCKS5 reply 0x02 and dials nothing. A gateway that fails
 * at dial time is retried once through `decision.fallback`, if the rule declared one.
 * Every connection that ends produces a ConnectionRecord; ConnectionLog keeps the last 500.
 */
export { type ConnectionListener, ConnectionLog, type ConnectionQuery } from './connection-log.js';
export type {
  ConnectionOutcome,
  ConnectionRecord,
  OpenConnection,
  ProxyFront,
} from './connection-record.js';
export type { ProxyCounters } from './connection-tracker.js';
export { DEFAULT_LIMITS, type ProxyLimits } from './limits.js';
export {
  DEFAULT_PROXY_PORT,
  type LocalProxy,
  type LocalProxyOptions,
  startLocalProxy,
} from './local-proxy.js';
export { egressChanged, sameUpstream } from './reconsider.js';
