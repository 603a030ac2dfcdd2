import * as z from 'zod';
import { Email, IpAddress, Location, PlainText, ResourceId } from './common.js';

/** The what-if context of a resolve request. */
export const ResolveContextInput = z
  .strictObject({
    vnet_id: ResourceId.optional().describe('Absent: the default virtual network.'),
    identity: z
      .strictObject({
        email: Email,
        name: PlainText.max(256).optional(),
        groups: z
          .array(PlainText.max(256))
          .max(100)
          .optional()
          .describe('Absent: the groups the server holds for this email.'),
      })
      .optional(),
    device_posture: z.strictObject({ passed: z.array(PlainText.max(256)).max(100) }).optional(),
    source: Location.optional().describe('Where the user physically is.'),
    destination: z
      .strictObject({
        host: PlainText.max(253).optional(),
        ip: IpAddress.optional(),
        port: z.int().min(0).max(65535).optional(),
        protocol: PlainText.max(16).optional(),
        country: z
          .string()
          .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code')
          .toUpperCase()
          .optional(),
      })
      .optional(),
  })
  .meta({ id: 'ResolveContext' });
export type ResolveContextInput = z.infer<typeof ResolveContextInput>;

/**
 * `POST gateway/egress/resolve`. A device token resolves its own device (its vnet, user and
 * location) and may only add `context.destination`; the admin token may name any device and/or
 * pass any context (context fields override the device's).
 */
export const ResolveRequest = z
  .strictObject({
    device_id: ResourceId.optional(),
    context: ResolveContextInput.optional(),
    explain: z.boolean().optional().describe('Add the per-rule trace.'),
    all_vnets: z.boolean().optional().describe('Add a preview for every virtual network.'),
  })
  .meta({ id: 'ResolveRequest' });
export type ResolveRequest = z.infer<typeof ResolveRequest>;

const RuleRef = z.object({ id: z.string(), name: z.string(), precedence: z.number() });

export const ResolvedEgress = z
  .object({
    ipv4: z.string().nullable(),
    ipv6: z.string().nullable(),
    colo: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    kind: z.enum(['dedicated', 'shared', 'unavailable']),
  })
  .meta({ id: 'ResolvedEgress' });
export type ResolvedEgress = z.infer<typeof ResolvedEgress>;

export const DecidedBy = z
  .object({
    type: z.enum(['rule', 'nearest', 'no_dedicated_ips']),
    rule: RuleRef.optional(),
    /**
     * A sentence for people: `rule "Egress London" (precedence 10)`, "nearest dedicated
     * location to you (Amsterdam)".
     */
    summary: z.string(),
    /**
     * Set when a rule this app could not evaluate comes before the decision (a selector it does
     * not know, groups or posture it cannot read): `uncertain: rule "X" uses app.ids`. The answer
     * holds only if that rule does not apply; never silently counted as a match or a miss.
     */
    uncertain: z.string().optional(),
  })
  .meta({ id: 'DecidedBy' });
export type DecidedBy = z.infer<typeof DecidedBy>;

export const FallbackUse = z
  .object({
    used: z.boolean(),
    /** Why the primary was not used, or why nothing could be (for `unavailable`). */
    reason: z.string().optional(),
  })
  .meta({ id: 'FallbackUse' });
export type FallbackUse = z.infer<typeof FallbackUse>;

export const RuleTraceEntry = z
  .object({
    rule: RuleRef,
    outcome: z.enum(['matched', 'no_match', 'disabled', 'not_reached', 'uncertain']),
    /** For `uncertain`: what this app cannot evaluate, e.g. `uses app.ids`. */
    uncertain: z.string().optional(),
    /** For `no_match`: the column and the canonical text of the condition that failed. */
    failed: z
      .object({
        expression: z.enum(['traffic', 'identity', 'device_posture']),
        condition: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'RuleTraceEntry' });
export type RuleTraceEntry = z.infer<typeof RuleTraceEntry>;

/** The egress one virtual network would give the same device. */
export const VnetPreview = z
  .object({
    vnet_id: z.string(),
    name: z.string(),
    is_default_network: z.boolean(),
    egress: ResolvedEgress,
    decided_by: DecidedBy,
    fallback: FallbackUse,
  })
  .meta({ id: 'VnetPreview' });
export type VnetPreview = z.infer<typeof VnetPreview>;

/** The resolver's answer: src/shared/egress returns this type (as `EgressResolution`). */
export const Resolution = z.object({
  egress: ResolvedEgress,
  decided_by: DecidedBy,
  fallback: FallbackUse,
  config_version: z.int(),
  trace: z.array(RuleTraceEntry).optional(),
});
export type Resolution = z.infer<typeof Resolution>;

/**
 * The resolve answer: the resolution for the effective virtual network (`vnet_id`), plus
 * `vnets` when `all_vnets` was asked (default first, then by name).
 */
export const ResolveResult = Resolution.extend({
  vnet_id: z.string().optional(),
  device_id: z.string().optional(),
  vnets: z.array(VnetPreview).optional(),
}).meta({ id: 'ResolveResult' });
export type ResolveResult = z.infer<typeof ResolveResult>;
