import { join } from 'node:path';
import ElectronStore from 'electron-store';
import type { Logger } from 'pino';
import type { SettingsStore } from '../agent/ports/settings-store.js';
import { StoreBackedSettingsStore } from '../agent/settings/store-backed-settings-store.js';

const NAME = 'settings';

/** The agent's settings in `<userData>/settings.json` through electron-store (mode 0600). */
export function createElectronSettingsStore(options: {
  dir: string;
  logger: Logger;
}): SettingsStore {
  return new StoreBackedSettingsStore({
    path: join(options.dir, `${NAME}.json`),
    logger: options.logger,
    open: () =>
      new ElectronStore<Record<string, unknown>>({
        name: NAME,
        cwd: options.dir,
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
      }),
  });
}
