import type { PersistedSettings } from '../settings/persisted-settings.js';

/**
 * Where the agent keeps what must survive a restart. Headless: `conf` (ConfSettingsStore);
 * Electron: `electron-store`. `load` never throws for bad content: an implementation that finds
 * a corrupt file keeps it aside, logs a warning and answers the defaults.
 */
export interface SettingsStore {
  load(): PersistedSettings;
  save(settings: PersistedSettings): void;
}
