import * as z from 'zod';
import {
  Ipv4Address,
  Ipv6Cidr,
  MultiLineText,
  PlainText,
  ResourceId,
  Timestamp,
} from './common.js';

/** `rule_settings.egress` as written by clients. */
export const EgressSettings = z
  .strictObject({
    ipv4: Ipv4Address.describe('One of the account’s dedicated egress IPv4 addresses.'),
    ipv6: Ipv6Cidr.optional().describe('The IPv6 range to egress with (CIDR).'),
    ipv4_fallback: Ipv4Address.optional().describe(
      'Used when the primary’s data center is down: another account IP in a different data ' +
        'center, or "0.0.0.0" for the shared default egress. Absent: no fallback.',
    ),
  })
  .meta({ id: 'EgressSettings' });
export type EgressSettings = z.infer<typeof EgressSettings>;

/** Only `egress` applies to egress policies; `null`/absent means the shared default egress. */
export const RuleSettings = z
  .strictObject({ egress: EgressSettings.nullable().optional() })
  .meta({ id: 'RuleSettings' });
export type RuleSettings = z.infer<typeof RuleSettings>;

const Expression = MultiLineText.max(4096, 'expressions are limited to 4096 characters');

/**
 * Create body (and PUT's full replacement). `action` and `filters` are checked by the server
 * before this schema so that a non-egress rule gets one clear "egress policies only" error.
 * The read-only fields of a rule are tolerated (and ignored) so a rule read with GET can be
 * sent back with PUT; any other unknown field is refused, because a misspelt `traffic` would
 * otherwise silently make a catch-all rule.
 */
export const GatewayRuleCreate = z
  .strictObject({
    name: PlainText.trim().min(1, 'a rule needs a name').max(256),
    description: MultiLineText.max(1024).optional(),
    precedence: z
      .int()
      .min(0)
      .max(2_147_483_647)
      .optional()
      .describe('Unique; lower runs first. Absent: placed last (max + 1..100, from 1000).'),
    enabled: z.boolean().optional().describe('Default true.'),
    action: z.literal('egress'),
    filters: z
      .tuple([z.literal('egress')])
      .optional()
      .describe('Default ["egress"].'),
    traffic: Expression.optional(),
    identity: Expression.optional(),
    device_posture: Expression.optional(),
    rule_settings: RuleSettings.nullable().optional(),
    id: z.unknown().optional().describe('Ignored (read-only).'),
    version: z.unknown().optional().describe('Ignored (read-only).'),
    created_at: z.unknown().optional().describe('Ignored (read-only).'),
    updated_at: z.unknown().optional().describe('Ignored (read-only).'),
    deleted_at: z.unknown().optional().describe('Ignored (read-only).'),
  })
  .meta({ id: 'GatewayRuleCreate' });
export type GatewayRuleCreate = z.infer<typeof GatewayRuleCreate>;

/** PUT replaces the rule: same shape and rules as create. */
export const GatewayRuleUpdate = GatewayRuleCreate.meta({ id: 'GatewayRuleUpdate' });
export type GatewayRuleUpdate = GatewayRuleCreate;

/** The egress settings as stored and returned. */
export const EgressSettingsResult = z.object({
  ipv4: z.string(),
  ipv6: z.string().optional(),
  ipv4_fallback: z.string().optional(),
});

/** `gateway/rules` resource (egress policies only). */
export const GatewayRule = z
  .object({
    id: ResourceId,
    name: z.string(),
    description: z.string(),
    precedence: z.int(),
    enabled: z.boolean(),
    action: z.literal('egress'),
    filters: z.array(z.string()),
    traffic: z.string(),
    identity: z.string(),
    device_posture: z.string(),
    rule_settings: z.object({ egress: EgressSettingsResult.nullable().optional() }),
    version: z.int(),
    created_at: Timestamp,
    updated_at: Timestamp,
    deleted_at: Timestamp.nullable(),
  })
  .meta({ id: 'GatewayRule' });
export type GatewayRule = z.infer<typeof GatewayRule>;

/** The action (and only filter) this control plane evaluates. */
export const EGRESS_ACTION = 'egress';
/** `ipv4_fallback` value meaning "Cloudflare's shared default egress". */
export const SHARED_EGRESS_FALLBACK = '0.0.0.0';
