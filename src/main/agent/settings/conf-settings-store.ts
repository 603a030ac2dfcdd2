import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import type { Logger } from 'pino';
import type { SettingsStore } from '../ports/settings-store.js';
import { defaultSettings, PersistedSettings } from './persisted-settings.js';

export interface ConfSettingsStoreOptions {
  /** The config directory; the file is `<dir>/settings.json`. */
  dir: string;
  logger: Logger;
  /** For the `.corrupt-<timestamp>` suffix; default Date.now. */
  now?: () => number;
}

/** Headless settings on `conf` (the library electron-store is built on), mode 0600. */
export class ConfSettingsStore implements SettingsStore {
  readonly path: string;
  readonly #dir: string;
  readonly #logger: Logger;
  readonly #now: () => number;
  #conf: Conf<Record<string, unknown>> | undefined;

  constructor(options: ConfSettingsStoreOptions) {
    this.#dir = options.dir;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.path = join(options.dir, 'settings.json');
  }

  load(): PersistedSettings {
    let conf: Conf<Record<string, unknown>>;
    try {
      conf = this.#open();
    } catch (error) {
      // conf reads the file in its constructor: unparsable JSON surfaces here.
      this.#moveAside(error);
      conf = this.#open();
    }
    const parsed = PersistedSettings.safeParse(conf.store);
    if (parsed.success) return parsed.data;
    this.#moveAside(parsed.error);
    this.#conf = undefined;
    this.#open();
    return defaultSettings();
  }

  save(settings: PersistedSettings): void {
    const conf = this.#conf ?? this.#open();
    conf.store = settings as unknown as Record<string, unknown>;
  }

  #open(): Conf<Record<string, unknown>> {
    this.#conf = new Conf<Record<string, unknown>>({
      cwd: this.#dir,
      configName: 'settings',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
    return this.#conf;
  }

  /** Keeps the unreadable file for the user to inspect, so nothing is silently lost. */
  #moveAside(reason: unknown): void {
    if (!existsSync(this.path)) throw reason;
    const stamp = new Date(this.#now()).toISOString().replace(/[:.]/g, '-');
    const aside = `${this.path}.corrupt-${stamp}`;
    renameSync(this.path, aside);
    const detail = reason instanceof Error ? reason.message.split('\n')[0] : String(reason);
    this.#logger.warn(
      { file: this.path, movedTo: aside, reason: detail },
      'settings file was corrupt: moved it aside and started from defaults',
    );
  }
}
