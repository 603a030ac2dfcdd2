import type {
  ResolveContextInput,
  ResolveRequest,
  ResolveResult,
  VnetPreview,
} from '../../shared/api/index.js';
import {
  InvalidResolveContextError,
  type ResolveContext,
  resolveEgress,
} from '../../shared/egress/index.js';
import { findDataCenter } from '../../shared/geo/index.js';
import type { Principal } from '../auth.js';
import type { ConfigSnapshot } from '../config-snapshots.js';
import { badRequest, forbidden } from '../errors.js';
import type { StoredDevice } from '../store/devices-repo.js';
import type { Store } from '../store/store.js';
import { assertOwnDevice, getDevice } from './device-service.js';

/** The device whose state a request resolves, if any; refuses what the token may not ask. */
export async function deviceFor(
  store: Store,
  principal: Principal,
  accountId: string,
  request: ResolveRequest,
): Promise<StoredDevice | undefined> {
  if (principal.kind === 'device') {
    if (request.device_id !== undefined) assertOwnDevice(principal, request.device_id);
    const extra = Object.keys(request.context ?? {}).filter((key) => key !== 'destination');
    if (extra.length > 0) {
      throw forbidden(
        'a device token resolves its own device’s state: only context.destination may be ' +
          `given, not context.${extra.join(', context.')} (what-if contexts need the admin token)`,
      );
    }
    return principal.device;
  }
  return request.device_id === undefined
    ? undefined
    : await getDevice(store, accountId, request.device_id);
}

function checkColo(colo: string, field: string): void {
  if (!findDataCenter(colo)) {
    throw badRequest(`${field}: "${colo}" is not a data center in the catalog`);
  }
}

/** The device's state, with whatever the (admin's) context overrides. */
function buildContext(
  snapshot: ConfigSnapshot,
  device: StoredDevice | undefined,
  input: ResolveContextInput | undefined,
): ResolveContext {
  const vnetId = input?.vnet_id ?? device?.vnet_id ?? snapshot.defaultVnet.id;
  if (!snapshot.vnetsById.has(vnetId)) {
    const field = input?.vnet_id ? 'body.context.vnet_id' : 'device.vnet_id';
    throw badRequest(`${field}: ${vnetId} is not a live virtual network of this account`);
  }
  const email = input?.identity?.email ?? device?.user_email;
  const groups =
    input?.identity?.groups ??
    (email === undefined ? undefined : snapshot.groupsByEmail.get(email));
  const source = input?.source ?? device?.location ?? undefined;
  if (source && 'colo' in source) checkColo(source.colo, 'body.context.source.colo');
  return {
    vnetId,
    identity: email === undefined ? undefined : { email, name: input?.identity?.name, groups },
    posturePassed: input?.device_posture?.passed,
    location: source,
    destination: input?.destination,
    stickyKey: device?.id ?? email,
  };
}

/** The resolve answer for an already authorized request. */
export function resolveFor(
  snapshot: ConfigSnapshot,
  device: StoredDevice | undefined,
  request: ResolveRequest,
): ResolveResult {
  const context = buildContext(snapshot, device, request.context);
  try {
    const main = resolveEgress(snapshot.compiled, context, { explain: request.explain === true });
    const result: ResolveResult = { ...main, config_version: snapshot.version };
    result.vnet_id = context.vnetId;
    if (device) result.device_id = device.id;
    if (request.all_vnets) result.vnets = previewVnets(snapshot, context);
    return result;
  } catch (error) {
    if (error instanceof InvalidResolveContextError) throw badRequest(error.message);
    throw error;
  }
}

/** Device records are immutable (a write replaces them), so each one's key is built once. */
const deviceKeys = new WeakMap<StoredDevice, string>();

function deviceKey(device: StoredDevice): string {
  let key = deviceKeys.get(device);
  if (key === undefined) {
    key = [device.id, device.vnet_id, device.user_email, JSON.stringify(device.location)].join(
      '\u0000',
    );
    deviceKeys.set(device, key);
  }
  return key;
}

function isEmpty(request: ResolveRequest): boolean {
  for (const _ in request) return false;
  return true;
}

/**
 * Everything an answer depends on besides the config version: the device fields the context
 * is built from, and the request (as parsed, so its key order is the schema's).
 */
export function answerKey(device: StoredDevice | undefined, request: ResolveRequest): string {
  const state = device ? deviceKey(device) : '';
  return isEmpty(request) ? state : `${state}\u0001${JSON.stringify(request)}`;
}

/** The same context on every live vnet, default first, then by name. */
function previewVnets(snapshot: ConfigSnapshot, context: ResolveContext): VnetPreview[] {
  return snapshot.vnets.map((vnet) => {
    const resolution = resolveEgress(
      snapshot.compiled,
      { ...context, vnetId: vnet.id },
      { explain: false },
    );
    return {
      vnet_id: vnet.id,
      name: vnet.name,
      is_default_network: vnet.is_default_network,
      egress: resolution.egress,
      decided_by: resolution.decided_by,
      fallback: resolution.fallback,
    };
  });
}
