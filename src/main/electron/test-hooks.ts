import type { AgentSnapshot } from '../../shared/agent/index.js';
import type { TrayMenuItem } from './tray-menu-model.js';

/**
 * What the Electron end-to-end tests reach through `electronApp.evaluate` — present only when
 * the app was started with EGRESS_SWITCHER_E2E=1. Native tray menus cannot be clicked by
 * Playwright, so the test clicks the same model items the real menu is built from.
 */
export interface EgressSwitcherTestHooks {
  trayMenu(): TrayMenuItem[];
  clickTrayItem(id: string): Promise<void>;
  snapshot(): AgentSnapshot | null;
  showPopover(): void;
}

export const TEST_HOOKS_KEY = '__egressSwitcherTest';

export function installTestHooks(hooks: EgressSwitcherTestHooks): void {
  (globalThis as Record<string, unknown>)[TEST_HOOKS_KEY] = hooks;
}
