import { findCountry } from './catalog.js';
import { DATA_CENTERS } from './data-center-catalog.js';
import type { DataCenter } from './types.js';

/** Lower case, no diacritics or punctuation: "São Paulo" and "sao paulo" compare equal. */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Indexed {
  dc: DataCenter;
  colo: string;
  city: string;
  countryName: string;
}

const indexed: readonly Indexed[] = DATA_CENTERS.map((dc) => ({
  dc,
  colo: dc.colo.toLowerCase(),
  city: normalizeSearchText(dc.city),
  countryName: normalizeSearchText(findCountry(dc.country)?.name ?? ''),
}));

// Lower is better; a data center that matches nothing gets no rank.
function rank(entry: Indexed, query: string): number | undefined {
  if (entry.colo === query) return 0;
  if (entry.city === query) return 1;
  if (entry.city.startsWith(query)) return 2;
  if (entry.dc.country.toLowerCase() === query) return 3;
  if (entry.countryName === query) return 4;
  if (entry.countryName.startsWith(query)) return 5;
  if (entry.city.includes(query)) return 6;
  if (entry.countryName.includes(query)) return 7;
  return undefined;
}

/**
 * Data centers matching `query` by IATA code, city or country (code or name), case- and
 * accent-insensitive, best matches first (exact code, exact city, city prefix, country, then
 * substrings), ties by city then code. An empty query lists the whole catalog by city.
 */
export function searchLocations(query: string, limit = Number.POSITIVE_INFINITY): DataCenter[] {
  const needle = normalizeSearchText(query);
  const hits: { entry: Indexed; rank: number }[] = [];
  for (const entry of indexed) {
    const r = needle === '' ? 0 : rank(entry, needle);
    if (r !== undefined) hits.push({ entry, rank: r });
  }
  hits.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.entry.city.localeCompare(b.entry.city, 'en') ||
      a.entry.colo.localeCompare(b.entry.colo, 'en'),
  );
  return hits.slice(0, Math.max(0, limit)).map((hit) => hit.entry.dc);
}
