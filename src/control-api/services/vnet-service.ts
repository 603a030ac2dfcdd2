import {
  type ApiMessage,
  ErrorCode,
  MessageCode,
  type VirtualNetwork,
  type VirtualNetworkCreate,
  type VirtualNetworkListQuery,
  type VirtualNetworkUpdate,
} from '../../shared/api/index.js';
import { newId, now } from '../clock.js';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import type { Store } from '../store/store.js';
import { rulesReferencingVnet } from './rule-references.js';

/** Cloudflare's list filters; an absent filter means "either". */
export function filterVnets(vnets: VirtualNetwork[], query: VirtualNetworkListQuery) {
  const name = query.name ?? query.vnet_name;
  const id = query.vnet_id ?? query.id;
  const isDefault = query.is_default ?? query.is_default_network;
  return vnets.filter(
    (vnet) =>
      (isDefault === undefined || vnet.is_default_network === isDefault) &&
      (query.is_deleted === undefined || (vnet.deleted_at !== null) === query.is_deleted) &&
      (name === undefined || vnet.name === name) &&
      (id === undefined || vnet.id === id),
  );
}

export async function getVnet(
  store: Store,
  accountId: string,
  id: string,
): Promise<VirtualNetwork> {
  const vnet = await store.vnets.get(accountId, id);
  if (!vnet) throw notFound(`no virtual network ${id}`);
  return vnet;
}

/** A vnet that can still be changed or attached to. */
export async function getLiveVnet(
  store: Store,
  accountId: string,
  id: string,
): Promise<VirtualNetwork> {
  const vnet = await getVnet(store, accountId, id);
  if (vnet.deleted_at !== null) {
    throw notFound(`virtual network ${id} ("${vnet.name}") was deleted at ${vnet.deleted_at}`);
  }
  return vnet;
}

async function assertNameFree(store: Store, accountId: string, name: string, self?: string) {
  const taken = await store.vnets.findLiveByName(accountId, name);
  if (taken && taken.id !== self) {
    throw conflict(`a virtual network named "${name}" already exists (${taken.id})`);
  }
}

export async function createVnet(store: Store, accountId: string, body: VirtualNetworkCreate) {
  const makeDefault = body.is_default ?? body.is_default_network ?? false;
  return store.changeConfig(accountId, async () => {
    await assertNameFree(store, accountId, body.name);
    const vnet: VirtualNetwork = {
      id: newId(),
      name: body.name,
      comment: body.comment ?? '',
      is_default_network: false,
      created_at: now(),
      deleted_at: null,
    };
    await store.vnets.insert(accountId, vnet);
    if (makeDefault) await store.vnets.setDefault(accountId, vnet.id);
    return getVnet(store, accountId, vnet.id);
  });
}

export async function updateVnet(
  store: Store,
  accountId: string,
  id: string,
  body: VirtualNetworkUpdate,
) {
  const makeDefault = body.is_default_network ?? body.is_default;
  return store.changeConfig(accountId, async () => {
    const vnet = await getLiveVnet(store, accountId, id);
    if (makeDefault === false && vnet.is_default_network) {
      throw badRequest(
        `"${vnet.name}" is the default virtual network and cannot be un-set directly: ` +
          'make another virtual network the default instead',
        ErrorCode.DEFAULT_VNET_REQUIRED,
      );
    }
    if (body.name !== undefined) await assertNameFree(store, accountId, body.name, id);
    await store.vnets.update(accountId, id, {
      name: body.name ?? vnet.name,
      comment: body.comment ?? vnet.comment,
    });
    if (makeDefault === true && !vnet.is_default_network) {
      await store.vnets.setDefault(accountId, id);
    }
    return getVnet(store, accountId, id);
  });
}

/**
 * Soft delete. A vnet with devices attached or rules whose `traffic` names it is refused with
 * 409 unless `force`: then its devices move to the default vnet and those rules are disabled
 * (kept, so nobody loses a policy silently; both are reported in `messages`).
 */
export async function deleteVnet(store: Store, accountId: string, id: string, force: boolean) {
  const messages: ApiMessage[] = [];
  const result = await store.changeConfig(accountId, async () => {
    // A retried transaction starts over: so do its messages.
    messages.length = 0;
    const vnet = await getLiveVnet(store, accountId, id);
    if (vnet.is_default_network) {
      throw badRequest(
        `"${vnet.name}" is the default virtual network and cannot be deleted: ` +
          'make another virtual network the default first',
        ErrorCode.DEFAULT_VNET_REQUIRED,
      );
    }
    const devices = await store.devices.countOnVnet(accountId, id);
    const rules = rulesReferencingVnet(await store.rules.list(accountId), id);
    if (!force && (devices > 0 || rules.length > 0)) {
      const uses = [
        devices > 0 ? `${devices} device${devices === 1 ? ' is' : 's are'} attached to it` : '',
        rules.length > 0
          ? `rule${rules.length === 1 ? '' : 's'} ${rules.map((r) => `"${r.name}"`).join(', ')} ` +
            `reference${rules.length === 1 ? 's' : ''} it`
          : '',
      ].filter(Boolean);
      throw new ApiError(
        409,
        ErrorCode.RESOURCE_IN_USE,
        `virtual network "${vnet.name}" is in use: ${uses.join('; ')}. Retry with ?force=true ` +
          'to move its devices to the default virtual network and disable those rules',
      );
    }
    const at = now();
    if (devices > 0) {
      const target = await store.vnets.getDefault(accountId);
      await store.devices.moveAll(accountId, id, target.id, at);
      messages.push({
        code: MessageCode.DEVICES_MOVED_TO_DEFAULT,
        message: `${devices} device(s) moved to the default virtual network "${target.name}"`,
      });
    }
    for (const rule of rules) {
      if (rule.enabled) await store.rules.disable(accountId, rule.id, at);
      messages.push({
        code: MessageCode.RULES_DISABLED,
        message: `rule "${rule.name}" (${rule.id}) references the deleted virtual network and is now disabled`,
      });
    }
    await store.vnets.softDelete(accountId, id, at);
    return getVnet(store, accountId, id);
  });
  return { result, messages };
}
