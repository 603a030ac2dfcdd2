import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { feature } from 'topojson-client';
import { MAP_FRAME, toMap } from '../src/renderer/lib/map-projection.js';

/**
 * Generates src/renderer/assets/world-land.ts: Natural Earth's 1:110m land (public domain, from
 * the world-atlas package), projected with the popover map's own projection, simplified for a
 * map a few hundred pixels wide, and written as one SVG path of integer, relative moves, so the
 * renderer ships a few KB and never fetches a tile. Run with `npx tsx scripts/make-world-outline.ts`;
 * the output is committed, and a test checks it still matches this script.
 */

/** Points closer than this (SVG units; the map is 800 wide) to the simplified line are dropped. */
const TOLERANCE = 1.1;
/** Islands smaller than this (square SVG units) are left out. */
const MIN_AREA = 6;
/** South of this, land is Antarctica: the map is cropped there. */
const SOUTH_EDGE = -58;

type Point = [number, number];
type Ring = [number, number][];

const require = createRequire(import.meta.url);
export const SOURCE_FILE = require.resolve('world-atlas/land-110m.json');
const SOURCE_VERSION = (require('world-atlas/package.json') as { version: string }).version;

function landRings(): Ring[] {
  const topology = JSON.parse(readFileSync(SOURCE_FILE, 'utf8')) as {
    objects: { land: unknown };
  };
  const rings: Ring[] = [];
  for (const { geometry } of feature(topology, topology.objects.land).features) {
    const polygons =
      geometry.type === 'Polygon'
        ? [geometry.coordinates as Ring[]]
        : (geometry.coordinates as Ring[][]);
    for (const polygon of polygons) rings.push(...polygon);
  }
  return rings;
}

/**
 * A ring that crosses the antimeridian (Fiji, Chukotka, Wrangel Island) would streak across a
 * flat map: cut it there into rings that each close along the map's edge.
 */
function cutAtAntimeridian(ring: Ring): Ring[] {
  const pieces: Ring[] = [[]];
  for (let i = 0; i < ring.length; i++) {
    const point = ring[i] as Point;
    const previous = ring[i - 1];
    if (previous && Math.abs(point[0] - previous[0]) > 180) {
      const edge = previous[0] > 0 ? 180 : -180;
      const lon = point[0] + (edge > 0 ? 360 : -360);
      const t = (edge - previous[0]) / (lon - previous[0]);
      const lat = previous[1] + t * (point[1] - previous[1]);
      (pieces[pieces.length - 1] as Ring).push([edge, lat]);
      pieces.push([[-edge, lat]]);
    }
    (pieces[pieces.length - 1] as Ring).push(point);
  }
  if (pieces.length === 1) return pieces;
  // The ring's start and end are on the same side: they are one piece.
  const last = pieces.pop() as Ring;
  (pieces[0] as Ring).unshift(...last);
  return pieces;
}

/** Douglas–Peucker on a closed ring (its first point is kept as an anchor). */
function simplify(points: Point[], tolerance: number): Point[] {
  if (points.length < 4) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() as [number, number];
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = distanceToSegment(
        points[i] as Point,
        points[first] as Point,
        points[last] as Point,
      );
      if (d > worstDistance) {
        worst = i;
        worstDistance = d;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function area(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i] as Point;
    const [x2, y2] = points[(i + 1) % points.length] as Point;
    sum += x1 * y2 - x2 * y1;
  }
  return Math.abs(sum) / 2;
}

/** `M x y l dx dy … z`: integers relative to the previous point, signs as separators. */
function encode(points: readonly Point[]): string {
  const [start, ...rest] = points as [Point, ...Point[]];
  let d = `M${start[0]} ${start[1]}l`;
  let [x, y] = start;
  let first = true;
  for (const [px, py] of rest) {
    const dx = px - x;
    const dy = py - y;
    d += `${first || dx < 0 ? '' : ' '}${dx}${dy < 0 ? '' : ' '}${dy}`;
    first = false;
    x = px;
    y = py;
  }
  return `${d}z`;
}

/** The outline as one SVG path in MAP_FRAME's coordinates, and how many rings made it in. */
export function buildWorldOutline(): { path: string; rings: number } {
  const parts: string[] = [];
  for (const ring of landRings().flatMap(cutAtAntimeridian)) {
    if (ring.every(([, lat]) => lat < SOUTH_EDGE)) continue;
    const projected = ring.map(([lon, lat]): Point => {
      const at = toMap({ lat, lon });
      return [at.x, at.y];
    });
    const simplified = simplify(projected, TOLERANCE);
    if (area(simplified) < MIN_AREA) continue;
    const rounded: Point[] = [];
    for (const [x, y] of simplified) {
      const point: Point = [Math.round(x), Math.round(y)];
      const last = rounded[rounded.length - 1];
      if (!last || last[0] !== point[0] || last[1] !== point[1]) rounded.push(point);
    }
    // The ring's closing point repeats its first; `z` closes it instead.
    const [head] = rounded;
    const tail = rounded[rounded.length - 1];
    if (head && tail && rounded.length > 1 && head[0] === tail[0] && head[1] === tail[1])
      rounded.pop();
    if (rounded.length >= 3) parts.push(encode(rounded));
  }
  return { path: parts.join(''), rings: parts.length };
}

/** The text of src/renderer/assets/world-land.ts. */
export function worldOutlineModule(): string {
  const { path, rings } = buildWorldOutline();
  return [
    '// Generated by scripts/make-world-outline.ts from Natural Earth 1:110m land (public domain),',
    `// world-atlas ${SOURCE_VERSION}: ${rings} rings, Natural Earth projection, simplified. Do not edit.`,
    '',
    `/** The land, as one SVG path in a ${MAP_FRAME.width}×${MAP_FRAME.height} frame (map-projection.ts's MAP_FRAME). */`,
    `export const WORLD_LAND_PATH =\n  '${path}';`,
    '',
  ].join('\n');
}

export const OUTLINE_MODULE = resolve(
  import.meta.dirname,
  '..',
  'src',
  'renderer',
  'assets',
  'world-land.ts',
);

function main(): void {
  const text = worldOutlineModule();
  writeFileSync(OUTLINE_MODULE, text);
  console.log(`src/renderer/assets/world-land.ts: ${text.length} bytes`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
