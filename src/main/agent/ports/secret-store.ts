/**
 * The secrets the agent keeps: the device token, the token the user gave for a remote API, and
 * the Cloudflare API token of the WARP backend.
 */
export type SecretName = 'device_token' | 'control_api_token' | 'cloudflare_api_token';

/**
 * Secrets live apart from settings. Headless: a file only the user can read (FileSecretStore);
 * Electron: `safeStorage`-encrypted values.
 */
export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}
