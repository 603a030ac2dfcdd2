export {
  allCountries,
  allDataCenters,
  findCountry,
  findDataCenter,
  nearestDataCenter,
} from './catalog.js';
export { EARTH_RADIUS_KM, greatCircleKm, isValidGeoPoint } from './distance.js';
export { normalizeSearchText, searchLocations } from './search.js';
export { type LocationGuess, locationFromTimeZone } from './time-zone.js';
export type { ContinentCode, Country, DataCenter, GeoPoint } from './types.js';
export { chordSquared, kmBetween, type UnitVector, unitVector } from './unit-vector.js';
