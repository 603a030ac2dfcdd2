import { COUNTRIES } from './country-table.js';
import { DATA_CENTERS } from './data-center-catalog.js';
import type { Country, DataCenter, GeoPoint } from './types.js';
import { chordSquared, type UnitVector, unitVector } from './unit-vector.js';

const dataCenterByColo = new Map(DATA_CENTERS.map((dc) => [dc.colo, dc]));
const countryByCode = new Map(COUNTRIES.map((country) => [country.code, country]));
const catalogVectors: readonly UnitVector[] = DATA_CENTERS.map(unitVector);

/** Every data center of the catalog, in catalog order. */
export function allDataCenters(): readonly DataCenter[] {
  return DATA_CENTERS;
}

/** The data center with this colo (IATA) code, case-insensitive; `undefined` if unknown. */
export function findDataCenter(colo: string): DataCenter | undefined {
  return dataCenterByColo.get(colo) ?? dataCenterByColo.get(colo.trim().toUpperCase());
}

/** The country with this ISO 3166-1 alpha-2 code, case-insensitive; `undefined` if unknown. */
export function findCountry(code: string): Country | undefined {
  return countryByCode.get(code) ?? countryByCode.get(code.trim().toUpperCase());
}

/** Every country of the table, sorted by code. */
export function allCountries(): readonly Country[] {
  return COUNTRIES;
}

/**
 * The data center closest to `point` by great-circle distance, among `candidates` (the whole
 * catalog by default). Ties go to the earlier candidate, so the answer is stable.
 */
export function nearestDataCenter(
  point: GeoPoint,
  candidates: readonly DataCenter[] = DATA_CENTERS,
): DataCenter {
  const target = unitVector(point);
  const vectors = candidates === DATA_CENTERS ? catalogVectors : candidates.map(unitVector);
  let best: DataCenter | undefined;
  let bestChord = Number.POSITIVE_INFINITY;
  for (let i = 0; i < candidates.length; i++) {
    const chord = chordSquared(target, vectors[i] as UnitVector);
    if (chord < bestChord) {
      best = candidates[i];
      bestChord = chord;
    }
  }
  if (best === undefined) throw new RangeError('nearestDataCenter needs at least one candidate');
  return best;
}
