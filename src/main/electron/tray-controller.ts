import {
  clipboard,
  Menu,
  type MenuItemConstructorOptions,
  nativeImage,
  nativeTheme,
  Tray,
} from 'electron';
import type { Logger } from 'pino';
import type { AgentApi, AgentSnapshot } from '../../shared/agent/index.js';
import { errorMessage } from '../../shared/text/error-message.js';
import type { PopoverWindow } from './popover-window.js';
import { trayTooltip } from './tooltip.js';
import { panelIsDark, trayIconPath, trayIconState } from './tray-icon.js';
import {
  commandItems,
  escapeMenuLabel,
  type TrayAction,
  type TrayMenuItem,
  trayMenuModel,
} from './tray-menu-model.js';

export interface TrayControllerOptions {
  agent: AgentApi;
  popover: PopoverWindow;
  assetsDir: string;
  quit: () => void;
  /** Tells the user what happened to a tray command (they have no window open). */
  notify: (title: string, body: string) => void;
  logger: Logger;
}

/**
 * The tray icon, tooltip and native menu, redrawn from each snapshot through the pure
 * tray-menu-model / tooltip / tray-icon modules. macOS and Windows: click opens the popover,
 * right-click the menu. Linux StatusNotifier hosts show the menu themselves and may never send
 * clicks, so the menu is attached (its "Open" item opens the popover).
 */
export class TrayController {
  readonly #options: TrayControllerOptions;
  readonly #tray: Tray;
  readonly #platform = process.platform;
  #snapshot: AgentSnapshot | null = null;
  #iconPath = '';
  #model: TrayMenuItem[] = [];

  constructor(options: TrayControllerOptions) {
    this.#options = options;
    this.#tray = new Tray(this.#pickIcon('switching'));
    this.#tray.setToolTip('Egress Switcher');
    if (this.#platform === 'darwin') this.#tray.setIgnoreDoubleClickEvents(true);
    if (this.#platform === 'linux') {
      this.#tray.on('click', () => options.popover.show(null));
    } else {
      this.#tray.on('click', () => options.popover.toggle(this.#tray.getBounds()));
      this.#tray.on('right-click', () => this.#tray.popUpContextMenu(this.#buildMenu()));
    }
    nativeTheme.on('updated', () => this.#refreshIcon());
  }

  update(snapshot: AgentSnapshot): void {
    this.#snapshot = snapshot;
    this.#refreshIcon();
    this.#tray.setToolTip(trayTooltip(snapshot, this.#platform));
    // Linux shows the attached menu; it must be re-set for changes to appear.
    if (this.#platform === 'linux') this.#tray.setContextMenu(this.#buildMenu());
  }

  /** The menu as the user would see it now (also what the e2e hook reads). */
  menuModel(): TrayMenuItem[] {
    if (!this.#snapshot) return [];
    this.#model = trayMenuModel(this.#snapshot, { now: new Date() });
    return this.#model;
  }

  /** Clicks the menu item `id` exactly as the user would; for the end-to-end tests. */
  async click(id: string): Promise<void> {
    const item = commandItems(this.menuModel()).find((candidate) => candidate.id === id);
    if (!item) throw new Error(`no tray menu item "${id}"`);
    if (!item.enabled) throw new Error(`tray menu item "${id}" is disabled`);
    await this.perform(item.action);
  }

  async perform(action: TrayAction): Promise<void> {
    const { agent, popover, notify, logger } = this.#options;
    switch (action.type) {
      case 'open':
        popover.show(this.#platform === 'linux' ? null : this.#tray.getBounds());
        return;
      case 'quit':
        this.#options.quit();
        return;
      case 'copy':
        clipboard.writeText(action.text);
        return;
      case 'refresh':
        await agent
          .refresh({})
          .catch((error: unknown) => logger.warn({ error }, 'tray refresh failed'));
        return;
      case 'verify': {
        try {
          const verification = await agent.verify({});
          // A failure is announced from the snapshot when notifications are on; the user asked,
          // so answer here otherwise (and always for a success).
          const announced =
            verification.status !== 'match' && this.#snapshot?.settings.notifications === true;
          if (!announced) {
            notify(
              verification.status === 'match' ? 'Egress verified' : 'Egress verification failed',
              verification.message,
            );
          }
        } catch (error) {
          notify('Could not verify the egress', errorMessage(error));
        }
        return;
      }
      case 'switch': {
        const snapshot = this.#snapshot;
        const alreadyThere =
          snapshot?.attached_vnet_id === action.vnetId && snapshot.status !== 'switching';
        if (alreadyThere) return;
        try {
          await agent.switchVnet({ vnet: action.vnetId, origin: 'tray' });
        } catch (error) {
          // A newer switch replaced this one: that is the user's own later choice, not a failure.
          if ((error as { code?: unknown }).code === 'superseded') return;
          notify(`Could not switch to ${action.vnetName}`, errorMessage(error));
        }
        return;
      }
    }
  }

  destroy(): void {
    this.#tray.destroy();
  }

  #pickIcon(state: ReturnType<typeof trayIconState>): string {
    const dark = panelIsDark(
      this.#platform,
      nativeTheme.shouldUseDarkColors,
      process.env.XDG_CURRENT_DESKTOP ?? '',
    );
    return trayIconPath(this.#options.assetsDir, state, this.#platform, dark);
  }

  #refreshIcon(): void {
    const path = this.#pickIcon(this.#snapshot ? trayIconState(this.#snapshot) : 'switching');
    if (path === this.#iconPath) return;
    this.#iconPath = path;
    const image = nativeImage.createFromPath(path);
    if (this.#platform === 'darwin') image.setTemplateImage(true);
    this.#tray.setImage(image);
  }

  #buildMenu(): Menu {
    const template = this.menuModel().map((item): MenuItemConstructorOptions => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'label':
          return { label: escapeMenuLabel(item.label), enabled: false };
        default:
          return {
            id: item.id,
            type: item.kind,
            label: escapeMenuLabel(item.label),
            enabled: item.enabled,
            checked: item.checked,
            click: () => void this.perform(item.action),
          };
      }
    });
    return Menu.buildFromTemplate(template);
  }
}
