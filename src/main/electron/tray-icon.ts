import { join } from 'node:path';
import type { AgentSnapshot } from '../../shared/agent/index.js';

/**
 * Which drawn tray icon shows the agent's state (assets/, made by scripts/draw-icons.ts). macOS
 * gets template images (black + alpha; the menu bar tints them); other platforms a light glyph
 * for dark panels or a dark glyph for light ones. `name.png` is 16 px and `name@2x.png` 32 px:
 * Electron picks the one matching the display's scale factor.
 */

export const TRAY_ICON_STATES = ['connected', 'switching', 'offline', 'error'] as const;
export type TrayIconState = (typeof TRAY_ICON_STATES)[number];

export function trayIconState(snapshot: AgentSnapshot): TrayIconState {
  switch (snapshot.status) {
    case 'starting':
    case 'switching':
      return 'switching';
    case 'offline':
      return 'offline';
    case 'error':
      return 'error';
    case 'connected':
      // Connected but without any way out (rule IP and its fallback down) needs the user's eye.
      if (snapshot.egress?.egress.kind === 'unavailable') return 'error';
      if (snapshot.egress?.stale) return 'offline';
      return 'connected';
  }
}

/**
 * Whether the panel behind the icon is dark. GNOME-family top bars are dark whatever the theme;
 * elsewhere the panel follows the system theme.
 */
export function panelIsDark(platform: string, systemDark: boolean, desktop = ''): boolean {
  if (platform === 'linux' && /gnome|unity|ubuntu|pantheon|budgie/i.test(desktop)) return true;
  return systemDark;
}

export function trayIconFile(state: TrayIconState, platform: string, darkPanel: boolean): string {
  if (platform === 'darwin') return `tray-${state}Template.png`;
  return `tray-${state}-${darkPanel ? 'on-dark' : 'on-light'}.png`;
}

export function trayIconPath(
  assetsDir: string,
  state: TrayIconState,
  platform: string,
  darkPanel: boolean,
): string {
  return join(assetsDir, trayIconFile(state, platform, darkPanel));
}

export const APP_ICON_FILE = 'icon.png';
