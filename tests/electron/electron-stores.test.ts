import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../src/main/agent/secrets/file-secret-store.js';
import { defaultSettings } from '../../src/main/agent/settings/persisted-settings.js';
import { StoreBackedSettingsStore } from '../../src/main/agent/settings/store-backed-settings-store.js';
import {
  chooseSecretStore,
  ENCRYPTED_SECRETS_FILE,
  EncryptedSecretStore,
  type StringCipher,
} from '../../src/main/electron/encrypted-secret-store.js';

const logger = pino({ level: 'silent' });

/** A reversible stand-in for the OS keychain: the ciphertext never contains the plain text. */
const cipher: StringCipher = {
  encrypt: async (text) =>
    Buffer.from(`sealed:${Buffer.from(text).toString('hex').split('').reverse().join('')}`),
  decrypt: async (buffer) => {
    const text = buffer.toString();
    if (!text.startsWith('sealed:')) throw new Error('not ours');
    return Buffer.from(text.slice(7).split('').reverse().join(''), 'hex').toString();
  },
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'egress-electron-stores-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** electron-store is conf with Electron's paths; conf stands in for it outside Electron. */
function settingsStore(now = () => Date.UTC(2025, 0, 1)) {
  return new StoreBackedSettingsStore({
    path: join(dir, 'settings.json'),
    logger,
    now,
    open: () =>
      new Conf<Record<string, unknown>>({
        cwd: dir,
        configName: 'settings',
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
      }),
  });
}

describe('StoreBackedSettingsStore', () => {
  it('starts from the defaults and keeps what was saved, readable only by the user', () => {
    const store = settingsStore();
    expect(store.load()).toEqual(defaultSettings());
    const changed = { ...defaultSettings(), favourites: ['v-lon'], attached_vnet_id: 'v-lon' };
    store.save(changed);
    expect(settingsStore().load()).toEqual(changed);
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('moves a corrupt file aside and loads the defaults', () => {
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    expect(settingsStore().load()).toEqual(defaultSettings());
    const aside = readdirSync(dir).filter((name) => name.startsWith('settings.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toBe('{ not json');
  });

  it('moves aside a file the schema rejects', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ favourites: 'not a list' }));
    const store = settingsStore();
    expect(store.load()).toEqual(defaultSettings());
    expect(readdirSync(dir).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true);
    store.save({ ...defaultSettings(), favourites: ['a'] });
    expect(settingsStore().load().favourites).toEqual(['a']);
  });
});

describe('EncryptedSecretStore', () => {
  it('keeps secrets encrypted at rest in a 0600 file', async () => {
    const store = new EncryptedSecretStore({ dir, cipher, logger });
    await store.set('device_token', 'esd_very-secret-token');
    await store.set('control_api_token', 'admin-token');
    expect(await store.get('device_token')).toBe('esd_very-secret-token');
    const file = join(dir, ENCRYPTED_SECRETS_FILE);
    expect(readFileSync(file, 'utf8')).not.toContain('very-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await store.delete('device_token');
    expect(await store.get('device_token')).toBeUndefined();
    expect(await store.get('control_api_token')).toBe('admin-token');
  });

  it('treats a secret it can no longer decrypt as missing', async () => {
    writeFileSync(
      join(dir, ENCRYPTED_SECRETS_FILE),
      JSON.stringify({
        version: 1,
        secrets: { device_token: Buffer.from('other key').toString('base64') },
      }),
    );
    const store = new EncryptedSecretStore({ dir, cipher, logger });
    expect(await store.get('device_token')).toBeUndefined();
  });

  it('moves a corrupt file aside', async () => {
    writeFileSync(join(dir, ENCRYPTED_SECRETS_FILE), 'garbage');
    const store = new EncryptedSecretStore({ dir, cipher, logger });
    expect(await store.get('device_token')).toBeUndefined();
    expect(
      readdirSync(dir).some((name) => name.startsWith(`${ENCRYPTED_SECRETS_FILE}.corrupt-`)),
    ).toBe(true);
  });
});

describe('chooseSecretStore', () => {
  it('falls back to the user-only file where no keychain protects anything', async () => {
    const choice = await chooseSecretStore({ dir, logger, cipher, encryptionUsable: false });
    expect(choice.protection).toBe('user_only_file');
    expect(choice.store).toBeInstanceOf(FileSecretStore);
  });

  it('moves plain-file secrets into the encrypted store once a keychain exists', async () => {
    const plain = new FileSecretStore({ dir, logger });
    await plain.set('device_token', 'esd_from-before');
    const choice = await chooseSecretStore({ dir, logger, cipher, encryptionUsable: true });
    expect(choice.protection).toBe('os_keychain');
    expect(await choice.store.get('device_token')).toBe('esd_from-before');
    expect(await plain.get('device_token')).toBeUndefined();
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('from-before');
  });
});
