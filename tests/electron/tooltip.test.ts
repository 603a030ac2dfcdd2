import { describe, expect, it } from 'vitest';
import { tooltipLimit, trayTooltip, truncate } from '../../src/main/electron/tooltip.js';
import { egressOf, snapshot, unavailableEgress } from './fixtures.js';

describe('trayTooltip', () => {
  it('names the vnet, the IPv4 and the place when connected', () => {
    expect(trayTooltip(snapshot(), 'linux')).toBe(
      'vnet-London · 192.0.2.10 · London, GB\nTraffic via proxy 127.0.0.1:40000',
    );
  });

  it('says when the egress is shared or came from a fallback', () => {
    const shared = snapshot({
      egress: egressOf('v-def', 'default', 'Amsterdam', {
        egress: {
          ipv4: '203.0.113.12',
          ipv6: null,
          colo: 'AMS',
          city: 'Amsterdam',
          country: 'NL',
          kind: 'shared',
        },
      }),
    });
    expect(trayTooltip(shared, 'darwin')).toBe(
      'default · 203.0.113.12 · Amsterdam, NL (shared)\nTraffic via proxy 127.0.0.1:40000',
    );
    const fallback = snapshot({
      egress: egressOf('v-lon', 'vnet-London', 'Dublin', {
        fallback: { used: true, reason: 'LHR down' },
      }),
    });
    expect(trayTooltip(fallback, 'win32')).toBe(
      'vnet-London · 198.51.100.30 · Dublin, IE (fallback)\nTraffic via proxy 127.0.0.1:40000',
    );
  });

  it('says plainly when no egress is available', () => {
    const unavailable = snapshot({
      egress: egressOf('v-lon', 'vnet-London', 'London', {
        egress: unavailableEgress(),
        fallback: { used: true, reason: 'both down' },
      }),
    });
    // Fail closed: the proxy refuses rather than send traffic another way, and says so.
    expect(trayTooltip(unavailable, 'linux')).toBe(
      'vnet-London · no egress available\nTraffic refused: both down',
    );
  });

  it('shows the switching target', () => {
    const switching = snapshot({
      status: 'switching',
      switching: {
        vnet_id: 'v-ams',
        vnet_name: 'vnet-Amsterdam',
        started_at: '2025-01-01T12:00:00.000Z',
      },
    });
    expect(trayTooltip(switching, 'linux')).toBe('Switching to vnet-Amsterdam…');
  });

  it('keeps the last known egress visible while offline, marked as such', () => {
    const offline = snapshot({
      status: 'offline',
      offline: {
        since: '2025-01-01T12:00:00.000Z',
        last_error: 'ECONNREFUSED',
        attempt: 2,
        next_retry_at: null,
      },
      egress: egressOf('v-lon', 'vnet-London', 'London', { stale: true }),
    });
    expect(trayTooltip(offline, 'linux')).toBe(
      'Offline, last known: vnet-London · 192.0.2.10 · London, GB\nTraffic via proxy 127.0.0.1:40000',
    );
    const never = snapshot({ ...offline, egress: null });
    expect(trayTooltip(never, 'linux')).toBe('Egress Switcher · offline, retrying');
  });

  it('shows starting and error messages', () => {
    expect(
      trayTooltip(
        snapshot({ status: 'starting', starting: { message: 'enrolling this device' } }),
        'linux',
      ),
    ).toBe('Egress Switcher · enrolling this device');
    expect(
      trayTooltip(
        snapshot({
          status: 'error',
          error: { code: 'no_token', message: 'the token was revoked' },
        }),
        'linux',
      ),
    ).toBe('Egress Switcher · the token was revoked');
  });

  it('keeps within the Windows limit by shortening the vnet name, never the address', () => {
    const long = `vnet-${'x'.repeat(240)}`;
    const text = trayTooltip(snapshot({ egress: egressOf('v-lon', long, 'London') }), 'win32');
    expect(text.length).toBeLessThanOrEqual(tooltipLimit('win32'));
    expect(text.length).toBeGreaterThan(100);
    expect(text).toMatch(
      /^vnet-x+… · 192\.0\.2\.10 · London, GB\nTraffic via proxy 127\.0\.0\.1:40000$/,
    );
  });

  it('says when the proxy is not running, and nothing of it in Cloudflare WARP mode', () => {
    const taken = snapshot({
      proxy: { address: '127.0.0.1:40000', listening: false, error: 'the port is in use' },
    });
    expect(trayTooltip(taken, 'linux').split('\n')[1]).toBe(
      'Proxy not running: the port is in use',
    );
    const starting = snapshot({
      proxy: { address: '127.0.0.1:40000', listening: false, error: null },
    });
    expect(trayTooltip(starting, 'linux')).toBe('vnet-London · 192.0.2.10 · London, GB');
    const warp = snapshot({
      control_api: { mode: 'cloudflare_warp', url: null, account_id: 'acc' },
      proxy: { address: '127.0.0.1:40000', listening: false, error: 'off: WARP carries it' },
    });
    expect(trayTooltip(warp, 'linux')).toBe('vnet-London · 192.0.2.10 · London, GB');
  });

  it('respects the limit on every platform and state', () => {
    const long = 'Ω'.repeat(300);
    for (const platform of ['win32', 'darwin', 'linux']) {
      for (const state of [
        snapshot({ egress: egressOf('v-lon', long, 'London') }),
        snapshot({
          status: 'switching',
          switching: { vnet_id: 'v', vnet_name: long, started_at: '2025-01-01T12:00:00.000Z' },
        }),
        snapshot({ status: 'error', error: { code: 'x', message: long } }),
        snapshot({
          status: 'offline',
          offline: {
            since: '2025-01-01T12:00:00.000Z',
            last_error: 'x',
            attempt: 1,
            next_retry_at: null,
          },
          egress: egressOf('v-lon', long, 'London', { stale: true }),
        }),
      ]) {
        expect(trayTooltip(state, platform).length).toBeLessThanOrEqual(tooltipLimit(platform));
      }
    }
  });
});

describe('truncate', () => {
  it('never splits a surrogate pair', () => {
    const text = `ab${'🇬🇧'.repeat(10)}`;
    for (let max = 1; max < text.length; max += 1) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith('…')).toBe(true);
      const beforeEllipsis = cut.charCodeAt(cut.length - 2);
      expect(beforeEllipsis >= 0xd800 && beforeEllipsis <= 0xdbff).toBe(false);
    }
    expect(truncate('short', 10)).toBe('short');
  });
});
