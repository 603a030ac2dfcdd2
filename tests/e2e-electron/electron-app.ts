import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary, HOW_TO_GET_ELECTRON } from '../../scripts/electron-binary.mjs';
import type { EgressSwitcherTestHooks } from '../../src/main/electron/test-hooks.js';
import type { TrayMenuItem } from '../../src/main/electron/tray-menu-model.js';
import type { AgentSnapshot } from '../../src/shared/agent/index.js';

export const ROOT = resolve(import.meta.dirname, '../..');

const binary = findElectronBinary();

/** Null when the specs can run; otherwise why not, and how to make them run. */
export const SKIP_REASON =
  binary.path !== null
    ? null
    : `Electron end-to-end specs skipped: ${binary.reason}. To run them, ${HOW_TO_GET_ELECTRON}.`;

let built = false;

/** Builds out/ once per run (main, preload, renderer), as `npm start` does. */
export function buildApp(): void {
  if (built) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
  built = true;
}

export interface RunningApp {
  app: ElectronApplication;
  popover: Page;
  userData: string;
  close(): Promise<void>;
}

/** Launches the built app with its own user data and the test hooks. */
export async function launchApp(): Promise<RunningApp> {
  if (!binary.path) throw new Error(SKIP_REASON ?? 'no Electron binary');
  const userData = mkdtempSync(join(tmpdir(), 'egress-electron-e2e-'));
  const app = await _electron.launch({
    executablePath: binary.path,
    args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    cwd: ROOT,
    env: {
      ...process.env,
      EGRESS_SWITCHER_E2E: '1',
      EGRESS_SWITCHER_USER_DATA: userData,
      // The app serves the LocalAPI: on a socket of its own, not the user's.
      EGRESS_SWITCHER_SOCKET: join(userData, 'agent.sock'),
      EGRESS_SWITCHER_LOG_LEVEL: 'warn',
    },
  });
  const popover = await app.firstWindow();
  return {
    app,
    popover,
    userData,
    close: async () => {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/** The main process's global, as installTestHooks leaves it. */
type HookedGlobal = typeof globalThis & { __egressSwitcherTest: EgressSwitcherTestHooks };

export function snapshotOf(app: ElectronApplication): Promise<AgentSnapshot | null> {
  return app.evaluate(() => (globalThis as HookedGlobal).__egressSwitcherTest.snapshot());
}

export function trayMenuOf(app: ElectronApplication): Promise<TrayMenuItem[]> {
  return app.evaluate(() => (globalThis as HookedGlobal).__egressSwitcherTest.trayMenu());
}

export function clickTrayItem(app: ElectronApplication, id: string): Promise<void> {
  return app.evaluate(
    (_electron, itemId) => (globalThis as HookedGlobal).__egressSwitcherTest.clickTrayItem(itemId),
    id,
  );
}
