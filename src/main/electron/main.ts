import { app } from 'electron';
import pino from 'pino';
import { appPaths } from './app-paths.js';
import { startedAtLogin } from './login-item.js';
import { registerAppScheme } from './security.js';
import { type Shell, startShell } from './shell.js';

/**
 * The Electron entry: one instance, then the shell once ready, and a clean stop on quit. Every
 * concern lives in its own module (see shell.ts for the wiring).
 */

const APP_ID = 'dev.egress-switcher.app';
const logger = pino({ level: process.env.EGRESS_SWITCHER_LOG_LEVEL ?? 'info' });
const e2e = process.env.EGRESS_SWITCHER_E2E === '1';
// Tests (and people running two profiles) keep their data apart; also scopes the instance lock.
if (process.env.EGRESS_SWITCHER_USER_DATA)
  app.setPath('userData', process.env.EGRESS_SWITCHER_USER_DATA);

registerAppScheme();
// Windows shows notifications only for a known AppUserModelID: the installer's (electron-builder appId).
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

if (!app.requestSingleInstanceLock()) {
  // Another instance runs; it shows its popover on 'second-instance'.
  app.quit();
} else {
  const shell: Promise<Shell> = app.whenReady().then(() => {
    if (process.platform === 'darwin') app.dock?.hide();
    return startShell({
      app,
      logger,
      e2e,
      startHidden: startedAtLogin(app),
      paths: appPaths({
        mainDir: import.meta.dirname,
        appPath: app.getAppPath(),
        env: process.env,
        packaged: app.isPackaged,
      }),
    });
  });
  shell.catch((error: unknown) => {
    logger.fatal({ err: error }, 'Egress Switcher could not start');
    app.exit(1);
  });

  app.on('second-instance', () => {
    shell.then((running) => running.showPopover()).catch(() => {});
  });
  // A tray app lives on with no window open.
  app.on('window-all-closed', () => {});
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    // Stop the agent and the simulator first (even if the quit came while still starting).
    event.preventDefault();
    shell
      .then((running) => running.stop())
      .catch((error: unknown) => logger.error({ err: error }, 'shutdown failed'))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}
