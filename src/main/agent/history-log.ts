import type { HistoryEntry } from '../../shared/agent/index.js';
import {
  MAX_HISTORY,
  MAX_RECENTS,
  type PersistedSettings,
  type RecentUse,
} from './settings/persisted-settings.js';

/** Newest first, bounded. */
export function withHistoryEntry(
  history: readonly HistoryEntry[],
  entry: HistoryEntry,
): HistoryEntry[] {
  return [entry, ...history].slice(0, MAX_HISTORY);
}

/** Records a verification on the newest entry for that vnet, if it is the newest entry at all. */
export function withVerification(
  history: readonly HistoryEntry[],
  vnetId: string,
  status: NonNullable<HistoryEntry['verification']>,
): HistoryEntry[] {
  const [newest, ...rest] = history;
  if (!newest || newest.to.id !== vnetId) return [...history];
  return [{ ...newest, verification: status }, ...rest];
}

/** Marks vnets as used at `at`, the first one most recent. */
export function withRecentUse(
  recents: readonly RecentUse[],
  vnetIds: readonly string[],
  at: string,
): RecentUse[] {
  const fresh = [...new Set(vnetIds)].map((vnet_id) => ({ vnet_id, at }));
  const rest = recents.filter((use) => !vnetIds.includes(use.vnet_id));
  return [...fresh, ...rest].slice(0, MAX_RECENTS);
}

/** Recents as the snapshot lists them: ids, most recent first, the attached vnet left out. */
export function recentIds(settings: PersistedSettings): string[] {
  return settings.recents
    .map((use) => use.vnet_id)
    .filter((id) => id !== settings.attached_vnet_id);
}

/** Pins (at the end) or unpins a vnet; the order is the user's. */
export function withFavourite(
  favourites: readonly string[],
  vnetId: string,
  favourite: boolean,
): string[] {
  const rest = favourites.filter((id) => id !== vnetId);
  return favourite ? [...rest, vnetId] : rest;
}
