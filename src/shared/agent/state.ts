import * as z from 'zod';
import { Timestamp } from '../api/common.js';
import { Resolution } from '../api/resolve.js';
import { ProxyState } from './connections.js';

/**
 * The agent's state as every front sees it (Electron window, tray, CLI, browser bridge): one
 * snapshot first, then a new snapshot on every change. Snapshots are small (tens of vnets), so
 * pushing them whole keeps fronts free of merge logic.
 */

export const AgentStatus = z.enum(['starting', 'connected', 'switching', 'offline', 'error']);
export type AgentStatus = z.infer<typeof AgentStatus>;

/** Where the user physically is; drives "nearest location" balancing on the server. */
export const AgentLocation = z.object({
  colo: z.string().nullable(),
  city: z.string(),
  country: z.string(),
  lat: z.number(),
  lon: z.number(),
  /** `time_zone`: guessed at first start; `user`: chosen by the user. */
  source: z.enum(['time_zone', 'user']),
});
export type AgentLocation = z.infer<typeof AgentLocation>;

/** The egress the attached vnet gives, as last resolved: the control API's resolution, placed. */
export const EgressSnapshot = z.object({
  vnet_id: z.string(),
  vnet_name: z.string(),
  ...Resolution.shape,
  resolved_at: Timestamp,
  /** True while the control API is unreachable: this is the last known answer, not a fresh one. */
  stale: z.boolean(),
});
export type EgressSnapshot = z.infer<typeof EgressSnapshot>;

/** An independent check: what a destination sees (`/cdn-cgi/trace`) against what was resolved. */
export const Verification = z.object({
  status: z.enum(['match', 'mismatch', 'error']),
  checked_at: Timestamp,
  vnet_id: z.string(),
  expected: z.object({
    ipv4: z.string().nullable(),
    colo: z.string().nullable(),
    country: z.string().nullable(),
  }),
  observed: z
    .object({ ip: z.string(), colo: z.string(), loc: z.string(), vnet: z.string().nullable() })
    .nullable(),
  /** One sentence for people: what matched, or what differed, or why the check failed. */
  message: z.string(),
  /** Where the observation came from: the URL fetched, through the local proxy at `proxy`. */
  via: z.object({ url: z.string(), proxy: z.string() }).optional(),
});
export type Verification = z.infer<typeof Verification>;

/** Where a vnet would egress for this device, without switching to it. */
export const VnetPreview = Resolution.pick({ egress: true, decided_by: true, fallback: true });
export type VnetPreview = z.infer<typeof VnetPreview>;

/**
 * A vnet's measured latency from this device, to one probe target (the control API's address by
 * default): `gateway_rtt_ms` is the time to a usable tunnel through its egress gateway — TCP
 * connect to the gateway, its handshake and its CONNECT reply (the gateway's own connect to the
 * target included); for a source_address gateway, a TCP connect bound to that address.
 * `direct_rtt_ms` is a direct TCP connect to the same target. Each is the best of a few samples.
 */
export const VnetLatency = z.object({
  /** Gateway round trip minus direct round trip, in ms; 0 for the shared egress (it is direct); null when either could not be measured. */
  added_ms: z.number().nullable(),
  gateway_rtt_ms: z.number().nonnegative().nullable(),
  /** The direct connect's round trip, in ms; null when it could not be measured. */
  direct_rtt_ms: z.number().nonnegative().nullable().optional(),
  /** When the gateway's probe ended; null: it was not probed (no gateway, marked down, no egress). */
  measured_at: Timestamp.nullable(),
  /** Why `added_ms` is null: the probe's failure, no gateway, marked down, no egress. */
  error: z.string().nullable().optional(),
  /** The probe target, `host:port`. */
  target: z.string().optional(),
});
export type VnetLatency = z.infer<typeof VnetLatency>;

export const VnetEntry = z.object({
  id: z.string(),
  name: z.string(),
  comment: z.string(),
  is_default: z.boolean(),
  attached: z.boolean(),
  favourite: z.boolean(),
  last_used_at: Timestamp.nullable(),
  preview: VnetPreview.nullable(),
  /** Its egress gateway's measured cost from this device; null: not measured yet or failed. Absent: this agent does not measure. */
  latency: VnetLatency.nullable().optional(),
  /** Whether its egress gateway answers: the egress IP's status (the control plane's probe) and this device's last latency probe; null: not known or no gateway. Absent: not reported. */
  gateway_up: z.boolean().nullable().optional(),
});
export type VnetEntry = z.infer<typeof VnetEntry>;

export const ControlApiMode = z.enum(['local_simulator', 'remote', 'cloudflare_warp']);
export type ControlApiMode = z.infer<typeof ControlApiMode>;

/** User preferences; the control API token is write-only and never appears here. */
export const AgentSettings = z.object({
  control_api: z.object({
    mode: ControlApiMode,
    url: z.string().nullable(),
    has_token: z.boolean(),
  }),
  user_email: z.string(),
  notifications: z.boolean(),
  start_at_login: z.boolean(),
  verify_after_switch: z.boolean(),
  /** The local proxy's port on 127.0.0.1 (0: any free port). */
  proxy_port: z.int().min(0).max(65535),
  /** Keep open proxy connections on a switch or config change (default: close those that move). */
  keep_connections_on_switch: z.boolean(),
  /** What verify fetches through the proxy; null: the control API's `/cdn-cgi/trace`. */
  verify_url: z.string().nullable(),
});
export type AgentSettings = z.infer<typeof AgentSettings>;

export const AgentSnapshot = z.object({
  /** Bumped on every change; a front drops a snapshot older than the one it shows. */
  seq: z.int().nonnegative(),
  status: AgentStatus,
  /** Present exactly when `status` is `starting`. */
  starting: z.object({ message: z.string() }).optional(),
  /** Present exactly when `status` is `switching`. */
  switching: z
    .object({ vnet_id: z.string(), vnet_name: z.string(), started_at: Timestamp })
    .optional(),
  /** Present exactly when `status` is `offline`. */
  offline: z
    .object({
      since: Timestamp,
      last_error: z.string(),
      attempt: z.int().nonnegative(),
      next_retry_at: Timestamp.nullable(),
    })
    .optional(),
  /** Present exactly when `status` is `error`: something only the user can fix (e.g. a revoked token). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  control_api: z.object({
    mode: ControlApiMode,
    url: z.string().nullable(),
    account_id: z.string().nullable(),
  }),
  device: z.object({ id: z.string(), name: z.string(), user_email: z.string() }).nullable(),
  attached_vnet_id: z.string().nullable(),
  location: AgentLocation,
  egress: EgressSnapshot.nullable(),
  /** Default first, then by name: stable for scripts and for keyboard users. */
  vnets: z.array(VnetEntry),
  /** Vnet ids, in the order the user pinned them. */
  favourites: z.array(z.string()),
  /** Vnet ids, most recent first, attached vnet excluded. */
  recents: z.array(z.string()),
  verification: Verification.nullable(),
  settings: AgentSettings,
  /** The local proxy (HTTP and SOCKS5 on one loopback port). */
  proxy: ProxyState,
});
export type AgentSnapshot = z.infer<typeof AgentSnapshot>;
