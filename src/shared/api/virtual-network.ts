import * as z from 'zod';
import { PageQuery, PlainText, QueryBoolean, ResourceId, Timestamp } from './common.js';

const MAX = 256;

const VnetName = PlainText.trim()
  .min(1, 'a virtual network needs a name')
  .max(MAX, `names are limited to ${MAX} characters`);
const VnetComment = PlainText.max(MAX, `comments are limited to ${MAX} characters`);

/** `teamnet/virtual_networks` resource, as Cloudflare returns it. */
export const VirtualNetwork = z
  .object({
    id: ResourceId,
    name: z.string(),
    comment: z.string(),
    is_default_network: z.boolean(),
    created_at: Timestamp,
    deleted_at: Timestamp.nullable(),
  })
  .meta({ id: 'VirtualNetwork' });
export type VirtualNetwork = z.infer<typeof VirtualNetwork>;

/**
 * Create body. Cloudflare's create takes `is_default` while PATCH and the resource say
 * `is_default_network`; both are accepted here (newer Terraform/Pulumi send either).
 */
export const VirtualNetworkCreate = z
  .strictObject({
    name: VnetName,
    comment: VnetComment.optional(),
    is_default: z.boolean().optional(),
    is_default_network: z.boolean().optional(),
  })
  .meta({ id: 'VirtualNetworkCreate' });
export type VirtualNetworkCreate = z.infer<typeof VirtualNetworkCreate>;

export const VirtualNetworkUpdate = z
  .strictObject({
    name: VnetName.optional(),
    comment: VnetComment.optional(),
    is_default_network: z.boolean().optional(),
    is_default: z.boolean().optional(),
  })
  .meta({ id: 'VirtualNetworkUpdate' });
export type VirtualNetworkUpdate = z.infer<typeof VirtualNetworkUpdate>;

/**
 * List filters: the SDK's names (`is_default` and, since SDK 7, `is_default_network`), plus
 * cloudflared's `id`. An absent filter means "either".
 */
export const VirtualNetworkListQuery = PageQuery.extend({
  is_default: QueryBoolean.optional(),
  is_default_network: QueryBoolean.optional(),
  is_deleted: QueryBoolean.optional(),
  name: PlainText.optional(),
  vnet_name: PlainText.optional(),
  vnet_id: PlainText.optional(),
  id: PlainText.optional(),
});
export type VirtualNetworkListQuery = z.infer<typeof VirtualNetworkListQuery>;

export const VirtualNetworkDeleteQuery = z.object({
  force: QueryBoolean.optional(),
});
