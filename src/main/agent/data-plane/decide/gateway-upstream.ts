import { type Gateway, maskProxyUrl, parseProxyUrl } from '../../../../shared/api/index.js';
import type { Upstream } from '../route.js';

/** A gateway ready to dial, with the form people may see (the password masked). */
export interface GatewayRoute {
  upstream: Upstream;
  /** `socks5://user:***@host:port`, `http://host:port`, `source 127.0.0.11`, `direct`. */
  display: string;
}

/** The shared egress leaves from the device's own connection. */
export const SHARED_ROUTE: GatewayRoute = Object.freeze({
  upstream: Object.freeze({ kind: 'direct' as const }),
  display: 'direct',
});

/**
 * How an egress IP's gateway dials: a proxy upstream, or a direct dial from a local source
 * address. Null for a `null` gateway (decision only). `{error}` when the proxy URL cannot be
 * used: the control plane validates it, so this only guards against a config the agent cannot
 * read, and fails closed rather than guess.
 */
export function gatewayRoute(gateway: Gateway): GatewayRoute | { error: string } | null {
  if (gateway === null) return null;
  if ('source_address' in gateway) {
    const address = gateway.source_address;
    return { upstream: { kind: 'direct', localAddress: address }, display: `source ${address}` };
  }
  const parsed = parseProxyUrl(gateway.proxy_url);
  if (!parsed.ok) return { error: `its proxy_url cannot be used (${parsed.error})` };
  const { scheme, host, port, username, password } = parsed.value;
  const upstream: Upstream = { kind: scheme, host, port };
  if (username !== undefined) upstream.username = username;
  if (password !== undefined) upstream.password = password;
  return { upstream, display: maskProxyUrl(gateway.proxy_url) };
}
