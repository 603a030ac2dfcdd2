import type { VnetEntry } from './state.js';

/** Default first, then by name: the order every front shows (and scripts may rely on). */
export function sortVnets<T extends { is_default: boolean; name: string; id: string }>(
  vnets: readonly T[],
): T[] {
  return [...vnets].sort(
    (a, b) =>
      Number(b.is_default) - Number(a.is_default) ||
      a.name.localeCompare(b.name, 'en') ||
      a.id.localeCompare(b.id, 'en'),
  );
}

/** How many recent vnets the fronts show above the full list (favourites are all shown). */
export const RECENT_LIMIT = 3;

export interface QuickVnets {
  /** In pinned order. */
  favourites: VnetEntry[];
  /** Most recent first, without the favourites, at most `maxRecents`. */
  recents: VnetEntry[];
}

/**
 * The vnets every front puts first (the popover's Favourites and Recent sections, the tray's
 * quick section): favourites in pinned order, then recents that are not already there. Each
 * vnet appears once; ids the list no longer has are skipped.
 */
export function quickVnets(
  vnets: readonly VnetEntry[],
  favourites: readonly string[],
  recents: readonly string[],
  maxRecents = RECENT_LIMIT,
): QuickVnets {
  const byId = new Map(vnets.map((vnet) => [vnet.id, vnet]));
  const seen = new Set<string>();
  const pick = (ids: readonly string[], limit: number): VnetEntry[] => {
    const picked: VnetEntry[] = [];
    for (const id of ids) {
      if (picked.length >= limit) break;
      const vnet = byId.get(id);
      if (!vnet || seen.has(id)) continue;
      seen.add(id);
      picked.push(vnet);
    }
    return picked;
  };
  return {
    favourites: pick(favourites, Number.POSITIVE_INFINITY),
    recents: pick(recents, maxRecents),
  };
}
