import { join } from 'node:path';
import type { Logger } from 'pino';
import * as z from 'zod';
import type { SecretName, SecretStore } from '../ports/secret-store.js';
import { readPrivateJson, writePrivateJson } from './private-json-file.js';

const SecretsFile = z.record(z.string(), z.string());

/**
 * Secrets in `<dir>/secrets.json`, readable only by the user (0600, directory 0700): the
 * headless stand-in for Electron's `safeStorage`.
 */
export class FileSecretStore implements SecretStore {
  readonly path: string;
  readonly #logger: Logger;

  constructor(options: { dir: string; logger: Logger }) {
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
    return readPrivateJson(this.path, SecretsFile, {}, this.#logger);
  }

  #write(secrets: Record<string, string>): void {
    writePrivateJson(this.path, secrets);
  }
}
