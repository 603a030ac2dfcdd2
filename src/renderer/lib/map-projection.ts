import type { GeoPoint } from '../../shared/geo/types.js';

/**
 * The Natural Earth projection (Šavrič, Jenny, Patterson, Petrovič, Hurni 2011), written out as
 * its published polynomial: a compromise that keeps the continents recognisable at thumbnail
 * size without a projection library. The world outline asset is projected with these same
 * functions at build time (scripts/make-world-outline.ts), so markers and land line up.
 */

const RAD = Math.PI / 180;

/** Projected x and y, unscaled: x in ±2.7354 (±180°), y in ±1.4224 (±90°), north up. */
export function naturalEarth(point: GeoPoint): { x: number; y: number } {
  const lambda = wrapLongitude(point.lon) * RAD;
  const phi = Math.max(-90, Math.min(90, point.lat)) * RAD;
  const p2 = phi * phi;
  const p4 = p2 * p2;
  return {
    x: lambda * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4))),
    y: phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4))),
  };
}

/** Longitude folded into [-180, 180]: both edges stay where they are (a cut ring needs both). */
export function wrapLongitude(lon: number): number {
  if (lon >= -180 && lon <= 180) return lon;
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/**
 * The map's frame in SVG units: the whole width of the world, cropped north of 84°N and south
 * of 58°S (Antarctica and the polar seas are empty space for this map).
 */
export const MAP_FRAME = (() => {
  const width = 800;
  const scale = width / (2 * naturalEarth({ lat: 0, lon: 180 }).x);
  const top = naturalEarth({ lat: 84, lon: 0 }).y;
  const bottom = naturalEarth({ lat: -58, lon: 0 }).y;
  return {
    width,
    height: Math.round((top - bottom) * scale),
    scale,
    top,
  } as const;
})();

/** Where a point lands in the map's SVG coordinates (origin top left, y down). */
export function toMap(point: GeoPoint): { x: number; y: number } {
  const { x, y } = naturalEarth(point);
  return { x: MAP_FRAME.width / 2 + x * MAP_FRAME.scale, y: (MAP_FRAME.top - y) * MAP_FRAME.scale };
}

/**
 * `count + 1` points along the great circle from `from` to `to` (spherical linear
 * interpolation), so the path drawn is the one traffic would take on the globe, curved on the map.
 */
export function greatCirclePoints(from: GeoPoint, to: GeoPoint, count = 48): GeoPoint[] {
  const a = toVector(from);
  const b = toVector(to);
  const dot = Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
  const omega = Math.acos(dot);
  if (omega < 1e-6) return [from, to];
  const sin = Math.sin(omega);
  const points: GeoPoint[] = [];
  for (let i = 0; i <= count; i++) {
    const t = i / count;
    const wa = Math.sin((1 - t) * omega) / sin;
    const wb = Math.sin(t * omega) / sin;
    const v: [number, number, number] = [
      wa * a[0] + wb * b[0],
      wa * a[1] + wb * b[1],
      wa * a[2] + wb * b[2],
    ];
    points.push(fromVector(v));
  }
  // Keep the ends exact: no rounding drift between the marker and the end of its line.
  points[0] = from;
  points[count] = to;
  return points;
}

/**
 * An SVG path through the points, in map coordinates, broken where it crosses the
 * antimeridian (a jump of more than half the map's width) instead of streaking across the map.
 */
export function mapPathData(points: readonly GeoPoint[]): string {
  let d = '';
  let previous: { x: number; y: number } | null = null;
  for (const point of points) {
    const at = toMap(point);
    const jump = previous !== null && Math.abs(at.x - previous.x) > MAP_FRAME.width / 2;
    d += `${previous === null || jump ? 'M' : 'L'}${round(at.x)} ${round(at.y)}`;
    previous = at;
  }
  return d;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function toVector(point: GeoPoint): [number, number, number] {
  const phi = point.lat * RAD;
  const lambda = point.lon * RAD;
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

function fromVector([x, y, z]: [number, number, number]): GeoPoint {
  return { lat: Math.atan2(z, Math.hypot(x, y)) / RAD, lon: Math.atan2(y, x) / RAD };
}
