import { findDataCenter } from './catalog.js';
import {
  DEFAULT_COLO,
  REGION_PREFIX_TO_COLO,
  ZONE_ALIASES,
  ZONE_TO_COLO,
} from './time-zone-table.js';
import type { DataCenter } from './types.js';

export interface LocationGuess {
  /** The data center standing in for the user's location; it is also a `GeoPoint`. */
  dataCenter: DataCenter;
  /** How sure the guess is: the zone itself is known, only its region is, or neither. */
  basis: 'zone' | 'region' | 'default';
}

const lowerCase = (table: Readonly<Record<string, string>>) =>
  new Map(Object.entries(table).map(([zone, value]) => [zone.toLowerCase(), value]));

const zones = lowerCase(ZONE_TO_COLO);
const aliases = lowerCase(ZONE_ALIASES);
const prefixes = REGION_PREFIX_TO_COLO.map(
  ([prefix, colo]) => [prefix.toLowerCase(), colo] as const,
);

function catalogEntry(colo: string): DataCenter {
  const dc = findDataCenter(colo);
  // The tables are checked against the catalog by the tests; this guards a bad edit.
  if (dc === undefined) throw new Error(`time-zone table names unknown data center ${colo}`);
  return dc;
}

/**
 * Best guess of a user's location from an IANA time zone (as `Intl.DateTimeFormat()
 * .resolvedOptions().timeZone` reports it), case-insensitive: the zone's own entry, else its
 * region's hub (`Europe/…` → Frankfurt), else London (see DEFAULT_COLO).
 */
export function locationFromTimeZone(ianaZone: string | undefined): LocationGuess {
  const key = (ianaZone ?? '').trim().toLowerCase();
  const canonical = aliases.get(key)?.toLowerCase() ?? key;
  const colo = zones.get(canonical);
  if (colo !== undefined) return { dataCenter: catalogEntry(colo), basis: 'zone' };
  for (const [prefix, regionColo] of prefixes) {
    if (canonical.startsWith(prefix))
      return { dataCenter: catalogEntry(regionColo), basis: 'region' };
  }
  return { dataCenter: catalogEntry(DEFAULT_COLO), basis: 'default' };
}
