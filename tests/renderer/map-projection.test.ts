import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTLINE_MODULE, worldOutlineModule } from '../../scripts/make-world-outline.js';
import { WORLD_LAND_PATH } from '../../src/renderer/assets/world-land.js';
import {
  greatCirclePoints,
  MAP_FRAME,
  mapPathData,
  naturalEarth,
  toMap,
  wrapLongitude,
} from '../../src/renderer/lib/map-projection.js';
import { greatCircleKm } from '../../src/shared/geo/distance.js';

describe('naturalEarth', () => {
  it('matches the published projection at reference points', () => {
    // The extents are the paper's (width/height ratio 1.923); the mid point is its polynomial
    // worked by hand: a wrong coefficient moves it.
    expect(naturalEarth({ lat: 0, lon: 0 })).toEqual({ x: 0, y: 0 });
    expect(naturalEarth({ lat: 0, lon: 180 }).x).toBeCloseTo(2.73539, 4);
    expect(naturalEarth({ lat: 90, lon: 0 }).y).toBeCloseTo(1.42239, 4);
    const mid = naturalEarth({ lat: 45, lon: 90 });
    expect(mid.x).toBeCloseTo(1.23199, 4);
    expect(mid.y).toBeCloseTo(0.79305, 4);
  });

  it('is symmetric about the equator and the prime meridian', () => {
    const a = naturalEarth({ lat: 37, lon: 122 });
    const b = naturalEarth({ lat: -37, lon: -122 });
    expect(b.x).toBeCloseTo(-a.x, 12);
    expect(b.y).toBeCloseTo(-a.y, 12);
  });

  it('narrows the parallels toward the poles', () => {
    const equator = naturalEarth({ lat: 0, lon: 180 }).x;
    const sixty = naturalEarth({ lat: 60, lon: 180 }).x;
    expect(sixty).toBeLessThan(equator);
    expect(sixty).toBeGreaterThan(equator / 2);
  });
});

describe('wrapLongitude', () => {
  it('folds longitudes outside the map into it and keeps both edges', () => {
    expect(wrapLongitude(190)).toBe(-170);
    expect(wrapLongitude(-190)).toBe(170);
    expect(wrapLongitude(540)).toBe(-180);
    expect(wrapLongitude(180)).toBe(180);
    expect(wrapLongitude(-180)).toBe(-180);
  });
});

describe('toMap', () => {
  it('puts the map in an 800-wide frame, north up, cropped at 84°N and 58°S', () => {
    expect(MAP_FRAME.width).toBe(800);
    expect(toMap({ lat: 0, lon: -180 }).x).toBeCloseTo(0, 9);
    expect(toMap({ lat: 0, lon: 180 }).x).toBeCloseTo(800, 9);
    expect(toMap({ lat: 84, lon: 0 }).y).toBeCloseTo(0, 9);
    expect(toMap({ lat: -58, lon: 0 }).y).toBeCloseTo(MAP_FRAME.height, 0);
    const london = toMap({ lat: 51.5, lon: -0.1 });
    const sydney = toMap({ lat: -33.9, lon: 151.2 });
    expect(london.x).toBeCloseTo(400, -1);
    expect(sydney.x).toBeGreaterThan(london.x);
    expect(sydney.y).toBeGreaterThan(london.y);
  });
});

describe('greatCirclePoints', () => {
  const london = { lat: 51.47, lon: -0.45 };
  const washington = { lat: 38.94, lon: -77.46 };

  it('starts and ends exactly at the two places, evenly spaced along the great circle', () => {
    const points = greatCirclePoints(london, washington, 10);
    expect(points).toHaveLength(11);
    expect(points[0]).toEqual(london);
    expect(points[10]).toEqual(washington);
    const total = greatCircleKm(london, washington);
    for (let i = 1; i < points.length; i++) {
      const step = greatCircleKm(points[i - 1] ?? london, points[i] ?? london);
      expect(step).toBeCloseTo(total / 10, 0);
    }
  });

  it('bows north of the straight line between two northern cities, as flights do', () => {
    const middle = greatCirclePoints(london, washington, 2)[1];
    expect(middle?.lat).toBeGreaterThan((london.lat + washington.lat) / 2 + 3);
  });

  it('gives the two points when they are the same place', () => {
    expect(greatCirclePoints(london, london)).toEqual([london, london]);
  });
});

describe('mapPathData', () => {
  it('draws one line, and breaks it where it crosses the antimeridian', () => {
    const tokyo = { lat: 35.55, lon: 139.78 };
    const sanFrancisco = { lat: 37.62, lon: -122.38 };
    const across = mapPathData(greatCirclePoints(tokyo, sanFrancisco, 20));
    expect(across.match(/M/g)).toHaveLength(2);
    const within = mapPathData(greatCirclePoints({ lat: 51.5, lon: 0 }, { lat: 40.6, lon: -73.8 }));
    expect(within.match(/M/g)).toHaveLength(1);
    expect(within.startsWith('M')).toBe(true);
  });
});

describe('world outline asset', () => {
  it('is what scripts/make-world-outline.ts generates (regenerate it after changing either)', () => {
    expect(readFileSync(OUTLINE_MODULE, 'utf8')).toBe(worldOutlineModule());
  });

  it('is a compact path of closed rings inside the frame', () => {
    expect(WORLD_LAND_PATH.length).toBeLessThan(12_000);
    const rings = WORLD_LAND_PATH.split('z').filter(Boolean);
    expect(rings.length).toBeGreaterThan(30);
    for (const ring of rings) {
      const match = /^M(-?\d+) (-?\d+)l/.exec(ring);
      expect(match, ring.slice(0, 20)).not.toBeNull();
      const [x, y] = [Number(match?.[1]), Number(match?.[2])];
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(MAP_FRAME.width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(MAP_FRAME.height + 1);
    }
  });
});
