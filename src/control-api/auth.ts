import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from './errors.js';
import type { StoredDevice } from './store/devices-repo.js';
import type { Store } from './store/store.js';

/** Who is calling: the account's admin, or one enrolled device. */
export type Principal =
  | { kind: 'admin'; accountId: string }
  | { kind: 'device'; accountId: string; device: StoredDevice };

/** Tokens are stored only as this hash (hex SHA-256). */
export function hashToken(token: string): string {
  // The one-shot form: a third of createHash's cost, on every authenticated request.
  return hash('sha256', token, 'hex');
}

/** A fresh token; the prefix tells people (and secret scanners) what it is. */
export function generateToken(kind: 'admin' | 'device'): string {
  return `${kind === 'admin' ? 'esa' : 'esd'}_${randomBytes(32).toString('base64url')}`;
}

/** `Authorization: Bearer`, or Cloudflare's legacy `X-Auth-Email` + `X-Auth-Key` pair. */
function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const key = request.headers['x-auth-key'];
  return typeof key === 'string' && request.headers['x-auth-email'] ? key : undefined;
}

/** Resolves a request's token to a principal; admin hashes are kept in memory. */
export class Authenticator {
  readonly #store: Store;
  /** Reloaded whenever any replica replaces an admin token. */
  #adminHashes: { hash: Buffer; accountId: string }[] = [];
  readonly #unsubscribe: () => void;

  private constructor(store: Store) {
    this.#store = store;
    this.#unsubscribe = store.onAdminTokensChange(() => {
      void this.#load().catch(() => {});
    });
  }

  static async create(store: Store): Promise<Authenticator> {
    const auth = new Authenticator(store);
    await auth.#load();
    return auth;
  }

  dispose(): void {
    this.#unsubscribe();
  }

  async #load(): Promise<void> {
    this.#adminHashes = (await this.#store.accounts.adminTokenHashes()).map((row) => ({
      hash: Buffer.from(row.token_hash, 'hex'),
      accountId: row.account_id,
    }));
  }

  /** A promise only when the database must be asked (an unknown device token). */
  authenticate(request: FastifyRequest): Principal | Promise<Principal> {
    const token = presentedToken(request);
    if (token === undefined) {
      throw unauthenticated(
        request.headers.authorization
          ? 'the Authorization header must be "Bearer <token>"'
          : 'authentication required: send "Authorization: Bearer <token>" (admin or device token)',
      );
    }
    const hex = hashToken(token);
    // Device tokens are found by their hash (a cache or index lookup): the hash of a guess
    // reveals nothing useful about any stored hash, so no secret is compared there. An active
    // device is in the cache, the hot path of every resolve.
    const active = this.#store.devices.cachedByTokenHash(hex);
    if (active) return { kind: 'device', accountId: active.account_id, device: active };
    // Every admin hash is compared, in constant time, so timing says nothing about which.
    const digest = Buffer.from(hex, 'hex');
    let admin: string | undefined;
    for (const entry of this.#adminHashes) {
      if (timingSafeEqual(entry.hash, digest)) admin = entry.accountId;
    }
    if (admin !== undefined) return { kind: 'admin', accountId: admin };
    return this.#device(hex);
  }

  async #device(hex: string): Promise<Principal> {
    const device = await this.#store.devices.findByTokenHash(hex);
    if (device) return { kind: 'device', accountId: device.account_id, device };
    throw unauthenticated('invalid token: it is neither the admin token nor a device token');
  }
}
