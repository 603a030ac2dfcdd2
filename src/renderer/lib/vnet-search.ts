import type { VnetEntry } from '../../shared/agent/state.js';
import { countryName } from './country-name.js';

/** Lower case without diacritics; punctuation is kept, so IPs and "vnet-London" still match. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

interface SearchFields {
  name: string;
  /** Word starts of the name: "vnet-us-east" → "us-east", "east". */
  nameWords: string[];
  colo: string;
  city: string;
  countryCode: string;
  countryName: string;
  ipv4: string;
  ipv6: string;
}

function fieldsOf(vnet: VnetEntry): SearchFields {
  const egress = vnet.preview?.egress;
  const name = foldText(vnet.name);
  const nameWords: string[] = [];
  for (const match of name.matchAll(/[-_.\s/]+/g)) {
    nameWords.push(name.slice((match.index ?? 0) + match[0].length));
  }
  return {
    name,
    nameWords,
    colo: foldText(egress?.colo ?? ''),
    city: foldText(egress?.city ?? ''),
    countryCode: foldText(egress?.country ?? ''),
    countryName: foldText(countryName(egress?.country) ?? ''),
    ipv4: egress?.ipv4 ?? '',
    ipv6: foldText(egress?.ipv6 ?? ''),
  };
}

// Lower is better; undefined: this token matches nothing about the vnet.
function tokenRank(f: SearchFields, token: string): number | undefined {
  if (f.name === token || f.ipv4 === token) return 0;
  if (f.colo === token || f.city === token) return 1;
  if (f.name.startsWith(token)) return 2;
  if (f.countryCode === token || f.countryName === token) return 3;
  if (f.city.startsWith(token) || f.nameWords.some((word) => word.startsWith(token))) return 4;
  if (/\d/.test(token) && f.ipv4.startsWith(token)) return 4;
  if (f.countryName.startsWith(token)) return 5;
  if (token.includes(':') && f.ipv6.startsWith(token)) return 5;
  if (f.name.includes(token)) return 6;
  if (f.city.includes(token) || f.countryName.includes(token)) return 7;
  if (/\d/.test(token) && f.ipv4.includes(token)) return 8;
  return undefined;
}

/**
 * Vnets matching `query` by name, egress city, country (name or code), data-center (IATA) code
 * or IP, best first. Every word of the query must match something about the vnet; ties keep the
 * given order (the agent's: default first, then by name). An empty query matches nothing: the
 * list shows its sections then, not search results.
 */
export function searchVnets(vnets: readonly VnetEntry[], query: string): VnetEntry[] {
  const tokens = foldText(query).split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return [];
  const hits: { vnet: VnetEntry; rank: number; order: number }[] = [];
  vnets.forEach((vnet, order) => {
    const fields = fieldsOf(vnet);
    let rank = 0;
    for (const token of tokens) {
      const r = tokenRank(fields, token);
      if (r === undefined) return;
      rank += r;
    }
    hits.push({ vnet, rank, order });
  });
  hits.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return hits.map((hit) => hit.vnet);
}
