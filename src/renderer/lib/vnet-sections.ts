import type { VnetEntry } from '../../shared/agent/state.js';

export type SectionId = 'favourites' | 'recent' | 'all' | 'results';

export interface VnetSection {
  id: SectionId;
  title: string;
  vnets: VnetEntry[];
}

/** How many recent vnets the list shows above "All". */
export const RECENT_LIMIT = 3;

/**
 * Favourites (in pinned order), Recent (most recent first) and All (the agent's order), each
 * vnet once, in the first section that has it. Empty sections are left out.
 */
export function sectionVnets(
  vnets: readonly VnetEntry[],
  favourites: readonly string[],
  recents: readonly string[],
): VnetSection[] {
  const byId = new Map(vnets.map((vnet) => [vnet.id, vnet]));
  const placed = new Set<string>();
  const take = (ids: readonly string[], limit = Number.POSITIVE_INFINITY): VnetEntry[] => {
    const out: VnetEntry[] = [];
    for (const id of ids) {
      if (out.length >= limit) break;
      const vnet = byId.get(id);
      if (!vnet || placed.has(id)) continue;
      placed.add(id);
      out.push(vnet);
    }
    return out;
  };
  const sections: VnetSection[] = [
    { id: 'favourites', title: 'Favourites', vnets: take(favourites) },
    { id: 'recent', title: 'Recent', vnets: take(recents, RECENT_LIMIT) },
    { id: 'all', title: 'All networks', vnets: take(vnets.map((vnet) => vnet.id)) },
  ];
  return sections.filter((section) => section.vnets.length > 0);
}
