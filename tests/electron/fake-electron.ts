import { EventEmitter } from 'node:events';
import { FakeChild } from './fake-utility-child.js';

/**
 * Just enough of Electron's main-process API for the shell's wiring to run in Node: each fake
 * records what the shell did with it, so a test can assert on the tray, the window, IPC and the
 * session without the Electron binary. Behaviour is the documented one where it matters (radio
 * items, ready-to-show, `web-contents-created`).
 */

type Listener = (...args: unknown[]) => unknown;

export const recorded = {
  handlers: new Map<string, Listener>(),
  windows: [] as FakeBrowserWindow[],
  trays: [] as FakeTray[],
  notifications: [] as { title: string; body: string }[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  permissionRequest: null as Listener | null,
  permissionCheck: null as Listener | null,
  children: [] as FakeChild[],
  loginItems: [] as unknown[],
  /** What was written to the clipboard, in order. */
  clipboard: [] as string[],
  userData: '',
};

export function resetRecorded(userData: string): void {
  recorded.handlers.clear();
  recorded.windows.length = 0;
  recorded.trays.length = 0;
  recorded.notifications.length = 0;
  recorded.protocolHandlers.clear();
  recorded.children.length = 0;
  recorded.loginItems.length = 0;
  recorded.clipboard.length = 0;
  recorded.userData = userData;
  app.removeAllListeners();
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  quitCalls = 0;
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return recorded.userData;
  }
  getAppPath(): string {
    return process.cwd();
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  quit(): void {
    this.quitCalls += 1;
  }
  setLoginItemSettings(settings: unknown): void {
    recorded.loginItems.push(settings);
  }
  getLoginItemSettings() {
    return { wasOpenedAtLogin: false };
  }
}
export const app = new FakeApp();

let nextId = 1;

class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame = { routingId: 1, processId: 100 + this.id };
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: Listener | null = null;
  isDevToolsFocused(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return false;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload: structuredClone(payload) });
  }
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return '';
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly options: Record<string, unknown>;
  readonly webContents = new FakeWebContents();
  url = '';
  visible = false;
  destroyed = false;
  position: [number, number] = [0, 0];

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    recorded.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.url = url;
    // The page paints on the next turn, as a real one would later.
    setTimeout(() => this.emit('ready-to-show'), 0);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {}
  hide(): void {
    this.visible = false;
  }
  destroy(): void {
    this.destroyed = true;
  }
}
export { FakeBrowserWindow as BrowserWindow };

export class FakeTray extends EventEmitter {
  image: string;
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(image: string) {
    super();
    this.image = image;
    recorded.trays.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setIgnoreDoubleClickEvents(): void {}
  setImage(image: { path: string }): void {
    this.image = image.path;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  popUpContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  getBounds() {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  destroy(): void {
    this.destroyed = true;
  }
}
export { FakeTray as Tray };

interface TemplateItem {
  id?: string;
  type?: string;
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
}

export class FakeMenu {
  readonly items: TemplateItem[];
  constructor(items: TemplateItem[]) {
    this.items = items;
  }
  static buildFromTemplate(items: TemplateItem[]): FakeMenu {
    return new FakeMenu(items);
  }
}
export { FakeMenu as Menu };

export const nativeImage = {
  createFromPath: (path: string) => ({ path, setTemplateImage() {} }),
};

export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: true });

export const screen = {
  getAllDisplays: () => [
    {
      id: 1,
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      workArea: { x: 0, y: 32, width: 1920, height: 1048 },
    },
  ],
  getPrimaryDisplay: () => ({ id: 1 }),
};

export class Notification {
  readonly options: { title: string; body: string };
  static isSupported(): boolean {
    return true;
  }
  constructor(options: { title: string; body: string }) {
    this.options = options;
  }
  show(): void {
    recorded.notifications.push({ title: this.options.title, body: this.options.body });
  }
}

export const clipboard = {
  writeText: (text: string) => {
    recorded.clipboard.push(text);
  },
};

export const ipcMain = {
  handle: (channel: string, handler: Listener) => {
    if (recorded.handlers.has(channel)) throw new Error(`a handler for ${channel} already exists`);
    recorded.handlers.set(channel, handler);
  },
  removeHandler: (channel: string) => recorded.handlers.delete(channel),
};

export const session = {
  defaultSession: {
    protocol: {
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        recorded.protocolHandlers.set(scheme, handler),
    },
    webRequest: { onHeadersReceived: () => {} },
    setPermissionRequestHandler: (handler: Listener) => {
      recorded.permissionRequest = handler;
    },
    setPermissionCheckHandler: (handler: Listener) => {
      recorded.permissionCheck = handler;
    },
  },
};

export const protocol = { registerSchemesAsPrivileged: () => {} };

/** No keychain here: the Linux `basic_text` case, where the shell keeps the 0600 file. */
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptStringAsync: async () => {
    throw new Error('not expected: encryption is not usable here');
  },
  decryptStringAsync: async () => {
    throw new Error('not expected: encryption is not usable here');
  },
};

export const utilityProcess = {
  fork: () => {
    const child = new FakeChild();
    recorded.children.push(child);
    return child;
  },
};
