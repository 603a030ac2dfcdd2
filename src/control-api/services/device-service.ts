import {
  DEVICE_SELF_PATCH_FIELDS,
  type DeviceEnrol,
  type DeviceLocation,
  type DevicePatch,
  type EnrolledDevice,
} from '../../shared/api/index.js';
import { findDataCenter } from '../../shared/geo/index.js';
import { generateToken, hashToken, type Principal } from '../auth.js';
import { newId, now } from '../clock.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { type StoredDevice, toDeviceResource } from '../store/devices-repo.js';
import type { Store } from '../store/store.js';

export async function getDevice(
  store: Store,
  accountId: string,
  id: string,
): Promise<StoredDevice> {
  const device = await store.devices.get(accountId, id);
  if (!device) throw notFound(`no device ${id}`);
  return device;
}

/** A device token sees and changes only its own device. */
export function assertOwnDevice(principal: Principal, deviceId: string): void {
  if (principal.kind === 'device' && principal.device.id !== deviceId) {
    throw forbidden(
      `a device token can only act on its own device (${principal.device.id}), not ${deviceId}`,
    );
  }
}

function checkLocation(location: DeviceLocation | null | undefined): void {
  if (location && 'colo' in location && !findDataCenter(location.colo)) {
    throw badRequest(
      `body.location.colo: "${location.colo}" is not a data center in the catalog; ` +
        'send a known code (LHR, AMS, IAD, …) or {lat, lon}',
    );
  }
}

async function liveVnetId(store: Store, accountId: string, vnetId: string): Promise<string> {
  const vnet = await store.vnets.get(accountId, vnetId);
  if (!vnet) throw badRequest(`body.vnet_id: no virtual network ${vnetId} in this account`);
  if (vnet.deleted_at !== null) {
    throw badRequest(`body.vnet_id: virtual network "${vnet.name}" (${vnetId}) was deleted`);
  }
  return vnet.id;
}

/** Enrols a device for a user (created if new) on the default vnet; the token shows once. */
export async function enrolDevice(
  store: Store,
  accountId: string,
  body: DeviceEnrol,
): Promise<EnrolledDevice> {
  const token = generateToken('device');
  const device = await store.transaction(async () => {
    // The default vnet stays the default until this device is on it (another replica may be
    // promoting a new one).
    await store.accounts.lock(accountId);
    const at = now();
    await store.users.ensure(accountId, body.user_email, at);
    const record: StoredDevice = {
      id: newId(),
      account_id: accountId,
      name: body.name,
      user_email: body.user_email,
      vnet_id: (await store.vnets.getDefault(accountId)).id,
      location: null,
      created_at: at,
      updated_at: at,
    };
    await store.devices.insert(record, hashToken(token));
    return record;
  });
  return { ...toDeviceResource(device), token };
}

export async function patchDevice(
  store: Store,
  principal: Principal,
  accountId: string,
  id: string,
  body: DevicePatch,
): Promise<StoredDevice> {
  assertOwnDevice(principal, id);
  if (principal.kind === 'device') {
    const allowed: readonly string[] = DEVICE_SELF_PATCH_FIELDS;
    const refused = Object.keys(body).filter((key) => !allowed.includes(key));
    if (refused.length > 0) {
      throw forbidden(
        `a device token may change only ${DEVICE_SELF_PATCH_FIELDS.join(' and ')} of its ` +
          `device, not ${refused.join(', ')}`,
      );
    }
  }
  checkLocation(body.location);
  return store.transaction(async () => {
    // A vnet chosen here stays live until the device is on it: vnet deletes hold this lock.
    if (body.vnet_id !== undefined) await store.accounts.lock(accountId);
    const device = await getDevice(store, accountId, id);
    const at = now();
    if (body.user_email !== undefined) await store.users.ensure(accountId, body.user_email, at);
    const updated: StoredDevice = {
      ...device,
      name: body.name ?? device.name,
      user_email: body.user_email ?? device.user_email,
      vnet_id:
        body.vnet_id === undefined
          ? device.vnet_id
          : await liveVnetId(store, accountId, body.vnet_id),
      location: body.location === undefined ? device.location : body.location,
      updated_at: at,
    };
    await store.devices.update(updated);
    return updated;
  });
}

export async function deleteDevice(
  store: Store,
  accountId: string,
  id: string,
): Promise<StoredDevice> {
  return store.transaction(async () => {
    const device = await getDevice(store, accountId, id);
    await store.devices.delete(accountId, id);
    return device;
  });
}
