import * as z from 'zod';
import { ResourceId, Timestamp } from './common.js';

/** `GET /client/v4/accounts` item, plus the account's current `config_version`. */
export const Account = z
  .object({
    id: ResourceId,
    name: z.string(),
    type: z.string(),
    created_at: Timestamp,
    config_version: z.int().min(1),
  })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof Account>;

/** Body of an SSE `config` event. */
export const ConfigEvent = z.object({ config_version: z.int().min(1) }).meta({ id: 'ConfigEvent' });
export type ConfigEvent = z.infer<typeof ConfigEvent>;

export const HealthStatus = z.object({ status: z.literal('ok') }).meta({ id: 'HealthStatus' });
export type HealthStatus = z.infer<typeof HealthStatus>;
