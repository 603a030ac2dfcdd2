import type { VnetEntry } from '../../shared/agent/state.js';
import { quickVnets } from '../../shared/agent/vnet-sections.js';

export type SectionId = 'favourites' | 'recent' | 'all' | 'results';

export interface VnetSection {
  id: SectionId;
  title: string;
  vnets: VnetEntry[];
}

/**
 * Favourites (in pinned order), Recent (most recent first) and All (the agent's order), each
 * vnet once, in the first section that has it. Empty sections are left out.
 */
export function sectionVnets(
  vnets: readonly VnetEntry[],
  favourites: readonly string[],
  recents: readonly string[],
): VnetSection[] {
  const quick = quickVnets(vnets, favourites, recents);
  const placed = new Set([...quick.favourites, ...quick.recents].map((vnet) => vnet.id));
  const sections: VnetSection[] = [
    { id: 'favourites', title: 'Favourites', vnets: quick.favourites },
    { id: 'recent', title: 'Recent', vnets: quick.recents },
    { id: 'all', title: 'All networks', vnets: vnets.filter((vnet) => !placed.has(vnet.id)) },
  ];
  return sections.filter((section) => section.vnets.length > 0);
}
