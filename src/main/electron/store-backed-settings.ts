/** The one corrupt-file-safe settings store, shared with the headless agent's conf store. */
export {
  type JsonFileStore,
  type StoreBackedSettingsOptions,
  StoreBackedSettingsStore,
} from '../agent/settings/store-backed-settings-store.js';
