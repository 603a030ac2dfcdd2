import { join } from 'node:path';
import Conf from 'conf';
import type { Logger } from 'pino';
import { StoreBackedSettingsStore } from './store-backed-settings-store.js';

export interface ConfSettingsStoreOptions {
  /** The config directory; the file is `<dir>/settings.json`. */
  dir: string;
  logger: Logger;
  /** For the `.corrupt-<timestamp>` suffix; default Date.now. */
  now?: () => number;
}

/** Headless settings on `conf` (the library electron-store is built on), mode 0600. */
export class ConfSettingsStore extends StoreBackedSettingsStore {
  constructor(options: ConfSettingsStoreOptions) {
    super({
      path: join(options.dir, 'settings.json'),
      logger: options.logger,
      now: options.now,
      open: () =>
        new Conf<Record<string, unknown>>({
          cwd: options.dir,
          configName: 'settings',
          configFileMode: 0o600,
          accessPropertiesByDotNotation: false,
          clearInvalidConfig: false,
        }),
    });
  }
}
