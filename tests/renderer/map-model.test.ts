import { describe, expect, it } from 'vitest';
import { fitView, kmText, mapModel } from '../../src/renderer/lib/map-model.js';
import { MAP_FRAME, toMap } from '../../src/renderer/lib/map-projection.js';
import type { AgentLocation, EgressSnapshot } from '../../src/shared/agent/state.js';
import { egress, VNETS, vnet } from './snapshot-fixtures.js';

const LONDON: AgentLocation = {
  colo: 'LHR',
  city: 'London',
  country: 'GB',
  lat: 51.47,
  lon: -0.45,
  source: 'time_zone',
};

function current(colo: string | null, kind: 'dedicated' | 'shared' | 'unavailable' = 'dedicated') {
  return {
    vnet_id: 'v-us',
    vnet_name: 'vnet-US-East',
    egress: egress({ colo, kind }),
    decided_by: { type: 'nearest', summary: 'nearest dedicated location' },
    fallback: { used: false },
    config_version: 1,
    resolved_at: '2025-03-04T14:00:00.000Z',
    stale: false,
  } satisfies EgressSnapshot;
}

describe('mapModel', () => {
  it('puts each vnet at its data center, one marker per data center, current first', () => {
    const model = mapModel(LONDON, VNETS, current('IAD'));
    expect(model.sites.map((site) => site.colo)).toEqual([
      'IAD',
      'LHR',
      'LCY',
      'AMS',
      'DUB',
      'GRU',
    ]);
    const iad = model.sites[0];
    expect(iad).toMatchObject({ city: 'Washington, D.C.', current: true, vnets: ['vnet-US-East'] });
    expect(model.sites.filter((site) => site.current)).toHaveLength(1);
    expect(iad?.km).toBeGreaterThan(5800);
    expect(iad?.km).toBeLessThan(6000);
  });

  it('lists every vnet that lands in one data center under its marker', () => {
    const vnets = [...VNETS, vnet('v-lon2', 'vnet-London-2', {})];
    const lhr = mapModel(LONDON, vnets, null).sites.find((site) => site.colo === 'LHR');
    expect(lhr?.vnets).toEqual(['vnet-London', 'vnet-London-2']);
  });

  it('draws the path from you to the current egress, and none when it is unavailable', () => {
    const model = mapModel(LONDON, VNETS, current('IAD'));
    const you = toMap(LONDON);
    expect(model.path?.startsWith(`M${Math.round(you.x * 10) / 10} `)).toBe(true);
    expect(model.you.label).toBe('London, GB');
    const down = mapModel(LONDON, VNETS, current(null, 'unavailable'));
    expect(down.path).toBeNull();
    expect(down.sites.some((site) => site.current)).toBe(false);
    expect(down.summary).toContain('unavailable');
  });

  it('leaves off the map the vnets with no place, and names them', () => {
    const vnets = [
      vnet('v-x', 'vnet-Down', { kind: 'unavailable', colo: null }),
      vnet('v-y', 'vnet-Unknown', { colo: 'ZZZ' }),
      vnet('v-z', 'vnet-New', null),
      vnet('v-lon', 'vnet-London', {}),
    ];
    const model = mapModel(LONDON, vnets, null);
    expect(model.unplaced).toEqual(['vnet-Down', 'vnet-Unknown', 'vnet-New']);
    expect(model.sites.map((site) => site.colo)).toEqual(['LHR']);
  });

  it('shows the current egress even before its preview names it there', () => {
    const model = mapModel(LONDON, [vnet('v-lon', 'vnet-London', {})], current('NRT'));
    expect(model.sites[0]).toMatchObject({ colo: 'NRT', current: true, vnets: ['vnet-US-East'] });
  });

  it('sums the map up in one sentence for screen readers', () => {
    expect(mapModel(LONDON, VNETS, current('IAD')).summary).toBe(
      'You are in London, GB. Traffic leaves from Washington, D.C. (IAD), 5,900 km away. 5 other egress locations.',
    );
    expect(mapModel(LONDON, [], current(null, 'shared')).summary).toBe(
      'You are in London, GB. Traffic leaves through the shared egress.',
    );
  });
});

describe('fitView', () => {
  const aspect = MAP_FRAME.height / MAP_FRAME.width;

  it('holds every point with a margin, in the map aspect ratio', () => {
    const points = [toMap({ lat: 51.5, lon: 0 }), toMap({ lat: -23.4, lon: -46.5 })];
    const view = fitView(points);
    expect(view.height / view.width).toBeCloseTo(aspect, 2);
    for (const point of points) {
      expect(point.x).toBeGreaterThan(view.x + 10);
      expect(point.x).toBeLessThan(view.x + view.width - 10);
      expect(point.y).toBeGreaterThan(view.y + 10);
      expect(point.y).toBeLessThan(view.y + view.height - 10);
    }
  });

  it('never zooms closer than a region, nor outside the world', () => {
    const near = fitView([toMap({ lat: 51.5, lon: 0 }), toMap({ lat: 51.5, lon: 0.1 })]);
    expect(near.width).toBe(220);
    const edge = fitView([toMap({ lat: 70, lon: 179 })]);
    expect(edge.x + edge.width).toBeLessThanOrEqual(MAP_FRAME.width);
    expect(edge.y).toBeGreaterThanOrEqual(0);
    const world = fitView([toMap({ lat: 60, lon: -170 }), toMap({ lat: -50, lon: 170 })]);
    expect(world).toEqual({ x: 0, y: 0, width: MAP_FRAME.width, height: MAP_FRAME.height });
  });
});

describe('kmText', () => {
  it('groups thousands and never says 0 km', () => {
    expect(kmText(5890)).toBe('5,890 km');
    expect(kmText(20)).toBe('20 km');
    expect(kmText(0)).toBe('under 10 km');
  });
});
