import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EARTH_RADIUS_KM,
  greatCircleKm,
  kmBetween,
  unitVector,
} from '../../../src/shared/geo/index.js';

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('greatCircleKm', () => {
  it('matches published city-to-city distances', () => {
    const london = { lat: 51.5074, lon: -0.1278 };
    const newYork = { lat: 40.7128, lon: -74.006 };
    const paris = { lat: 48.8566, lon: 2.3522 };
    const sydney = { lat: -33.8688, lon: 151.2093 };
    const auckland = { lat: -36.8485, lon: 174.7633 };
    expect(greatCircleKm(london, newYork)).toBeCloseTo(5570, -2);
    expect(Math.abs(greatCircleKm(london, paris) - 344)).toBeLessThan(5);
    expect(Math.abs(greatCircleKm(sydney, auckland) - 2156)).toBeLessThan(15);
  });

  it('is zero for one point, a quarter circumference along the equator, half for antipodes', () => {
    expect(greatCircleKm({ lat: 10, lon: 20 }, { lat: 10, lon: 20 })).toBe(0);
    expect(greatCircleKm({ lat: 0, lon: 0 }, { lat: 0, lon: 90 })).toBeCloseTo(
      (Math.PI / 2) * EARTH_RADIUS_KM,
      6,
    );
    expect(greatCircleKm({ lat: 45, lon: 30 }, { lat: -45, lon: -150 })).toBeCloseTo(
      Math.PI * EARTH_RADIUS_KM,
      3,
    );
  });

  it('is symmetric, bounded and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        const ab = greatCircleKm(a, b);
        expect(ab).toBeCloseTo(greatCircleKm(b, a), 6);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_KM + 1e-3);
        expect(ab).toBeLessThanOrEqual(greatCircleKm(a, c) + greatCircleKm(c, b) + 1e-3);
      }),
    );
  });

  it('agrees with the unit-vector distance the hot paths use', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        expect(kmBetween(unitVector(a), unitVector(b))).toBeCloseTo(greatCircleKm(a, b), 3);
      }),
    );
  });
});
