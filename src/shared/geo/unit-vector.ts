import { EARTH_RADIUS_KM } from './distance.js';
import type { GeoPoint } from './types.js';

/**
 * A point as a unit vector from the earth's centre. Hot paths (nearest data center, balancing)
 * precompute these once, so a distance costs a few multiplications and one asin instead of the
 * haversine's four trigonometric calls.
 */
export interface UnitVector {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

const RADIANS = Math.PI / 180;

export function unitVector(point: GeoPoint): UnitVector {
  const lat = point.lat * RADIANS;
  const lon = point.lon * RADIANS;
  const cosLat = Math.cos(lat);
  return { x: cosLat * Math.cos(lon), y: cosLat * Math.sin(lon), z: Math.sin(lat) };
}

/** Squared chord length between two unit vectors: monotonic in distance, for comparisons. */
export function chordSquared(a: UnitVector, b: UnitVector): number {
  const dx = a.x - b.x;
  const dy = a.y - b.y;
  const dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

/** Great-circle distance in km, from the chord (accurate at short range too). */
export function kmBetween(a: UnitVector, b: UnitVector): number {
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(chordSquared(a, b)) / 2));
}
