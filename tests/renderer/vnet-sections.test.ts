import { describe, expect, it } from 'vitest';
import { sectionVnets } from '../../src/renderer/lib/vnet-sections.js';
import { RECENT_LIMIT } from '../../src/shared/agent/vnet-sections.js';
import { VNETS } from './snapshot-fixtures.js';

const layout = (favourites: string[], recents: string[]) =>
  sectionVnets(VNETS, favourites, recents).map((section) => [
    section.id,
    section.vnets.map((vnet) => vnet.id),
  ]);

describe('sectionVnets', () => {
  it('lists everything under All when nothing is pinned or recent', () => {
    expect(layout([], [])).toEqual([['all', VNETS.map((vnet) => vnet.id)]]);
  });

  it('shows each vnet once, in its first section, favourites in pinned order', () => {
    expect(layout(['v-us', 'v-ams'], ['v-ams', 'v-dub'])).toEqual([
      ['favourites', ['v-us', 'v-ams']],
      ['recent', ['v-dub']],
      ['all', ['v-default', 'v-lon', 'v-sao']],
    ]);
  });

  it(`keeps at most ${RECENT_LIMIT} recents and ignores ids the list no longer has`, () => {
    const sections = sectionVnets(VNETS, ['gone'], ['v-us', 'gone', 'v-sao', 'v-lon', 'v-dub']);
    expect(sections.map((section) => section.id)).toEqual(['recent', 'all']);
    expect(sections[0]?.vnets.map((vnet) => vnet.id)).toEqual(['v-us', 'v-sao', 'v-lon']);
    expect(sections[1]?.vnets.map((vnet) => vnet.id)).toContain('v-dub');
    const all = sections.flatMap((section) => section.vnets.map((vnet) => vnet.id));
    expect(new Set(all).size).toBe(VNETS.length);
    expect(all).toHaveLength(VNETS.length);
  });
});
