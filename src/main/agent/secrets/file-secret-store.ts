import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import * as z from 'zod';
import type { SecretName, SecretStore } from '../ports/secret-store.js';

const SecretsFile = z.record(z.string(), z.string());

/**
 * Secrets in `<dir>/secrets.json`, readable only by the user (0600, directory 0700): the
 * headless stand-in for Electron's `safeStorage`. Writes go through a temp file and a rename so
 * a crash never leaves half a token.
 */
export class FileSecretStore implements SecretStore {
  readonly path: string;
  readonly #dir: string;
  readonly #logger: Logger;

  constructor(options: { dir: string; logger: Logger }) {
    this.#dir = options.dir;
    this.#logger = options.logger;
    this.path = join(options.dir, 'secrets.json');
  }

  async get(name: SecretName): Promise<string | undefined> {
    return this.#read()[name];
  }

  async set(name: SecretName, value: string): Promise<void> {
    this.#write({ ...this.#read(), [name]: value });
  }

  async delete(name: SecretName): Promise<void> {
    const secrets = this.#read();
    if (!(name in secrets)) return;
    delete secrets[name];
    this.#write(secrets);
  }

  #read(): Record<string, string> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      return SecretsFile.parse(JSON.parse(text));
    } catch {
      const aside = `${this.path}.corrupt-${Date.now()}`;
      renameSync(this.path, aside);
      this.#logger.warn({ movedTo: aside }, 'secrets file was corrupt: moved it aside');
      return {};
    }
  }

  #write(secrets: Record<string, string>): void {
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(secrets)}\n`, { mode: 0o600 });
    // The mode above is filtered by the umask; make it exact.
    chmodSync(temp, 0o600);
    renameSync(temp, this.path);
  }
}
