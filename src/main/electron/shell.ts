import { join } from 'node:path';
import { type App, ipcMain, session } from 'electron';
import type { Logger } from 'pino';
import type { AgentSnapshot } from '../../shared/agent/index.js';
import { hostAgent } from './agent-host.js';
import { contentSecurityPolicy } from './app-pages.js';
import type { AppPaths } from './app-paths.js';
import { createElectronAgent } from './electron-agent.js';
import { bindAgentIpc } from './ipc-binding.js';
import { appUrlMatcher } from './ipc-guard.js';
import { followStartAtLogin } from './login-item.js';
import { Notifier } from './notifications.js';
import { PopoverWindow } from './popover-window.js';
import {
  applyCspToDevServer,
  denyPermissions,
  hardenWebContents,
  serveAppPages,
} from './security.js';
import { installTestHooks } from './test-hooks.js';
import { TrayController } from './tray-controller.js';
import { APP_ICON_FILE } from './tray-icon.js';

export interface ShellOptions {
  app: App;
  paths: AppPaths;
  logger: Logger;
  /** Started by the login item: stay in the tray. */
  startHidden: boolean;
  /** End-to-end run: keep the popover on blur, expose the test hooks. */
  e2e: boolean;
}

export interface Shell {
  showPopover(): void;
  stop(): Promise<void>;
}

/**
 * Wires the shell once `app` is ready: security, the agent (its own with Electron ports, serving
 * the LocalAPI, or the user's running headless one: see agent-host.ts), the popover,
 * the tray, IPC, notifications and the login item — each in its own module; this only connects
 * them and owns their shutdown order.
 */
export async function startShell(options: ShellOptions): Promise<Shell> {
  const { app, paths, logger } = options;
  const isAppUrl = appUrlMatcher(paths.entryUrl);
  const csp = contentSecurityPolicy({ devServerOrigin: paths.devServerOrigin });
  hardenWebContents(app, isAppUrl);
  if (paths.devServerOrigin)
    applyCspToDevServer(session.defaultSession, paths.devServerOrigin, csp);
  else serveAppPages(session.defaultSession, paths.rendererRoot, csp);
  denyPermissions(session.defaultSession, isAppUrl);

  // One agent per user: the app's own (serving egressctl too), or the headless one that runs.
  const host = await hostAgent({
    version: app.getVersion(),
    logger,
    createAgent: () =>
      createElectronAgent({
        userData: app.getPath('userData'),
        simulatorModule: paths.simulatorModule,
        logger,
      }),
  });
  const agent = host.api;
  const popover = new PopoverWindow({
    preload: paths.preload,
    entryUrl: paths.entryUrl,
    isAppUrl,
    devTools: !app.isPackaged,
    hideOnBlur: !options.e2e,
  });
  const notifier = new Notifier({
    popoverVisible: () => popover.isVisible,
    icon: join(paths.assets, APP_ICON_FILE),
  });
  const tray = new TrayController({
    agent,
    popover,
    assetsDir: paths.assets,
    quit: () => app.quit(),
    notify: (title, body) => notifier.show(title, body),
    logger,
  });
  const unbindIpc = bindAgentIpc({
    ipcMain,
    agent,
    trusted: () => popover.trustedSender(),
    push: (channel, snapshot) => popover.send(channel, snapshot),
    logger,
  });

  let latest: AgentSnapshot | null = null;
  const followLoginItem = followStartAtLogin(app, logger);
  const unsubscribe = agent.subscribe((snapshot) => {
    latest = snapshot;
    tray.update(snapshot);
    notifier.onSnapshot(snapshot);
    followLoginItem(snapshot);
  });

  if (options.e2e) {
    installTestHooks({
      trayMenu: () => tray.menuModel(),
      clickTrayItem: (id) => tray.click(id),
      snapshot: () => latest,
      showPopover: () => popover.show(null),
    });
  }

  // Not awaited: the tray and popover show "starting…" while the agent connects.
  host.start().catch((error: unknown) => logger.error({ err: error }, 'the agent failed to start'));
  if (!options.startHidden) void tray.perform({ type: 'open' });

  let stopping: Promise<void> | undefined;
  return {
    showPopover: () => void tray.perform({ type: 'open' }),
    stop: () => {
      stopping ??= (async () => {
        unsubscribe();
        unbindIpc();
        tray.destroy();
        // Stops the event stream, timers and the simulator's utility process, saves, and only
        // then closes the LocalAPI (a front just stops following its agent).
        await host.stop();
        popover.destroy();
      })();
      return stopping;
    },
  };
}
