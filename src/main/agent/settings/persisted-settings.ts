import * as z from 'zod';
import {
  AgentLocation,
  ControlApiMode,
  EgressSnapshot,
  HistoryEntry,
  Verification,
} from '../../../shared/agent/index.js';

/** Switch history kept on disk, newest first; older entries drop off. */
export const MAX_HISTORY = 500;
/** Recently used vnets remembered (for `last_used_at` and the recents list). */
export const MAX_RECENTS = 20;
/** The user the agent enrols when nobody said otherwise (a demo user of the local simulator). */
export const DEFAULT_USER_EMAIL = 'qa@example.com';
/** WARP's proxy-mode port: tools already configured for WARP's local proxy just work. */
export const DEFAULT_PROXY_PORT = 40000;

/** A vnet as last seen on the server, so the menu still lists them while offline. */
export const KnownVnet = z.object({
  id: z.string(),
  name: z.string(),
  comment: z.string(),
  is_default: z.boolean(),
});
export type KnownVnet = z.infer<typeof KnownVnet>;

export const RecentUse = z.object({ vnet_id: z.string(), at: z.string() });
export type RecentUse = z.infer<typeof RecentUse>;

export const Preferences = z.object({
  user_email: z.string().default(DEFAULT_USER_EMAIL),
  notifications: z.boolean().default(true),
  start_at_login: z.boolean().default(false),
  verify_after_switch: z.boolean().default(false),
  proxy_port: z.int().min(0).max(65535).default(DEFAULT_PROXY_PORT),
  keep_connections_on_switch: z.boolean().default(false),
  /** null: the control API's `/cdn-cgi/trace`. */
  verify_url: z.string().nullable().default(null),
});
export type Preferences = z.infer<typeof Preferences>;

/**
 * Everything the agent persists except secrets. Every field has a default, so a file written by
 * an older version (missing fields) still loads; a file that contradicts this schema is corrupt.
 */
export const PersistedSettings = z.object({
  schema_version: z.literal(1).default(1),
  control_api: z
    .object({ mode: ControlApiMode, url: z.string().nullable() })
    .default({ mode: 'local_simulator', url: null }),
  account_id: z.string().nullable().default(null),
  device: z
    .object({ id: z.string(), name: z.string(), user_email: z.string() })
    .nullable()
    .default(null),
  attached_vnet_id: z.string().nullable().default(null),
  /** Null: not chosen yet, guessed from the time zone at start. */
  location: AgentLocation.nullable().default(null),
  favourites: z.array(z.string()).default([]),
  /** Most recent first. */
  recents: z.array(RecentUse).default([]),
  /** The last resolved egress of the attached vnet; `stale` is recomputed at load. */
  last_egress: EgressSnapshot.nullable().default(null),
  last_verification: Verification.nullable().default(null),
  /** Newest first, at most MAX_HISTORY. */
  history: z.array(HistoryEntry).default([]),
  known_vnets: z.array(KnownVnet).default([]),
  /** The Cloudflare WARP backend's choices (its token is in the SecretStore); null: never set. */
  warp: z
    .object({
      warp_cli: z.string().nullable(),
      verify_url: z.string().nullable(),
      refresh_interval_s: z.int().min(5).max(3600),
    })
    .nullable()
    .default(null),
  preferences: Preferences.default(Preferences.parse({})),
});
export type PersistedSettings = z.infer<typeof PersistedSettings>;

export function defaultSettings(): PersistedSettings {
  return PersistedSettings.parse({});
}
