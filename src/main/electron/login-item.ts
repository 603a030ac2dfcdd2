import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';
import type { Logger } from 'pino';
import type { AgentSnapshot } from '../../shared/agent/index.js';
import { AUTOSTART_FILE, autostartDesktopEntry, HIDDEN_START_FLAG } from './autostart-entry.js';

/** "Start at login": the OS login item on macOS and Windows, an XDG autostart entry on Linux. */
export function applyStartAtLogin(app: App, enabled: boolean): void {
  if (process.platform === 'linux') {
    const dir = join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart');
    const file = join(dir, AUTOSTART_FILE);
    if (!enabled) {
      rmSync(file, { force: true });
      return;
    }
    // An AppImage runs from a temporary mount: autostart must name the image itself.
    const command = process.env.APPIMAGE ? [process.env.APPIMAGE] : launchCommand(app);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, autostartDesktopEntry(command), { mode: 0o644 });
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_START_FLAG] });
}

/** Unpackaged (`electron .`), the app path must follow the Electron binary. */
function launchCommand(app: App): string[] {
  return app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
}

/** Started by the login item: stay in the tray instead of opening the popover. */
export function startedAtLogin(app: App): boolean {
  if (process.argv.includes(HIDDEN_START_FLAG)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}

/**
 * Keeps the login item in step with the `start_at_login` setting from each snapshot, touching
 * the OS only when the setting changes (the first snapshot applies it).
 */
export function followStartAtLogin(app: App, logger: Logger): (snapshot: AgentSnapshot) => void {
  let applied: boolean | undefined;
  return (snapshot) => {
    const wanted = snapshot.settings.start_at_login;
    if (wanted === applied) return;
    applied = wanted;
    try {
      applyStartAtLogin(app, wanted);
    } catch (error) {
      logger.warn({ err: error }, 'could not change the start-at-login entry');
    }
  };
}
