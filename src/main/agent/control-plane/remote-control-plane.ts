import { controlApiOrigin } from '../../../shared/api/index.js';
import type { ControlPlane, ControlPlaneConnection } from '../ports/control-plane.js';

/**
 * A control API somewhere else, with an admin or a device token. Nothing to start: the session
 * checks the URL and the token on its first calls, and learns there which kind of token it is.
 */
export class RemoteControlPlane implements ControlPlane {
  readonly mode = 'remote' as const;
  readonly #url: string;
  readonly #token: string;

  constructor(options: { url: string; token: string }) {
    this.#url = options.url;
    this.#token = options.token;
  }

  async connect(): Promise<ControlPlaneConnection> {
    return { url: controlApiOrigin(this.#url), token: this.#token, mode: 'remote' };
  }

  async close(): Promise<void> {}
}
