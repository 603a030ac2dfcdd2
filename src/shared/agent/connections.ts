import * as z from 'zod';
import { PlainText, Timestamp } from '../api/common.js';

/**
 * The local proxy's connection log as fronts see it: one entry per connection that ended (a
 * SOCKS5 or CONNECT tunnel, or one absolute-URI request), newest first. Nothing in it is
 * secret: a gateway appears in its display form, the password masked.
 */

export const ConnectionDestination = z.object({
  host: z.string().describe('Host name or IP literal as the client gave it.'),
  port: z.int(),
  ip: z.string().optional().describe('Set when the client gave an IP literal.'),
  protocol: z.literal('tcp'),
});

export const ConnectionRoute = z.object({
  vnet_id: z.string().nullable(),
  vnet_name: z.string().nullable(),
  rule: z.object({ id: z.string(), name: z.string(), precedence: z.number() }).nullable(),
  egress_ipv4: z
    .string()
    .nullable()
    .describe('What the destination should see; null when shared or unavailable.'),
  egress_kind: z.enum(['dedicated', 'shared', 'unavailable']),
  gateway: z
    .string()
    .nullable()
    .describe(
      '`socks5://user:***@host:port`, `http://host:port`, `source 127.0.0.11` or `direct`.',
    ),
  config_version: z.int(),
  unknown_fields: z
    .array(z.string())
    .readonly()
    .optional()
    .describe(
      'Fields a rule reads that the proxy cannot know (e.g. net.dst.geo.country for a host ' +
        'name): absent, so conditions on them are false (!= true).',
    ),
});
export type ConnectionRoute = z.infer<typeof ConnectionRoute>;

export const ConnectionOutcome = z.enum(['ok', 'refused', 'failed']);

export const ConnectionEntry = z.object({
  id: z.int().describe('Increasing per listener.'),
  started_at: Timestamp,
  front: z.enum(['socks5', 'http-connect', 'http-forward']),
  destination: ConnectionDestination,
  scope: z
    .string()
    .nullable()
    .describe('The vnet a per-command listener egresses as; null: the main listener.'),
  label: ConnectionRoute.nullable().describe(
    'What decided; null only when deciding itself failed.',
  ),
  outcome: ConnectionOutcome,
  reason: z
    .string()
    .optional()
    .describe('Why it was refused or failed, or why the proxy closed it.'),
  used_fallback: z
    .boolean()
    .describe("The rule's declared fallback was tried after the gateway failed."),
  bytes_up: z.int().nonnegative(),
  bytes_down: z.int().nonnegative(),
  duration_ms: z.number().nonnegative(),
});
export type ConnectionEntry = z.infer<typeof ConnectionEntry>;

/** `GET /v1/connections` filters (query string): all optional, newest first. */
export const ConnectionsQuery = z.strictObject({
  outcome: ConnectionOutcome.optional(),
  host: PlainText.trim().min(1).max(253).optional().describe('Substring of the destination host.'),
  vnet_id: PlainText.min(1).max(256).optional(),
  rule_id: PlainText.min(1).max(256).optional(),
  since_id: z.coerce.number().int().min(0).optional().describe('Only entries with a larger id.'),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type ConnectionsQuery = z.infer<typeof ConnectionsQuery>;

/** The local proxy's listener, in the snapshot. */
export const ProxyState = z.object({
  /** `127.0.0.1:40000` once bound; the address asked for while not. */
  address: z.string().describe('host:port bound, or asked for while not listening.'),
  listening: z.boolean(),
  /** Why it is not listening (port taken, …); null while listening or starting. */
  error: z.string().nullable(),
});
export type ProxyState = z.infer<typeof ProxyState>;
