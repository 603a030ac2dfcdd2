import { hash } from 'node:crypto';
import type { DeviceConfig } from '../../shared/api/index.js';
import type { ConfigSnapshot } from '../config-snapshots.js';
import type { StoredDevice } from '../store/devices-repo.js';

/**
 * What the device needs to decide locally, at the snapshot's version: everything comes from
 * the snapshot, read in one database snapshot with its version.
 */
export function deviceConfigFor(snapshot: ConfigSnapshot, device: StoredDevice): DeviceConfig {
  const rules = [...snapshot.rules].sort((a, b) => a.precedence - b.precedence);
  const egressIps = snapshot.egressIps.map(
    ({ id, ipv4, ipv6, colo, city, country, lat, lon, status, gateway }) => ({
      id,
      ipv4,
      ipv6,
      colo,
      city,
      country,
      lat,
      lon,
      status,
      gateway,
    }),
  );
  const groups = snapshot.groupsByEmail.get(device.user_email);
  return {
    account_id: device.account_id,
    device_id: device.id,
    config_version: snapshot.version,
    vnet_id: device.vnet_id,
    vnets: snapshot.vnets.map((vnet) => ({
      id: vnet.id,
      name: vnet.name,
      is_default_network: vnet.is_default_network,
    })),
    identity: { email: device.user_email, groups: groups === undefined ? null : [...groups] },
    location: device.location,
    egress_ips: egressIps,
    rules,
  };
}

/**
 * The config's ETag: the account's configuration version plus the device's own state (its vnet,
 * user and location are device records, which change without a new configuration version).
 */
export function deviceConfigEtag(version: number, device: StoredDevice): string {
  const state = JSON.stringify([device.id, device.vnet_id, device.user_email, device.location]);
  return `"c${version}-${hash('sha256', state, 'base64url').slice(0, 16)}"`;
}

/** Whether `If-None-Match` names this ETag (weak or strong, in a list, or `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
