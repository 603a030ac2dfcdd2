import type { AgentSnapshot, VnetEntry } from '../../shared/agent/index.js';
import { sortVnets } from '../../shared/agent/vnet-sections.js';
import type { AgentModel } from './agent-model.js';
import { vnetMeasurement } from './data-plane/latency/vnet-latency.js';
import { recentIds } from './history-log.js';
import { guessLocation } from './location.js';
import type { PersistedSettings } from './settings/persisted-settings.js';
import { statusFields } from './status-machine.js';

function settingsView(model: AgentModel): AgentSnapshot['settings'] {
  const { preferences } = model.settings;
  return {
    control_api: {
      mode: model.controlApi.mode,
      url: model.controlApi.url,
      has_token: model.controlApi.has_token,
    },
    user_email: preferences.user_email,
    notifications: preferences.notifications,
    start_at_login: preferences.start_at_login,
    verify_after_switch: preferences.verify_after_switch,
    proxy_port: preferences.proxy_port,
    keep_connections_on_switch: preferences.keep_connections_on_switch,
    verify_url: preferences.verify_url,
  };
}

function vnetEntries(model: AgentModel): VnetEntry[] {
  const { settings } = model;
  const favourites = new Set(settings.favourites);
  const lastUsed = new Map(settings.recents.map((use) => [use.vnet_id, use.at]));
  return sortVnets(settings.known_vnets).map((vnet) => {
    const preview = model.previews.get(vnet.id);
    const view = preview
      ? { egress: preview.egress, decided_by: preview.decided_by, fallback: preview.fallback }
      : null;
    return {
      id: vnet.id,
      name: vnet.name,
      comment: vnet.comment,
      is_default: vnet.is_default,
      attached: vnet.id === settings.attached_vnet_id,
      favourite: favourites.has(vnet.id),
      last_used_at: lastUsed.get(vnet.id) ?? null,
      preview: view,
      ...vnetMeasurement(view, model.latency),
    };
  });
}

/** Ids the current server knows, once the vnet list is known; all of them before that. */
function known(settings: PersistedSettings, ids: readonly string[]): string[] {
  if (settings.known_vnets.length === 0) return [...ids];
  const live = new Set(settings.known_vnets.map((vnet) => vnet.id));
  return ids.filter((id) => live.has(id));
}

/** The snapshot fronts see: built fresh from the model, never shared with it. */
export function buildSnapshot(seq: number, model: AgentModel): AgentSnapshot {
  const { settings } = model;
  const egress = settings.last_egress;
  return structuredClone({
    seq,
    ...statusFields(model.status),
    control_api: {
      mode: model.controlApi.mode,
      url: model.controlApi.url,
      account_id: model.controlApi.account_id,
    },
    device: settings.device,
    attached_vnet_id: settings.attached_vnet_id,
    location: settings.location ?? guessLocation(undefined),
    egress: egress ? { ...egress, stale: !model.fresh } : null,
    vnets: vnetEntries(model),
    favourites: known(settings, settings.favourites),
    recents: known(settings, recentIds(settings)),
    verification: settings.last_verification,
    settings: settingsView(model),
    proxy: model.proxy,
  });
}

/** Freezes a snapshot all the way down: fronts share it and must not be able to change it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
