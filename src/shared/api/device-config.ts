import * as z from 'zod';
import type { EgressConfig, ResolveContext } from '../egress/types.js';
import { ResourceId } from './common.js';
import { DeviceLocation } from './device.js';
import { EgressIpStatus, Gateway } from './egress-ip.js';
import { EgressSettingsResult } from './gateway-rule.js';

/**
 * A dedicated egress IP as the device decides with it: the resolver's `DedicatedEgressIp`
 * (catalog coordinates included) plus its gateway with credentials in full.
 */
export const DeviceEgressIp = z
  .object({
    id: ResourceId,
    ipv4: z.string(),
    ipv6: z.string().describe('The IPv6 range (CIDR).'),
    colo: z.string(),
    city: z.string(),
    country: z.string(),
    lat: z.number(),
    lon: z.number(),
    status: EgressIpStatus,
    gateway: Gateway.describe('Unmasked: the device must dial it.'),
  })
  .meta({ id: 'DeviceEgressIp' });
export type DeviceEgressIp = z.infer<typeof DeviceEgressIp>;

/** An egress rule as the resolver takes it (`EgressRuleInput`): expressions as written. */
export const DeviceRule = z
  .object({
    id: ResourceId,
    name: z.string(),
    precedence: z.int(),
    enabled: z.boolean(),
    traffic: z.string(),
    identity: z.string(),
    device_posture: z.string(),
    egress: EgressSettingsResult.nullable().describe(
      '`rule_settings.egress`; null: the shared default egress.',
    ),
  })
  .meta({ id: 'DeviceRule' });
export type DeviceRule = z.infer<typeof DeviceRule>;

export const DeviceConfigVnet = z
  .object({ id: ResourceId, name: z.string(), is_default_network: z.boolean() })
  .meta({ id: 'DeviceConfigVnet' });
export type DeviceConfigVnet = z.infer<typeof DeviceConfigVnet>;

/**
 * `GET devices/{device_id}/config`: everything a device needs to decide its egress locally with
 * the shared resolver and get the answer the server's resolve route gives. Build the resolver
 * input with `deviceEgressConfig` and `deviceResolveContext` below. The ETag is derived from
 * `config_version` and the device's own state (vnet, user, location).
 */
export const DeviceConfig = z
  .object({
    account_id: ResourceId,
    device_id: ResourceId,
    config_version: z.int().describe('The account’s configuration version.'),
    vnet_id: ResourceId.describe('The virtual network the server has the device on.'),
    vnets: z
      .array(DeviceConfigVnet)
      .describe('Live virtual networks, default first, then by name.'),
    identity: z.object({
      email: z.string(),
      groups: z
        .array(z.string())
        .nullable()
        .describe(
          'The groups the server holds for this user; null: none on record (absent in the ' +
            'rule language, which is not the same as an empty list).',
        ),
    }),
    location: DeviceLocation.nullable().describe('The device’s physical location; null: unknown.'),
    egress_ips: z.array(DeviceEgressIp),
    rules: z.array(DeviceRule).describe('Every egress rule, enabled or not, by precedence.'),
  })
  .meta({ id: 'DeviceConfig' });
export type DeviceConfig = z.infer<typeof DeviceConfig>;

/** The resolver's configuration from a device config (compile it once per `config_version`). */
export function deviceEgressConfig(config: DeviceConfig): EgressConfig {
  return {
    version: config.config_version,
    egressIps: config.egress_ips,
    rules: config.rules,
  };
}

/**
 * The resolver's context for one connection of the device: its vnet (or another one, for a
 * preview), user and groups, location, and the destination. The sticky key is the device id, as
 * on the server, so balancing among equal choices picks the same IP.
 */
export function deviceResolveContext(
  config: DeviceConfig,
  destination?: ResolveContext['destination'],
  vnetId: string = config.vnet_id,
): ResolveContext {
  const { email, groups } = config.identity;
  return {
    vnetId,
    identity: { email, groups: groups ?? undefined },
    location: config.location ?? undefined,
    destination,
    stickyKey: config.device_id,
  };
}
