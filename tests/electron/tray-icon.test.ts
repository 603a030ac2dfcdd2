import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  panelIsDark,
  TRAY_ICON_STATES,
  trayIconFile,
  trayIconPath,
  trayIconState,
} from '../../src/main/electron/tray-icon.js';
import { egressOf, snapshot, unavailableEgress } from './fixtures.js';

const ASSETS = resolve(import.meta.dirname, '../../assets');

describe('trayIconState', () => {
  it('maps every agent status to an icon', () => {
    expect(trayIconState(snapshot())).toBe('connected');
    expect(
      trayIconState(
        snapshot({
          status: 'switching',
          switching: { vnet_id: 'v', vnet_name: 'v', started_at: '2025-01-01T00:00:00.000Z' },
        }),
      ),
    ).toBe('switching');
    expect(trayIconState(snapshot({ status: 'starting', starting: { message: 's' } }))).toBe(
      'switching',
    );
    expect(
      trayIconState(
        snapshot({
          status: 'offline',
          offline: {
            since: '2025-01-01T00:00:00.000Z',
            last_error: 'x',
            attempt: 1,
            next_retry_at: null,
          },
        }),
      ),
    ).toBe('offline');
    expect(trayIconState(snapshot({ status: 'error', error: { code: 'x', message: 'y' } }))).toBe(
      'error',
    );
  });

  it('flags a connected agent with no way out, and a stale answer', () => {
    const unavailable = egressOf('v-lon', 'vnet-London', 'London', {
      egress: unavailableEgress(),
    });
    expect(trayIconState(snapshot({ egress: unavailable }))).toBe('error');
    expect(
      trayIconState(
        snapshot({ egress: egressOf('v-lon', 'vnet-London', 'London', { stale: true }) }),
      ),
    ).toBe('offline');
  });
});

describe('trayIconFile', () => {
  it('uses template images on macOS whatever the theme', () => {
    expect(trayIconFile('connected', 'darwin', true)).toBe('tray-connectedTemplate.png');
    expect(trayIconFile('connected', 'darwin', false)).toBe('tray-connectedTemplate.png');
  });

  it('uses the glyph that contrasts with the panel elsewhere', () => {
    expect(trayIconFile('offline', 'win32', true)).toBe('tray-offline-on-dark.png');
    expect(trayIconFile('offline', 'linux', false)).toBe('tray-offline-on-light.png');
  });

  it('names a committed 16 px file and its @2x for every state, platform and panel', () => {
    for (const state of TRAY_ICON_STATES) {
      for (const platform of ['darwin', 'win32', 'linux']) {
        for (const dark of [true, false]) {
          const path = trayIconPath(ASSETS, state, platform, dark);
          expect(existsSync(path), path).toBe(true);
          expect(existsSync(path.replace(/\.png$/, '@2x.png')), path).toBe(true);
        }
      }
    }
  });
});

describe('panelIsDark', () => {
  it('treats GNOME-family top bars as dark even in a light theme', () => {
    expect(panelIsDark('linux', false, 'ubuntu:GNOME')).toBe(true);
    expect(panelIsDark('linux', false, 'KDE')).toBe(false);
    expect(panelIsDark('linux', true, 'KDE')).toBe(true);
    expect(panelIsDark('win32', false, 'GNOME')).toBe(false);
  });
});
