import * as z from 'zod';
import { Email, Location, PlainText, ResourceId, Timestamp } from './common.js';

const DeviceName = PlainText.trim().min(1, 'a device needs a name').max(256);

/** A device's physical location as reported: a data center or a point; null when unknown. */
export const DeviceLocation = Location.meta({ id: 'DeviceLocation' });
export type DeviceLocation = z.infer<typeof DeviceLocation>;

/** An enrolled device (extension). */
export const Device = z
  .object({
    id: ResourceId,
    name: z.string(),
    user_email: z.string(),
    vnet_id: ResourceId,
    location: DeviceLocation.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Device' });
export type Device = z.infer<typeof Device>;

export const DeviceEnrol = z
  .strictObject({ name: DeviceName, user_email: Email })
  .meta({ id: 'DeviceEnrol' });
export type DeviceEnrol = z.infer<typeof DeviceEnrol>;

/** The enrol answer: the only time the device token is ever shown. */
export const EnrolledDevice = Device.extend({ token: z.string() }).meta({ id: 'EnrolledDevice' });
export type EnrolledDevice = z.infer<typeof EnrolledDevice>;

/**
 * A device token may send `vnet_id` and `location` for its own device; the admin token may also
 * rename the device or move it to another user.
 */
export const DevicePatch = z
  .strictObject({
    vnet_id: ResourceId.optional(),
    location: DeviceLocation.nullable().optional(),
    name: DeviceName.optional(),
    user_email: Email.optional(),
  })
  .meta({ id: 'DevicePatch' });
export type DevicePatch = z.infer<typeof DevicePatch>;

/** The fields a device token may change on its own device. */
export const DEVICE_SELF_PATCH_FIELDS = ['vnet_id', 'location'] as const;
