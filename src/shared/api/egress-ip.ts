import * as z from 'zod';
import { ColoCode, Ipv4Address, Ipv6Cidr, ResourceId, Timestamp } from './common.js';

export const EgressIpStatus = z.enum(['healthy', 'down']);
export type EgressIpStatus = z.infer<typeof EgressIpStatus>;

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
    status: EgressIpStatus.optional(),
  })
  .meta({ id: 'EgressIpCreate' });
export type EgressIpCreate = z.infer<typeof EgressIpCreate>;

/** Only the status changes in place (to simulate an outage); moving an IP is delete + create. */
export const EgressIpPatch = z
  .strictObject({ status: EgressIpStatus })
  .meta({ id: 'EgressIpPatch' });
export type EgressIpPatch = z.infer<typeof EgressIpPatch>;
