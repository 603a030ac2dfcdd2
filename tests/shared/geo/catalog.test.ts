import { describe, expect, it } from 'vitest';
import {
  allCountries,
  allDataCenters,
  type ContinentCode,
  findCountry,
  findDataCenter,
  greatCircleKm,
  isValidGeoPoint,
  nearestDataCenter,
} from '../../../src/shared/geo/index.js';

/** A catalog data center the test relies on; fails loudly when it is missing. */
function dc(colo: string) {
  const found = findDataCenter(colo);
  if (found === undefined) throw new Error(`${colo} is missing from the catalog`);
  return found;
}

function country(code: string) {
  const found = findCountry(code);
  if (found === undefined) throw new Error(`${code} is missing from the country table`);
  return found;
}

const CONTINENTS: readonly ContinentCode[] = ['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA'];

describe('data-center catalog', () => {
  const catalog = allDataCenters();

  it('holds at least 45 data centers on every inhabited continent', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(45);
    const continents = new Set(catalog.map((dc) => dc.continent));
    for (const continent of ['AF', 'AS', 'EU', 'NA', 'OC', 'SA'] as const) {
      expect(continents, continent).toContain(continent);
    }
  });

  it('has unique three-letter colo codes and valid coordinates', () => {
    const colos = catalog.map((dc) => dc.colo);
    expect(new Set(colos).size).toBe(colos.length);
    for (const dc of catalog) {
      expect(dc.colo).toMatch(/^[A-Z]{3}$/);
      expect(isValidGeoPoint(dc), dc.colo).toBe(true);
    }
  });

  it('names the data centers the seed and the demo rely on', () => {
    expect(findDataCenter('AMS')).toMatchObject({ city: 'Amsterdam', country: 'NL' });
    expect(findDataCenter('DUB')).toMatchObject({ city: 'Dublin', country: 'IE' });
    expect(findDataCenter('IAD')).toMatchObject({ city: 'Washington, D.C.', country: 'US' });
    // Two London data centers, so a London-only rule can fall back within London.
    expect(findDataCenter('LHR')).toMatchObject({ city: 'London', country: 'GB' });
    expect(findDataCenter('LCY')).toMatchObject({ city: 'London', country: 'GB' });
    expect(greatCircleKm(dc('LHR'), dc('LCY'))).toBeGreaterThan(10);
  });

  it('gives every data center a country of the table on the same continent', () => {
    for (const dc of catalog) {
      const country = findCountry(dc.country);
      expect(country, dc.colo).toBeDefined();
      expect(country?.continent, dc.colo).toBe(dc.continent);
    }
  });

  it('puts every data center within 100 km of the city it names', () => {
    // Independent reference points (city centres) for a sample across continents.
    const cities: [string, number, number][] = [
      ['AMS', 52.37, 4.9],
      ['LHR', 51.51, -0.13],
      ['IAD', 38.9, -77.04],
      ['NRT', 35.68, 139.69],
      ['GRU', -23.55, -46.63],
      ['SYD', -33.87, 151.21],
      ['JNB', -26.2, 28.05],
    ];
    for (const [colo, lat, lon] of cities) {
      expect(greatCircleKm(dc(colo), { lat, lon }), colo).toBeLessThan(100);
    }
  });

  it('finds data centers case-insensitively and reports unknown codes as undefined', () => {
    expect(findDataCenter(' lhr ')?.colo).toBe('LHR');
    expect(findDataCenter('XYZ')).toBeUndefined();
    expect(findDataCenter('')).toBeUndefined();
  });
});

describe('nearestDataCenter', () => {
  it('finds the closest data center of the catalog', () => {
    expect(nearestDataCenter({ lat: 52.09, lon: 5.12 }).colo).toBe('AMS'); // Utrecht
    expect(nearestDataCenter({ lat: 40.68, lon: -73.94 }).colo).toBe('EWR'); // Brooklyn
    expect(nearestDataCenter({ lat: -33.92, lon: 151.25 }).colo).toBe('SYD');
    expect(nearestDataCenter(dc('LCY')).colo).toBe('LCY');
  });

  it('works across the antimeridian', () => {
    expect(nearestDataCenter({ lat: -36.9, lon: -179.9 }).colo).toBe('AKL');
  });

  it('chooses among the given candidates only', () => {
    const candidates = ['IAD', 'NRT'].map(dc);
    expect(nearestDataCenter({ lat: 51.5, lon: -0.1 }, candidates).colo).toBe('IAD');
    expect(() => nearestDataCenter({ lat: 0, lon: 0 }, [])).toThrow(RangeError);
  });
});

describe('country table', () => {
  const countries = allCountries();

  it('covers the ISO 3166-1 countries with unique codes, continents and valid points', () => {
    expect(countries.length).toBeGreaterThanOrEqual(249);
    expect(new Set(countries.map((c) => c.code)).size).toBe(countries.length);
    for (const country of countries) {
      expect(country.code).toMatch(/^[A-Z]{2}$/);
      expect(CONTINENTS, country.code).toContain(country.continent);
      expect(isValidGeoPoint(country), country.code).toBe(true);
    }
  });

  it('uses only codes the runtime knows as regions (no typos)', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const { code } of countries) expect(names.of(code), code).not.toBe(code);
  });

  it('places representative points where the countries are', () => {
    expect(greatCircleKm(country('NL'), dc('AMS'))).toBeLessThan(50);
    expect(greatCircleKm(country('GB'), dc('LCY'))).toBeLessThan(50);
    expect(greatCircleKm(country('JP'), dc('NRT'))).toBeLessThan(50);
    expect(findCountry('us')).toMatchObject({ name: 'United States', continent: 'NA' });
    expect(findCountry('BR')?.continent).toBe('SA');
    expect(findCountry('AQ')?.continent).toBe('AN');
    expect(findCountry('ZZ')).toBeUndefined();
  });
});
