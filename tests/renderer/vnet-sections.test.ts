import { describe, expect, it } from 'vitest';
import { sectionVnets } from '../../src/renderer/lib/vnet-sections.js';
import { RECENT_LIMIT } from '../../src/shared/agent/vnet-sections.js';
import { V, VNETS } from './snapshot-fixtures.js';

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
    expect(layout([V.usEast, V.amsterdam], [V.amsterdam, V.dublin])).toEqual([
      ['favourites', [V.usEast, V.amsterdam]],
      ['recent', [V.dublin]],
      ['all', [V.default, V.london, 'v-sao']],
    ]);
  });

  it(`keeps at most ${RECENT_LIMIT} recents and ignores ids the list no longer has`, () => {
    const sections = sectionVnets(VNETS, ['gone'], [V.usEast, 'gone', 'v-sao', V.london, V.dublin]);
    expect(sections.map((section) => section.id)).toEqual(['recent', 'all']);
    expect(sections[0]?.vnets.map((vnet) => vnet.id)).toEqual([V.usEast, 'v-sao', V.london]);
    expect(sections[1]?.vnets.map((vnet) => vnet.id)).toContain(V.dublin);
    const all = sections.flatMap((section) => section.vnets.map((vnet) => vnet.id));
    expect(new Set(all).size).toBe(VNETS.length);
    expect(all).toHaveLength(VNETS.length);
  });
});
