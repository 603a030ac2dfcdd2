import * as z from 'zod';
import { PlainText, Timestamp } from '../api/common.js';

/**
 * Scoped listeners (`egressctl exec --vnet`): a second loopback proxy listener whose every
 * connection egresses as one vnet, while the device stays attached where it is. A scope lives
 * on a lease: the opener renews it while it needs it, and the agent closes the listener when
 * the lease runs out, so an opener that dies (kill -9) leaks nothing for longer than a lease.
 */

/** Default lease: short enough that a crashed opener's listener goes soon after. */
export const DEFAULT_SCOPE_LEASE_MS = 15_000;

export const OpenScopeRequest = z.strictObject({
  /** A vnet id, or a name (exact first, then case-insensitive, then a unique part). */
  vnet: PlainText.trim().min(1, 'name the virtual network to egress as').max(256),
  /** How long the scope lives without a renewal. Default 15 s. */
  lease_ms: z.int().min(200).max(600_000).optional(),
});
export type OpenScopeRequest = z.infer<typeof OpenScopeRequest>;

export const ScopeRequest = z.strictObject({
  scope_id: PlainText.trim().min(1).max(64),
});
export type ScopeRequest = z.infer<typeof ScopeRequest>;

export const ScopeLease = z.object({
  scope_id: z.string(),
  vnet: z.object({ id: z.string(), name: z.string() }),
  proxy: z
    .object({ host: z.string(), port: z.int(), url: z.string() })
    .describe('The scoped listener: HTTP proxy and SOCKS5 on one loopback port.'),
  lease_ms: z.int(),
  expires_at: Timestamp.describe('When the agent closes the listener unless renewed.'),
});
export type ScopeLease = z.infer<typeof ScopeLease>;

export const ScopeClosed = z.object({
  scope_id: z.string(),
  closed: z.boolean().describe('False: there was no such scope (already closed or expired).'),
});
export type ScopeClosed = z.infer<typeof ScopeClosed>;
