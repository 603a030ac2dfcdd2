import { existsSync, readFileSync, renameSync } from 'node:fs';
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
 * Why a file that parses as JSON still holds no settings object, or undefined when it does (or
 * is not JSON, or is gone: conf reports those). conf reads an array, `null` or a primitive as an
 * empty store, so the schema alone would see defaults and the next save would overwrite the file.
 */
function notAnObject(path: string): Error | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return undefined;
  const found = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
  return new Error(`the file holds ${found}, not a settings object`);
}

/**
 * The agent's SettingsStore on any conf-family store (conf headless, electron-store in the app).
 * A file that is not JSON, is JSON but not an object, or that the schema rejects, is kept aside
 * (`.corrupt-<time>`) for the user to inspect and the defaults load: nothing is silently lost,
 * nothing crashes the agent.
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
    const wrongKind = notAnObject(this.path);
    if (wrongKind) this.#moveAside(wrongKind);
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
