import { describe, expect, it } from 'vitest';
import { findVnet, vnetNotFound } from '../../src/main/agent/vnet-lookup.js';
import { closestNames, editDistance } from '../../src/shared/text/closest-names.js';

const vnets = [
  { id: 'id-1', name: 'default', comment: '', is_default: true },
  { id: 'id-2', name: 'vnet-London', comment: '', is_default: false },
  { id: 'id-3', name: 'VNET-LONDON', comment: '', is_default: false },
  { id: 'id-4', name: 'vnet-Amsterdam', comment: '', is_default: false },
];

describe('finding a vnet by id or name', () => {
  it('prefers an exact id, then an exact name, then a case-insensitive name', () => {
    expect(findVnet(vnets, 'id-4')?.name).toBe('vnet-Amsterdam');
    expect(findVnet(vnets, 'VNET-LONDON')?.id).toBe('id-3');
    expect(findVnet(vnets, 'vnet-London')?.id).toBe('id-2');
    expect(findVnet(vnets, 'Vnet-London')?.id).toBe('id-2');
    expect(findVnet(vnets, ' vnet-amsterdam ')?.id).toBe('id-4');
    expect(findVnet(vnets, 'vnet-Paris')).toBeUndefined();
  });

  it('takes the one name containing what was typed, and nothing when several do', () => {
    expect(findVnet(vnets, 'amster')?.id).toBe('id-4');
    expect(findVnet(vnets, 'london')).toBeUndefined();
    expect(vnetNotFound(vnets, 'london').suggestions?.slice().sort()).toEqual(
      ['VNET-LONDON', 'vnet-London'].sort(),
    );
  });

  it('suggests only plausible names: a typo of one word of the name, not every vnet', () => {
    expect(vnetNotFound(vnets, 'lodnon').suggestions?.slice().sort()).toEqual(
      ['VNET-LONDON', 'vnet-London'].sort(),
    );
    expect(vnetNotFound(vnets, 'paris').suggestions).toEqual([]);
    expect(vnetNotFound(vnets, 'paris').message).not.toMatch(/did you mean/);
  });

  it('suggests the closest names, a containing name first', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(
      closestNames(
        'amsterdam',
        vnets.map((v) => v.name),
        1,
      ),
    ).toEqual(['vnet-Amsterdam']);
    const typo = closestNames(
      'vnet-Lundon',
      vnets.map((v) => v.name),
      3,
    );
    expect(typo.slice(0, 2).sort()).toEqual(['VNET-LONDON', 'vnet-London'].sort());
    expect(typo[2]).not.toBe('default');
    const error = vnetNotFound(vnets, 'defualt');
    expect(error.code).toBe('not_found');
    expect(error.suggestions?.[0]).toBe('default');
    expect(error.message).toMatch(/did you mean default/);
  });
});
