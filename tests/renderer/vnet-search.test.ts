import { describe, expect, it } from 'vitest';
import { searchVnets } from '../../src/renderer/lib/vnet-search.js';
import { VNETS } from './snapshot-fixtures.js';

const names = (query: string) => searchVnets(VNETS, query).map((vnet) => vnet.name);

describe('searchVnets', () => {
  it('finds a vnet by where it egresses: city, country name or code, IATA code', () => {
    expect(names('dublin')).toEqual(['vnet-Dublin']);
    expect(names('netherlands')).toEqual(['vnet-Amsterdam']);
    expect(names('NL')).toEqual(['vnet-Amsterdam']);
    expect(names('iad')).toEqual(['vnet-US-East']);
  });

  it('finds vnets by IP prefix and by exact IP, the exact one first', () => {
    expect(names('198.51.100')).toEqual(['vnet-Dublin', 'vnet-US-East']);
    expect(names('198.51.100.40')).toEqual(['vnet-US-East']);
    expect(names('2001:db8:20')).toEqual(['vnet-Amsterdam']);
  });

  it('ranks an exact name above a city prefix above a substring', () => {
    // "london" is vnet-London's city and a word of its name, and the default's city.
    expect(names('london')).toEqual(['default', 'vnet-London']);
    expect(names('vnet-london')).toEqual(['vnet-London']);
    // A name prefix beats a name substring.
    expect(names('vnet-')[0]).toBe('vnet-Amsterdam');
    expect(names('east')).toEqual(['vnet-US-East']);
  });

  it('ignores case and accents, and every word must match', () => {
    expect(names('SAO PAULO')).toEqual(['vnet-São-Paulo']);
    expect(names('sao brazil')).toEqual(['vnet-São-Paulo']);
    expect(names('london amsterdam')).toEqual([]);
    expect(names('gb lcy')).toEqual(['default']);
  });

  it('matches nothing for an empty query or a miss, and skips vnets without a preview', () => {
    expect(names('   ')).toEqual([]);
    expect(names('tokyo')).toEqual([]);
    const unknown = [
      { ...VNETS[1], id: 'x', name: 'lab', preview: null } as (typeof VNETS)[number],
    ];
    expect(searchVnets(unknown, 'amsterdam')).toEqual([]);
    expect(searchVnets(unknown, 'lab').map((vnet) => vnet.id)).toEqual(['x']);
  });
});
