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

export function getDevice(store: Store, accountId: string, id: string): StoredDevice {
  const device = store.devices.get(accountId, id);
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

function liveVnetId(store: Store, accountId: string, vnetId: string): string {
  const vnet = store.vnets.get(accountId, vnetId);
  if (!vnet) throw badRequest(`body.vnet_id: no virtual network ${vnetId} in this account`);
  if (vnet.deleted_at !== null) {
    throw badRequest(`body.vnet_id: virtual network "${vnet.name}" (${vnetId}) was deleted`);
  }
  return vnet.id;
}

/** Enrols a device for a user (created if new) on the default vnet; the token shows once. */
export function enrolDevice(store: Store, accountId: string, body: DeviceEnrol): EnrolledDevice {
  const token = generateToken('device');
  const device = store.transaction(() => {
    const at = now();
    store.users.ensure(accountId, body.user_email, at);
    const record: StoredDevice = {
      id: newId(),
      account_id: accountId,
      name: body.name,
      user_email: body.user_email,
      vnet_id: store.vnets.getDefault(accountId).id,
      location: null,
      created_at: at,
      updated_at: at,
    };
    store.devices.insert(record, hashToken(token));
    return record;
  });
  return { ...toDeviceResource(device), token };
}

export function patchDevice(
  store: Store,
  principal: Principal,
  accountId: string,
  id: string,
  body: DevicePatch,
): StoredDevice {
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
  return store.transaction(() => {
    const device = getDevice(store, accountId, id);
    const at = now();
    if (body.user_email !== undefined) store.users.ensure(accountId, body.user_email, at);
    const updated: StoredDevice = {
      ...device,
      name: body.name ?? device.name,
      user_email: body.user_email ?? device.user_email,
      vnet_id:
        body.vnet_id === undefined ? device.vnet_id : liveVnetId(store, accountId, body.vnet_id),
      location: body.location === undefined ? device.location : body.location,
      updated_at: at,
    };
    store.devices.update(updated);
    return updated;
  });
}

export function deleteDevice(store: Store, accountId: string, id: string): StoredDevice {
  return store.transaction(() => {
    const device = getDevice(store, accountId, id);
    store.devices.delete(accountId, id);
    return device;
  });
}
