import { safeStorage } from 'electron';
import type { Logger } from 'pino';
import { chooseSecretStore, type SecretStoreChoice } from './encrypted-secret-store.js';

/**
 * Whether `safeStorage` really protects anything here. On Linux without a secret service it
 * "encrypts" with a key hard-coded in Chromium (`basic_text`): no better than a 0600 file.
 */
async function encryptionUsable(): Promise<boolean> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
  return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

/** The agent's SecretStore port inside Electron. Call after `app` is ready. */
export async function createSafeStorageSecretStore(options: {
  dir: string;
  logger: Logger;
}): Promise<SecretStoreChoice> {
  return chooseSecretStore({
    ...options,
    encryptionUsable: await encryptionUsable(),
    cipher: {
      encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
      decrypt: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
    },
  });
}
