import { existsSync, renameSync } from 'node:fs';
import type { Logger } from 'pino';
import { errorMessage } from '../../../shared/text/error-message.js';
import type { SettingsStore } from '../ports/settings-store.js';
import { defaultSettings, PersistedSettings } from './persisted-settings.js';

/** What a `conf`-family store offers (electron-store is one): the whole object, and its file. */
export interface JsonFileStore {
  store: Record<string, unknown>;
  readonly path: string;
}

export interface StoreBackedSettingsOptions {
  /** Opens (reads) the store; throws when the file is not JSON (conf reads it on construction). */
  open: () => JsonFileStore;
  /** The file `open` reads, to move it aside when corrupt. */
  path: string;
  logger: Logger;
  /** For the `.corrupt-<timestamp>` suffix; default Date.now. */
  now?: () => number;
}

/**
 * The agent's SettingsStore on any conf-family store (conf headless, electron-store in the app).
 * A file that is not JSON, or that the schema rejects, is kept aside (`.corrupt-<time>`) for the
 * user to inspect and the defaults load: nothing is silently lost, nothing crashes the agent.
 */
export class StoreBackedSettingsStore implements SettingsStore {
  readonly path: string;
  readonly #options: StoreBackedSettingsOptions;
  #store: JsonFileStore | undefined;

  constructor(options: StoreBackedSettingsOptions) {
    this.#options = options;
    this.path = options.path;
  }

  load(): PersistedSettings {
    let store: JsonFileStore;
    try {
      store = this.#open();
    } catch (error) {
      this.#moveAside(error);
      store = this.#open();
    }
    const parsed = PersistedSettings.safeParse(store.store);
    if (parsed.success) return parsed.data;
    this.#moveAside(parsed.error);
    this.#open();
    return defaultSettings();
  }

  save(settings: PersistedSettings): void {
    const store = this.#store ?? this.#open();
    store.store = settings as unknown as Record<string, unknown>;
  }

  #open(): JsonFileStore {
    this.#store = this.#options.open();
    return this.#store;
  }

  #moveAside(reason: unknown): void {
    if (!existsSync(this.path)) throw reason;
    const stamp = new Date((this.#options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
    const aside = `${this.path}.corrupt-${stamp}`;
    renameSync(this.path, aside);
    const detail = errorMessage(reason).split('\n')[0];
    this.#options.logger.warn(
      { file: this.path, movedTo: aside, reason: detail },
      'settings file was corrupt: moved it aside and started from defaults',
    );
  }
}
