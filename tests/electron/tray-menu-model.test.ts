import { describe, expect, it } from 'vitest';
import {
  commandItems,
  escapeMenuLabel,
  type TrayCommandItem,
  type TrayMenuItem,
  trayMenuModel,
} from '../../src/main/electron/tray-menu-model.js';
import { egressOf, snapshot, unavailableEgress, V, vnet } from './fixtures.js';

const NOW = new Date('2025-01-01T12:00:00.000Z');

function section(items: TrayMenuItem[], title: string): TrayCommandItem[] {
  const start = items.findIndex((item) => item.kind === 'label' && item.label === title);
  if (start < 0) return [];
  const rest = items.slice(start + 1);
  const end = rest.findIndex(
    (item) => item.kind !== 'radio' && !(item.kind === 'normal' && item.id === 'more'),
  );
  return (end < 0 ? rest : rest.slice(0, end)).filter(
    (item): item is TrayCommandItem => item.kind === 'radio',
  );
}

const QUICK = 'Favourites and recent';
const ALL = 'All networks';

describe('trayMenuModel', () => {
  it('starts with where traffic leaves now, then every vnet as a radio item, then the actions', () => {
    const items = trayMenuModel(snapshot(), { now: NOW });
    expect(items[0]).toEqual({ kind: 'label', label: 'vnet-London · 192.0.2.10 · London, GB' });
    expect(items[1]).toEqual({ kind: 'label', label: 'Traffic via proxy 127.0.0.1:40000' });
    const all = section(items, ALL);
    expect(all.map((item) => item.label)).toEqual([
      'default — London, GB',
      'vnet-Amsterdam — Amsterdam, NL',
      'vnet-Dublin — Dublin, IE',
      'vnet-London — London, GB',
      'vnet-US-East — Washington, D.C., US',
    ]);
    expect(all.filter((item) => item.checked).map((item) => item.action)).toEqual([
      { type: 'switch', vnetId: V.london, vnetName: 'vnet-London' },
    ]);
    const actions = commandItems(items)
      .filter((item) => item.kind === 'normal')
      .map((item) => item.id);
    expect(actions).toEqual(['verify', 'copy-proxy', 'open', 'quit']);
    expect(items.at(-1)).toMatchObject({ id: 'quit', label: 'Quit' });
  });

  it('puts favourites (pinned order) then recents first, without duplicates or unknown ids', () => {
    const items = trayMenuModel(
      snapshot({
        favourites: [V.usEast, 'gone', V.london],
        recents: [V.london, V.amsterdam, V.default],
      }),
      { now: NOW, maxRecents: 5 },
    );
    const quick = section(items, QUICK);
    expect(quick.map((item) => item.action)).toEqual([
      { type: 'switch', vnetId: V.usEast, vnetName: 'vnet-US-East' },
      { type: 'switch', vnetId: V.london, vnetName: 'vnet-London' },
      { type: 'switch', vnetId: V.amsterdam, vnetName: 'vnet-Amsterdam' },
      { type: 'switch', vnetId: V.default, vnetName: 'default' },
    ]);
    expect(new Set(quick.map((item) => item.id)).size).toBe(quick.length);
    // The quick section comes before the full list.
    const labels = items.filter((item) => item.kind === 'label').map((item) => item.label);
    expect(labels.indexOf(QUICK)).toBeLessThan(labels.indexOf(ALL));
    // The attached vnet is checked wherever it appears.
    expect(quick.find((item) => item.id === `quick:${V.london}`)?.checked).toBe(true);
  });

  it('caps recents, but shows every favourite', () => {
    const items = trayMenuModel(
      snapshot({ favourites: [V.usEast, V.default], recents: [V.amsterdam, V.london] }),
      { now: NOW, maxRecents: 1 },
    );
    expect(section(items, QUICK).map((item) => item.id)).toEqual([
      `quick:${V.usEast}`,
      `quick:${V.default}`,
      `quick:${V.amsterdam}`,
    ]);
  });

  it('has no quick section when nothing is pinned or recent', () => {
    expect(section(trayMenuModel(snapshot(), { now: NOW }), QUICK)).toEqual([]);
    const labels = trayMenuModel(snapshot(), { now: NOW }).filter((item) => item.kind === 'label');
    expect(labels.map((item) => item.label)).not.toContain(QUICK);
  });

  it('lists long lists up to the limit, keeps the attached one, and adds More… opening the popover', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      vnet(`v-${String(i).padStart(2, '0')}`, `vnet-${String(i).padStart(2, '0')}`, 'London', {
        attached: i === 25,
      }),
    );
    const items = trayMenuModel(snapshot({ vnets: many, attached_vnet_id: 'v-25' }), {
      now: NOW,
      maxListed: 10,
    });
    const all = section(items, ALL);
    expect(all).toHaveLength(10);
    expect(all.map((item) => item.id).slice(0, 9)).toEqual(
      many.slice(0, 9).map((v) => `all:${v.id}`),
    );
    expect(all.at(-1)).toMatchObject({ id: 'all:v-25', checked: true });
    const more = commandItems(items).find((item) => item.id === 'more');
    expect(more).toMatchObject({
      label: 'More… (20 more)',
      enabled: true,
      action: { type: 'open' },
    });
  });

  it('has no More… at or under the limit', () => {
    const exact = Array.from({ length: 10 }, (_, i) => vnet(`v-${i}`, `n-${i}`, 'London'));
    const items = trayMenuModel(snapshot({ vnets: exact }), { now: NOW, maxListed: 10 });
    expect(commandItems(items).some((item) => item.id === 'more')).toBe(false);
    expect(section(items, ALL)).toHaveLength(10);
  });

  it('keeps switching possible while a switch runs (the last choice wins) and marks the target', () => {
    const items = trayMenuModel(
      snapshot({
        status: 'switching',
        switching: {
          vnet_id: V.amsterdam,
          vnet_name: 'vnet-Amsterdam',
          started_at: NOW.toISOString(),
        },
      }),
      { now: NOW },
    );
    expect(items[0]).toEqual({ kind: 'label', label: 'Switching to vnet-Amsterdam…' });
    const all = section(items, ALL);
    expect(all.every((item) => item.enabled)).toBe(true);
    expect(all.find((item) => item.id === `all:${V.amsterdam}`)?.label).toBe(
      'vnet-Amsterdam — Amsterdam, NL (switching…)',
    );
    expect(commandItems(items).find((item) => item.id === 'verify')?.enabled).toBe(false);
  });

  it('offline: no switching or verifying, a retry countdown, the last known egress, and Retry now', () => {
    const items = trayMenuModel(
      snapshot({
        status: 'offline',
        offline: {
          since: '2025-01-01T11:59:00.000Z',
          last_error: 'ECONNREFUSED',
          attempt: 3,
          next_retry_at: '2025-01-01T12:00:11.200Z',
        },
        egress: egressOf(V.london, 'vnet-London', 'London', { stale: true }),
      }),
      { now: NOW },
    );
    expect(items.slice(0, 2)).toEqual([
      { kind: 'label', label: 'Offline — retrying in 12 s' },
      { kind: 'label', label: 'Last known: vnet-London · 192.0.2.10 · London, GB' },
    ]);
    expect(section(items, ALL).every((item) => !item.enabled)).toBe(true);
    const byId = new Map(commandItems(items).map((item) => [item.id, item]));
    expect(byId.get('refresh')).toMatchObject({ enabled: true, action: { type: 'refresh' } });
    expect(byId.get('verify')?.enabled).toBe(false);
    expect(byId.get('open')?.enabled).toBe(true);
    expect(byId.get('quit')?.enabled).toBe(true);
  });

  it('offers the proxy address to copy while it listens, and says when traffic is refused', () => {
    const copy = (items: TrayMenuItem[]) =>
      commandItems(items).find((item) => item.id === 'copy-proxy');
    expect(copy(trayMenuModel(snapshot(), { now: NOW }))).toMatchObject({
      label: 'Copy proxy address',
      enabled: true,
      action: { type: 'copy', text: 'http://127.0.0.1:40000' },
    });
    const taken = snapshot({
      proxy: { address: '127.0.0.1:40000', listening: false, error: 'the port is in use' },
    });
    const takenItems = trayMenuModel(taken, { now: NOW });
    expect(copy(takenItems)?.enabled).toBe(false);
    expect(takenItems[1]).toEqual({
      kind: 'label',
      label: 'Proxy not running: the port is in use',
    });
    const refused = snapshot({
      egress: egressOf(V.london, 'vnet-London', 'London', {
        egress: unavailableEgress(),
        fallback: { used: false, reason: 'LHR and LCY are down' },
      }),
    });
    expect(trayMenuModel(refused, { now: NOW })[1]).toEqual({
      kind: 'label',
      label: 'Traffic refused: LHR and LCY are down',
    });
    // Cloudflare WARP mode: the WARP client carries traffic; there is no proxy of ours to copy.
    const warp = snapshot({
      control_api: { mode: 'cloudflare_warp', url: null, account_id: 'acc' },
      proxy: { address: '127.0.0.1:40000', listening: false, error: 'off' },
    });
    expect(copy(trayMenuModel(warp, { now: NOW }))).toBeUndefined();
  });

  it('error and starting states leave only Open and Quit usable (and copying a listening proxy)', () => {
    for (const state of [
      snapshot({ status: 'error', error: { code: 'no_token', message: 'no token stored' } }),
      snapshot({ status: 'starting', starting: { message: 'Starting…' } }),
    ]) {
      const enabled = commandItems(trayMenuModel(state, { now: NOW }))
        .filter((item) => item.enabled)
        .map((item) => item.id);
      expect(enabled).toEqual(['copy-proxy', 'open', 'quit']);
    }
  });

  it('labels each vnet with where it would egress, including shared and unavailable', () => {
    const items = trayMenuModel(
      snapshot({
        vnets: [
          vnet('a', 'no-preview', null, { attached: true }),
          vnet('b', 'broken', 'unavailable'),
          {
            ...vnet('c', 'shared-one', 'Amsterdam'),
            preview: {
              egress: {
                ipv4: '203.0.113.12',
                ipv6: null,
                colo: 'AMS',
                city: 'Amsterdam',
                country: 'NL',
                kind: 'shared',
              },
              decided_by: { type: 'no_dedicated_ips', summary: 'shared' },
              fallback: { used: false },
            },
          },
        ],
        attached_vnet_id: 'a',
      }),
      { now: NOW },
    );
    expect(section(items, ALL).map((item) => item.label)).toEqual([
      'no-preview',
      'broken — unavailable',
      'shared-one — Amsterdam, NL (shared)',
    ]);
  });
});

describe('escapeMenuLabel', () => {
  it('doubles every ampersand so user text never becomes a mnemonic', () => {
    expect(escapeMenuLabel('R&D && QA')).toBe('R&&D &&&& QA');
    expect(escapeMenuLabel('plain')).toBe('plain');
  });
});
