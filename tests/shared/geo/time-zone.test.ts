import { describe, expect, it } from 'vitest';
import { findDataCenter, locationFromTimeZone } from '../../../src/shared/geo/index.js';
import { ZONE_ALIASES, ZONE_TO_COLO } from '../../../src/shared/geo/time-zone-table.js';

const guess = (zone: string | undefined) => {
  const { dataCenter, basis } = locationFromTimeZone(zone);
  return { colo: dataCenter.colo, basis };
};

describe('locationFromTimeZone', () => {
  it('maps well-known zones to a data center in that place', () => {
    expect(guess('Europe/London')).toEqual({ colo: 'LHR', basis: 'zone' });
    expect(guess('Europe/Amsterdam')).toEqual({ colo: 'AMS', basis: 'zone' });
    expect(guess('America/New_York')).toEqual({ colo: 'EWR', basis: 'zone' });
    expect(guess('Asia/Tokyo')).toEqual({ colo: 'NRT', basis: 'zone' });
    expect(guess('Australia/Sydney')).toEqual({ colo: 'SYD', basis: 'zone' });
  });

  it('keeps a whole-country zone inside its country', () => {
    expect(findDataCenter(guess('Asia/Kolkata').colo)?.country).toBe('IN');
    expect(findDataCenter(guess('Europe/Berlin').colo)?.country).toBe('DE');
  });

  it('is case-insensitive and understands legacy aliases', () => {
    expect(guess('europe/amsterdam').colo).toBe('AMS');
    expect(guess('US/Pacific')).toEqual({ colo: 'LAX', basis: 'zone' });
    expect(guess('Asia/Calcutta').colo).toBe(guess('Asia/Kolkata').colo);
  });

  it('falls back to the region for an unknown zone of a known region', () => {
    expect(guess('Europe/Atlantis')).toEqual({ colo: 'FRA', basis: 'region' });
    expect(guess('America/Argentina/Salta')).toEqual({ colo: 'EZE', basis: 'region' });
    expect(guess('Asia/Nowhere').basis).toBe('region');
  });

  it('falls back to the documented default (London) for UTC, nonsense and nothing', () => {
    for (const zone of ['UTC', 'Etc/GMT+5', 'Mars/Olympus', '', undefined]) {
      expect(guess(zone), String(zone)).toEqual({ colo: 'LHR', basis: 'default' });
    }
  });

  it('gives every zone this runtime knows a guess better than the default', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      if (/^(Etc\/|UTC$|GMT$)/.test(zone)) continue;
      expect(guess(zone).basis, zone).not.toBe('default');
    }
  });

  it('names only catalog data centers and aliases only known zones', () => {
    for (const [zone, colo] of Object.entries(ZONE_TO_COLO)) {
      expect(findDataCenter(colo), zone).toBeDefined();
    }
    for (const [alias, zone] of Object.entries(ZONE_ALIASES)) {
      expect(ZONE_TO_COLO[zone], alias).toBeDefined();
    }
  });
});
