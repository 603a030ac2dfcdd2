import { ControlApiClient, ControlApiError } from '../../../shared/api/index.js';
import type { ControlPlane, ControlPlaneConnection } from '../ports/control-plane.js';
import type { ClientOptions } from './client-options.js';

/**
 * A control API somewhere else, with an admin or a device token. `connect` checks the URL and
 * the token by calling the server, and tells which kind of token it is: only the admin token
 * may list devices.
 */
export class RemoteControlPlane implements ControlPlane {
  readonly mode = 'remote' as const;
  readonly #url: string;
  readonly #token: string;
  readonly #client: ClientOptions;

  constructor(options: { url: string; token: string; client: ClientOptions }) {
    this.#url = options.url;
    this.#token = options.token;
    this.#client = options.client;
  }

  async connect(): Promise<ControlPlaneConnection> {
    const client = new ControlApiClient({
      baseUrl: this.#url,
      token: this.#token,
      fetch: this.#client.fetch,
      timeoutMs: this.#client.timeoutMs,
    });
    const [account] = await client.listAccounts();
    if (!account) {
      throw new ControlApiError(403, 10000, `the token sees no account at ${client.origin}`);
    }
    const kind = await tokenKind(client.withAccount(account.id));
    return { url: client.origin, token: this.#token, kind, mode: 'remote' };
  }

  async close(): Promise<void> {}
}

async function tokenKind(client: ControlApiClient): Promise<'admin' | 'device'> {
  try {
    await client.listDevices();
    return 'admin';
  } catch (error) {
    if (error instanceof ControlApiError && error.status === 403) return 'device';
    throw error;
  }
}
