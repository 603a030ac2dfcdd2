/**
 * The seam between the local proxy (protocol fronts, dialling, limits: `proxy/`) and the agent
 * (which decides, per connection, where traffic leaves: `decide/`). The proxy knows nothing of
 * rules or vnets; the agent knows nothing of SOCKS or CONNECT. Both sides import only this file.
 */

/** Where a client asked to go, as far as the proxy can tell from the handshake. */
export interface Destination {
  /** Host name or IP literal as the client gave it (IPv6 without brackets). */
  host: string;
  port: number;
  /** Set when the client gave an IP literal: the proxy never resolves names itself. */
  ip?: string;
  protocol: 'tcp';
}

/** How a connection physically leaves. Credentials are the gateway's, never shown to users. */
export type Upstream =
  /** Dial the destination from this machine; `localAddress` binds the source (a source_address gateway). */
  | { kind: 'direct'; localAddress?: string }
  /** A SOCKS5 gateway (hostnames resolved there) or an HTTP proxy used with CONNECT. */
  | {
      kind: 'socks5' | 'http';
      host: string;
      port: number;
      username?: string;
      password?: string;
    };

/** What the connection log and the fronts show about a decision: safe to print. */
export interface RouteLabel {
  vnet_id: string | null;
  vnet_name: string | null;
  /** The rule that decided, or null for "nearest location" / no rule. */
  rule: { id: string; name: string; precedence: number } | null;
  /** The egress IPv4 the destination should see, or null when shared/unavailable. */
  egress_ipv4: string | null;
  egress_kind: 'dedicated' | 'shared' | 'unavailable';
  /** A display form of the gateway: `socks5://user:***@host:port`, `source 127.0.0.11`, `direct`. */
  gateway: string | null;
  config_version: number;
  /**
   * Rule-language fields a rule reads that the proxy cannot know for this connection (e.g.
   * `net.dst.geo.country` for a host name): absent, so a condition on one is false (`!=` true).
   * Set only when some rule reads one; the decision holds under those semantics.
   */
  unknown_fields?: readonly string[];
}

export type RouteDecision =
  | {
      ok: true;
      upstream: Upstream;
      /**
       * The rule's declared fallback, tried once when dialling `upstream` fails at connect time.
       * Absent when the rule declares none: never an undeclared one.
       */
      fallback?: { upstream: Upstream; label: RouteLabel };
      label: RouteLabel;
    }
  | {
      ok: false;
      /** One sentence for people: why this connection is refused (fail closed). */
      reason: string;
      label: RouteLabel;
    };

/**
 * Decides one connection. Synchronous and local: the compiled device config is in memory, so
 * there is no network round trip per connection. `scope` is a per-listener tag (e.g. an
 * `egressctl exec --vnet` listener that egresses as another vnet); null for the main listener.
 */
export type RouteConnection = (destination: Destination, scope: string | null) => RouteDecision;
