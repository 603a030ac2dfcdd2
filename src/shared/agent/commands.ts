import * as z from 'zod';
import { Ipv4Address, Location, PlainText } from '../api/common.js';
import { ResolveContextInput, ResolveResult } from '../api/resolve.js';
import { ConnectionEntry, ConnectionsQuery } from './connections.js';
import { HistoryEntry, SwitchOrigin } from './history.js';
import { OpenScopeRequest, ScopeClosed, ScopeLease, ScopeRequest } from './scopes.js';
import {
  AgentLocation,
  AgentSettings,
  AgentSnapshot,
  EgressSnapshot,
  Verification,
  VnetEntry,
} from './state.js';

/**
 * The agent contract: every command a front can send, with its request and response schemas.
 * Transports (the LocalAPI over HTTP, Electron IPC, the browser dev bridge) are generic over
 * this table, so a command exists once and is validated the same way everywhere.
 */

export const SwitchRequest = z.strictObject({
  /** A vnet id, or a name (exact first, then case-insensitive). */
  vnet: PlainText.trim().min(1, 'name the virtual network to switch to').max(256),
  /** Check with `/cdn-cgi/trace` after switching (default: the user's setting). */
  verify: z.boolean().optional(),
  origin: SwitchOrigin.optional(),
});
export type SwitchRequest = z.infer<typeof SwitchRequest>;

export const SwitchResult = z.object({
  egress: EgressSnapshot,
  verification: Verification.nullable(),
  duration_ms: z.number().nonnegative(),
});
export type SwitchResult = z.infer<typeof SwitchResult>;

/** "Where would this destination egress, and why?" for this device (optionally another vnet). */
export const WhatIfRequest = z.strictObject({
  destination: ResolveContextInput.shape.destination.unwrap(),
  vnet_id: PlainText.optional(),
});
export type WhatIfRequest = z.infer<typeof WhatIfRequest>;

export const HistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** A location by data center, by point, by free text (city, country or IATA), or back to auto. */
export const LocationRequest = z.union([
  Location,
  z.strictObject({ query: PlainText.trim().min(1).max(100) }),
  z.strictObject({ auto: z.literal(true) }),
]);
export type LocationRequest = z.infer<typeof LocationRequest>;

export const FavouriteRequest = z.strictObject({
  vnet: PlainText.trim().min(1).max(256),
  favourite: z.boolean(),
});
export type FavouriteRequest = z.infer<typeof FavouriteRequest>;

export const SettingsPatch = z.strictObject({
  control_api: z
    .union([
      z.strictObject({ mode: z.literal('local_simulator') }),
      z.strictObject({
        mode: z.literal('remote'),
        url: PlainText.pipe(z.url({ protocol: /^https?$/ })),
        /** An admin token (the agent enrols a device) or a device token. */
        token: PlainText.min(1).max(4096),
      }),
      z.strictObject({
        /** The real Cloudflare One (WARP) client, with the account's policies read from its API. */
        mode: z.literal('cloudflare_warp'),
        account_id: PlainText.trim().min(1, 'give the Cloudflare account id').max(64),
        /** A Cloudflare API token (Zero Trust Read; Cloudflare One Networks or Tunnel Read). */
        token: PlainText.min(1).max(4096),
        /** Default https://api.cloudflare.com/client/v4. */
        api_url: PlainText.pipe(z.url({ protocol: /^https?$/ })).optional(),
        /** Default: found on PATH and at the installers' paths. */
        warp_cli: PlainText.min(1).max(4096).optional(),
        /** Default: https://cloudflare.com/cdn-cgi/trace, then https://ipv4.icanhazip.com. */
        verify_url: PlainText.pipe(z.url({ protocol: /^https?$/ })).optional(),
        /** How often rules and vnets are read again (Cloudflare has no event stream). */
        refresh_interval_s: z.int().min(5).max(3600).optional(),
      }),
    ])
    .optional(),
  user_email: z.email().optional(),
  notifications: z.boolean().optional(),
  start_at_login: z.boolean().optional(),
  verify_after_switch: z.boolean().optional(),
  /** The local proxy moves to this port at once (0: any free port). */
  proxy_port: z.int().min(0).max(65535).optional(),
  keep_connections_on_switch: z.boolean().optional(),
  /** null: back to the control API's `/cdn-cgi/trace`. */
  verify_url: PlainText.max(2048)
    .pipe(z.url({ protocol: /^https?$/ }))
    .nullable()
    .optional(),
  /**
   * Cloudflare WARP: where one of the account's dedicated egress IPs is (no Cloudflare API says):
   * a data center (IATA) or a city the catalog knows; null forgets the label.
   */
  egress_ip_label: z
    .strictObject({
      ipv4: Ipv4Address,
      location: PlainText.trim().min(1).max(100).nullable(),
    })
    .optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

const Empty = z.strictObject({});

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface CommandSpec<Req extends z.ZodType, Res extends z.ZodType> {
  method: HttpMethod;
  path: string;
  request: Req;
  response: Res;
  summary: string;
}

function command<Req extends z.ZodType, Res extends z.ZodType>(
  spec: CommandSpec<Req, Res>,
): CommandSpec<Req, Res> {
  return spec;
}

export const agentCommands = {
  getState: command({
    method: 'GET',
    path: '/v1/state',
    request: Empty,
    response: AgentSnapshot,
    summary: 'The current snapshot.',
  }),
  refresh: command({
    method: 'POST',
    path: '/v1/refresh',
    request: Empty,
    response: AgentSnapshot,
    summary: 'Re-read vnets and re-resolve now; retries at once when offline.',
  }),
  measureLatency: command({
    method: 'POST',
    path: '/v1/latency',
    request: Empty,
    response: z.array(VnetEntry),
    summary:
      "Measure every gateway's connect round trip against a direct one now (one probe per " +
      'gateway; a round already running is joined); answers the vnets with their latency.',
  }),
  switchVnet: command({
    method: 'POST',
    path: '/v1/switch',
    request: SwitchRequest,
    response: SwitchResult,
    summary: 'Attach to a vnet and wait for the resulting egress.',
  }),
  verify: command({
    method: 'POST',
    path: '/v1/verify',
    request: Empty,
    response: Verification,
    summary: 'Compare the resolved egress with what a destination sees.',
  }),
  whatIf: command({
    method: 'POST',
    path: '/v1/resolve',
    request: WhatIfRequest,
    response: ResolveResult,
    summary: 'Resolve a destination for this device, with the per-rule trace.',
  }),
  getHistory: command({
    method: 'GET',
    path: '/v1/history',
    request: HistoryQuery,
    response: z.array(HistoryEntry),
    summary: 'Switch history, newest first.',
  }),
  getConnections: command({
    method: 'GET',
    path: '/v1/connections',
    request: ConnectionsQuery,
    response: z.array(ConnectionEntry),
    summary: "The local proxy's connection log (the last 500 connections), newest first.",
  }),
  openScope: command({
    method: 'POST',
    path: '/v1/scopes',
    request: OpenScopeRequest,
    response: ScopeLease,
    summary:
      'Open a loopback listener whose connections egress as one vnet (the device stays ' +
      'attached where it is); it lives until closed or its lease runs out.',
  }),
  renewScope: command({
    method: 'POST',
    path: '/v1/scopes/renew',
    request: ScopeRequest,
    response: ScopeLease,
    summary: "Extend a scope's lease by its length; not_found once it has expired.",
  }),
  closeScope: command({
    method: 'POST',
    path: '/v1/scopes/close',
    request: ScopeRequest,
    response: ScopeClosed,
    summary: "Close a scope's listener and its connections now.",
  }),
  setLocation: command({
    method: 'PUT',
    path: '/v1/location',
    request: LocationRequest,
    response: AgentLocation,
    summary: 'Set where the user physically is.',
  }),
  setFavourite: command({
    method: 'PUT',
    path: '/v1/favourites',
    request: FavouriteRequest,
    response: z.array(z.string()),
    summary: 'Pin or unpin a vnet; answers the favourites in order.',
  }),
  updateSettings: command({
    method: 'PATCH',
    path: '/v1/settings',
    request: SettingsPatch,
    response: AgentSettings,
    summary: 'Change preferences or the control API the agent uses.',
  }),
} as const;

export type AgentCommands = typeof agentCommands;
export type AgentCommandName = keyof AgentCommands;
export type CommandRequest<N extends AgentCommandName> = z.input<AgentCommands[N]['request']>;
export type CommandResponse<N extends AgentCommandName> = z.infer<AgentCommands[N]['response']>;

/** Server-sent event names on `GET /v1/events` (and the matching IPC push channel). */
export const AGENT_EVENTS_PATH = '/v1/events';
export const AGENT_STATE_EVENT = 'state';
/**
 * One `ConnectionEntry` per connection the local proxy finished, on
 * `GET /v1/events?connections=true` only: a busy proxy would otherwise flood every front that
 * only wants snapshots.
 */
export const AGENT_CONNECTION_EVENT = 'connection';
/** Transport liveness (`{"status":"ok","pid":N}`); not a command, so not in `agentCommands`. */
export const AGENT_HEALTH_PATH = '/v1/health';

/** What a front calls; implemented by the agent core itself and by every transport's client. */
export type AgentApi = {
  [N in AgentCommandName]: (request: CommandRequest<N>) => Promise<CommandResponse<N>>;
} & {
  /** Calls `listener` with the current snapshot, then with every new one; returns unsubscribe. */
  subscribe(listener: (snapshot: AgentSnapshot) => void): () => void;
  /**
   * Calls `listener` with every connection the local proxy finishes; returns unsubscribe. The
   * agent core and the LocalAPI provide it; a transport without it has no connection feed.
   */
  subscribeConnections?(listener: (entry: ConnectionEntry) => void): () => void;
};
