import ipaddr from 'ipaddr.js';
import * as z from 'zod';
import { ColoCode, Ipv4Address, Ipv6Cidr, PlainText, ResourceId, Timestamp } from './common.js';
import { parseProxyUrl } from './proxy-url.js';

export const EgressIpStatus = z.enum(['healthy', 'down']);
export type EgressIpStatus = z.infer<typeof EgressIpStatus>;

/** `socks5://[user:pass@]host:port` or `http://[user:pass@]host:port` (HTTP means CONNECT). */
export const ProxyUrl = PlainText.max(2048)
  .superRefine((value, context) => {
    const parsed = parseProxyUrl(value);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error });
  })
  .describe('socks5://[user:pass@]host:port or http://[user:pass@]host:port (CONNECT).');

/** A local address of the agent's machine to dial from: one IPv4 (dotted quad) or IPv6 address. */
export const SourceAddress = PlainText.refine(
  (value) =>
    ipaddr.IPv4.isValidFourPartDecimal(value) ||
    (ipaddr.IPv6.isValid(value) && !value.includes('%')),
  { message: 'expected an IPv4 address such as 127.0.0.11 or an IPv6 address' },
).describe('Dial directly from this address of the agent’s machine.');

/**
 * How traffic physically leaves with an egress IP: through a proxy in its data center, from a
 * local source address of the agent's machine, or `null` (decision only: connections resolved
 * to it are refused). On admin reads the proxy password is masked (`user:***@`); the device
 * config carries it in full because the device must dial it.
 */
export const Gateway = z
  .union([z.object({ proxy_url: z.string() }), z.object({ source_address: z.string() })])
  .nullable()
  .meta({ id: 'Gateway' });
export type Gateway = z.infer<typeof Gateway>;

/**
 * The gateway as written. One object with exactly one of the two fields (rather than a union)
 * so that a bad value's error names its field (`body.gateway.proxy_url: …`).
 */
export const GatewayInput = z
  .strictObject({ proxy_url: ProxyUrl.optional(), source_address: SourceAddress.optional() })
  .superRefine((value, context) => {
    const given =
      Number(value.proxy_url !== undefined) + Number(value.source_address !== undefined);
    if (given !== 1) {
      context.addIssue({
        code: 'custom',
        message:
          given === 0
            ? 'give proxy_url or source_address (or null for no gateway)'
            : 'give proxy_url or source_address, not both',
      });
    }
  })
  .nullable()
  .meta({ id: 'GatewayInput' });
export type GatewayInput = z.infer<typeof GatewayInput>;

/** Who set the status: the health probes, or a person (PATCH, or a gateway with nothing to probe). */
export const EgressIpStatusSource = z.enum(['probe', 'manual']);
export type EgressIpStatusSource = z.infer<typeof EgressIpStatusSource>;

/** A status as written: `auto` hands it (back) to the health probes. */
export const EgressIpStatusInput = z
  .enum(['healthy', 'down', 'auto'])
  .describe(
    'healthy or down: a manual status (the QA outage switch) that overrides probing; auto: the ' +
      'probes set it (only for a proxy_url gateway).',
  );
export type EgressIpStatusInput = z.infer<typeof EgressIpStatusInput>;

/** A dedicated egress IP (extension): one IPv4 plus one IPv6 range in one data center. */
export const EgressIp = z
  .object({
    id: ResourceId,
    ipv4: z.string(),
    ipv6: z.string(),
    colo: z.string(),
    city: z.string(),
    country: z.string(),
    status: EgressIpStatus,
    gateway: Gateway.describe('The proxy password is masked: socks5://user:***@host:port.'),
    status_source: EgressIpStatusSource,
    last_probe_at: Timestamp.nullable().describe('null: never probed.'),
    last_probe_error: z
      .string()
      .nullable()
      .describe('Why the last probe failed; null if it passed.'),
    probe_rtt_ms: z
      .number()
      .nullable()
      .describe('Connect plus greeting of the last passing probe, in milliseconds.'),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'EgressIp' });
export type EgressIp = z.infer<typeof EgressIp>;

/** City and country come from the data-center catalog; an unknown colo is refused. */
export const EgressIpCreate = z
  .strictObject({
    ipv4: Ipv4Address,
    ipv6: Ipv6Cidr,
    colo: ColoCode,
    status: EgressIpStatusInput.optional().describe(
      'Absent: auto for a proxy_url gateway (probed, healthy until two probes fail), else healthy.',
    ),
    gateway: GatewayInput.optional().describe('Absent: null (decision only).'),
  })
  .meta({ id: 'EgressIpCreate' });
export type EgressIpCreate = z.infer<typeof EgressIpCreate>;

/** The status and the gateway change in place; moving an IP is delete + create. */
export const EgressIpPatch = z
  .strictObject({
    status: EgressIpStatusInput.optional(),
    gateway: GatewayInput.optional(),
  })
  .refine((patch) => patch.status !== undefined || patch.gateway !== undefined, {
    message: 'give status and/or gateway',
  })
  .meta({ id: 'EgressIpPatch' });
export type EgressIpPatch = z.infer<typeof EgressIpPatch>;
