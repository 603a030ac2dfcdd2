import { describe, expect, it } from 'vitest';
import { conditionSegments } from '../../src/renderer/lib/condition-segments.js';

const LONDON = 'de5e0000-0000-4000-8000-000000000002';
const DUBLIN = 'de5e0000-0000-4000-8000-000000000005';
const vnets = [
  { id: LONDON, name: 'vnet-London' },
  { id: DUBLIN, name: 'vnet-Dublin' },
];

describe('conditionSegments', () => {
  it('replaces known quoted vnet ids with their names and keeps the rest verbatim', () => {
    const segments = conditionSegments(
      `net.vnet_id == "${LONDON}" or net.vnet_id == "${DUBLIN}"`,
      vnets,
    );
    expect(segments).toEqual([
      { kind: 'text', at: 0, text: 'net.vnet_id == ' },
      { kind: 'vnet', at: 15, id: LONDON, name: 'vnet-London' },
      { kind: 'text', at: 53, text: ' or net.vnet_id == ' },
      { kind: 'vnet', at: 72, id: DUBLIN, name: 'vnet-Dublin' },
    ]);
  });

  it('leaves unknown ids and other strings alone', () => {
    const text = 'net.vnet_id == "00000000-0000-4000-8000-000000000000" and http.host == "x"';
    expect(conditionSegments(text, vnets)).toEqual([{ kind: 'text', at: 0, text }]);
    expect(conditionSegments('', vnets)).toEqual([]);
  });

  it('matches ids case-insensitively', () => {
    const segments = conditionSegments(`net.vnet_id == "${LONDON.toUpperCase()}"`, vnets);
    expect(segments.at(-1)).toMatchObject({ kind: 'vnet', name: 'vnet-London' });
  });
});
