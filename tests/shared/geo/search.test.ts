import { describe, expect, it } from 'vitest';
import { allDataCenters, searchLocations } from '../../../src/shared/geo/index.js';

const colos = (query: string) => searchLocations(query).map((dc) => dc.colo);

describe('searchLocations', () => {
  it('puts an exact IATA code first, in any case', () => {
    expect(colos('lhr')[0]).toBe('LHR');
    expect(colos('AMS')[0]).toBe('AMS');
  });

  it('finds every data center of a city', () => {
    expect(colos('London').slice(0, 2).sort()).toEqual(['LCY', 'LHR']);
    expect(colos('lond')).toEqual(expect.arrayContaining(['LCY', 'LHR']));
  });

  it('ignores accents and punctuation', () => {
    expect(colos('sao paulo')).toEqual(['GRU']);
    expect(colos('Washington DC')).toEqual(['IAD']);
    expect(colos('bogota')).toEqual(['BOG']);
  });

  it('finds data centers by country code and by country name', () => {
    expect(colos('GB').sort()).toEqual(['EDI', 'LCY', 'LHR', 'MAN']);
    expect(colos('netherlands')).toEqual(['AMS']);
    expect(colos('japan').sort()).toEqual(['KIX', 'NRT']);
  });

  it('ranks a city-name match above a country-name substring', () => {
    // "san" starts San Jose, San José and San Juan, and is inside other names.
    const hits = colos('san');
    expect(hits.slice(0, 3).sort()).toEqual(['SJC', 'SJO', 'SJU']);
    expect(hits).toContain('SCL'); // Santiago
  });

  it('lists the whole catalog for an empty query, nothing for nonsense, and honours a limit', () => {
    expect(searchLocations('  ')).toHaveLength(allDataCenters().length);
    expect(searchLocations('qqqq')).toEqual([]);
    expect(searchLocations('', 5)).toHaveLength(5);
  });
});
