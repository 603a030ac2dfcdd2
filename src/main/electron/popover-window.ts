import { BrowserWindow, nativeTheme, type Rectangle, screen } from 'electron';
import type { TrustedSender } from './ipc-guard.js';
import { popoverPosition } from './window-position.js';

/**
 * The popover: a frameless window next to the tray that hides when it loses focus. Sandboxed,
 * isolated, no Node; it loads only the app's page and shows only once that page has painted.
 */

export const POPOVER_SIZE = { width: 400, height: 640 };
/** A tray click right after the blur that hid the popover is the same gesture: stay hidden. */
const BLUR_CLICK_GRACE_MS = 250;

export interface PopoverWindowOptions {
  preload: string;
  entryUrl: string;
  isAppUrl: (url: string) => boolean;
  /** Development: keep the window when focus moves to DevTools, and allow DevTools at all. */
  devTools: boolean;
  /** End-to-end tests drive a window that must not vanish when the runner steals focus. */
  hideOnBlur: boolean;
}

export class PopoverWindow {
  readonly window: BrowserWindow;
  readonly #options: PopoverWindowOptions;
  #painted = false;
  #showWhenPainted: Rectangle | null | undefined;
  #hiddenByBlurAt = 0;

  constructor(options: PopoverWindowOptions) {
    this.#options = options;
    this.window = new BrowserWindow({
      ...POPOVER_SIZE,
      show: false,
      frame: false,
      resizable: false,
      maximizable: false,
      minimizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      title: 'Egress Switcher',
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1c1c1e' : '#ffffff',
      webPreferences: {
        preload: options.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        devTools: options.devTools,
      },
    });
    this.window.once('ready-to-show', () => {
      this.#painted = true;
      if (this.#showWhenPainted !== undefined) this.show(this.#showWhenPainted);
    });
    this.window.on('blur', () => {
      if (!this.#options.hideOnBlur || this.window.webContents.isDevToolsFocused()) return;
      this.#hiddenByBlurAt = Date.now();
      this.window.hide();
    });
    // A crashed or killed renderer would leave a blank popover: load the page again.
    this.window.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason !== 'clean-exit') void this.window.loadURL(options.entryUrl);
    });
    void this.window.loadURL(options.entryUrl);
  }

  get isVisible(): boolean {
    return !this.window.isDestroyed() && this.window.isVisible();
  }

  /** Next to `trayBounds` (or standalone when null/empty), then focused. */
  show(trayBounds: Rectangle | null): void {
    if (this.window.isDestroyed()) return;
    if (!this.#painted) {
      this.#showWhenPainted = trayBounds;
      return;
    }
    const displays = screen.getAllDisplays();
    const primaryId = screen.getPrimaryDisplay().id;
    const position = popoverPosition({
      trayBounds,
      displays: displays.map((display) => ({ bounds: display.bounds, workArea: display.workArea })),
      primaryIndex: Math.max(
        0,
        displays.findIndex((display) => display.id === primaryId),
      ),
      window: POPOVER_SIZE,
      platform: process.platform,
    });
    this.window.setPosition(position.x, position.y, false);
    this.window.show();
    this.window.focus();
  }

  /** The tray click: open, or close if open (and not just closed by this very click's blur). */
  toggle(trayBounds: Rectangle | null): void {
    if (this.isVisible) {
      this.window.hide();
      return;
    }
    if (Date.now() - this.#hiddenByBlurAt < BLUR_CLICK_GRACE_MS) return;
    this.show(trayBounds);
  }

  hide(): void {
    if (!this.window.isDestroyed()) this.window.hide();
  }

  /** What the IPC guard compares every call against. */
  trustedSender(): TrustedSender | null {
    if (this.window.isDestroyed()) return null;
    const contents = this.window.webContents;
    const frame = contents.mainFrame;
    return {
      webContentsId: contents.id,
      mainFrame: { routingId: frame.routingId, processId: frame.processId },
      isAppUrl: this.#options.isAppUrl,
    };
  }

  send(channel: string, payload: unknown): void {
    if (this.window.isDestroyed()) return;
    // A push before the preload listens is lost, harmlessly: subscribe() starts with getState.
    if (!this.window.webContents.isDestroyed()) this.window.webContents.send(channel, payload);
  }

  destroy(): void {
    if (!this.window.isDestroyed()) this.window.destroy();
  }
}
