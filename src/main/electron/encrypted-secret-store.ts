import { join } from 'node:path';
import type { Logger } from 'pino';
import * as z from 'zod';
import { errorMessage } from '../../shared/text/error-message.js';
import type { SecretName, SecretStore } from '../agent/ports/secret-store.js';
import { FileSecretStore } from '../agent/secrets/file-secret-store.js';
import { readPrivateJson, writePrivateJson } from '../agent/secrets/private-json-file.js';

/**
 * Secrets encrypted by the OS keychain (Electron `safeStorage`), at rest in a 0600 file. Where
 * no real keychain exists (Linux without a secret service: Electron would fall back to a
 * hard-coded key), encryption would be theatre, so the plain 0600 file store is used instead and
 * the log says so. Electron-free: the cipher is injected.
 */

export interface StringCipher {
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<string>;
}

const EncryptedFile = z.object({
  version: z.literal(1),
  /** Secret name → base64 of the ciphertext. */
  secrets: z.record(z.string(), z.string()),
});
type EncryptedFile = z.infer<typeof EncryptedFile>;

export const ENCRYPTED_SECRETS_FILE = 'secrets.enc.json';

export class EncryptedSecretStore implements SecretStore {
  readonly path: string;
  readonly #cipher: StringCipher;
  readonly #logger: Logger;

  constructor(options: { dir: string; cipher: StringCipher; logger: Logger }) {
    this.#cipher = options.cipher;
    this.#logger = options.logger;
    this.path = join(options.dir, ENCRYPTED_SECRETS_FILE);
  }

  async get(name: SecretName): Promise<string | undefined> {
    const sealed = this.#read().secrets[name];
    if (sealed === undefined) return undefined;
    try {
      return await this.#cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch (error) {
      // The keychain key changed (new login keyring, restored profile): the token is lost,
      // which the agent handles like a missing one (re-enrol or ask).
      this.#logger.warn(
        { secret: name, reason: errorMessage(error) },
        'could not decrypt a stored secret; treating it as missing',
      );
      return undefined;
    }
  }

  async set(name: SecretName, value: string): Promise<void> {
    const sealed = (await this.#cipher.encrypt(value)).toString('base64');
    const file = this.#read();
    this.#write({ ...file, secrets: { ...file.secrets, [name]: sealed } });
  }

  async delete(name: SecretName): Promise<void> {
    const file = this.#read();
    if (!(name in file.secrets)) return;
    const { [name]: _removed, ...rest } = file.secrets;
    this.#write({ ...file, secrets: rest });
  }

  #read(): EncryptedFile {
    return readPrivateJson(this.path, EncryptedFile, { version: 1, secrets: {} }, this.#logger);
  }

  #write(file: EncryptedFile): void {
    writePrivateJson(this.path, file);
  }
}

const SECRET_NAMES: readonly SecretName[] = [
  'device_token',
  'control_api_token',
  'cloudflare_api_token',
];

export interface SecretStoreChoice {
  store: SecretStore;
  /** For the log and the report: which protection the secrets have. */
  protection: 'os_keychain' | 'user_only_file';
}

/**
 * The keychain-backed store when `encryptionUsable`, else the 0600 file. Secrets kept in the
 * plain file by an earlier run (no keychain then) move into the encrypted one and leave the disk.
 */
export async function chooseSecretStore(options: {
  dir: string;
  logger: Logger;
  cipher: StringCipher;
  encryptionUsable: boolean;
}): Promise<SecretStoreChoice> {
  const plain = new FileSecretStore({ dir: options.dir, logger: options.logger });
  if (!options.encryptionUsable) {
    options.logger.warn(
      'no OS keychain available: secrets are kept in a file only this user can read',
    );
    return { store: plain, protection: 'user_only_file' };
  }
  const encrypted = new EncryptedSecretStore(options);
  for (const name of SECRET_NAMES) {
    const value = await plain.get(name);
    if (value === undefined) continue;
    if ((await encrypted.get(name)) === undefined) await encrypted.set(name, value);
    await plain.delete(name);
  }
  return { store: encrypted, protection: 'os_keychain' };
}
