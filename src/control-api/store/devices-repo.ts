import type { Device, DeviceLocation } from '../../shared/api/index.js';
import type { Db } from './database.js';

interface DeviceRow {
  id: string;
  account_id: string;
  name: string;
  user_email: string;
  vnet_id: string;
  location: string | null;
  created_at: string;
  updated_at: string;
}

/** A device with the account it belongs to (what a device token resolves to). */
export type StoredDevice = Device & { account_id: string };

const toDevice = (row: DeviceRow): StoredDevice => ({
  id: row.id,
  account_id: row.account_id,
  name: row.name,
  user_email: row.user_email,
  vnet_id: row.vnet_id,
  location: row.location === null ? null : (JSON.parse(row.location) as DeviceLocation),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const toDeviceResource = ({ account_id: _account, ...device }: StoredDevice): Device =>
  device;

/** Devices cached by token hash: every device-token request authenticates through here. */
const TOKEN_CACHE_LIMIT = 10_000;

export class DevicesRepo {
  readonly #db: Db;
  readonly #byToken;
  /**
   * Known devices by token hash. A libsql lookup costs tens of microseconds, the largest part of
   * a resolve; the store is the only writer, so every device write simply empties this cache.
   */
  readonly #tokenCache = new Map<string, StoredDevice>();

  constructor(db: Db) {
    this.#db = db;
    this.#byToken = db.prepare('SELECT * FROM devices WHERE token_hash = ?');
  }

  list(accountId: string): StoredDevice[] {
    const rows = this.#db
      .prepare('SELECT * FROM devices WHERE account_id = ? ORDER BY created_at, rowid')
      .all(accountId) as DeviceRow[];
    return rows.map(toDevice);
  }

  get(accountId: string, id: string): StoredDevice | undefined {
    const row = this.#db
      .prepare('SELECT * FROM devices WHERE account_id = ? AND id = ?')
      .get(accountId, id) as DeviceRow | undefined;
    return row && toDevice(row);
  }

  /** A device recently authenticated, without touching the database. */
  cachedByTokenHash(tokenHash: string): StoredDevice | undefined {
    return this.#tokenCache.get(tokenHash);
  }

  findByTokenHash(tokenHash: string): StoredDevice | undefined {
    const cached = this.#tokenCache.get(tokenHash);
    if (cached) return cached;
    const row = this.#byToken.get(tokenHash) as DeviceRow | undefined;
    if (!row) return undefined;
    const device = toDevice(row);
    if (this.#tokenCache.size >= TOKEN_CACHE_LIMIT) this.#tokenCache.clear();
    this.#tokenCache.set(tokenHash, device);
    return device;
  }

  /** Forgets cached devices (after any device write, and when a transaction rolls back). */
  forgetCached(): void {
    this.#tokenCache.clear();
  }

  insert(device: StoredDevice, tokenHash: string): void {
    this.#db
      .prepare(
        `INSERT INTO devices (id, account_id, name, user_email, vnet_id, location, token_hash,
           created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        device.id,
        device.account_id,
        device.name,
        device.user_email,
        device.vnet_id,
        device.location === null ? null : JSON.stringify(device.location),
        tokenHash,
        device.created_at,
        device.updated_at,
      );
  }

  update(device: StoredDevice): void {
    this.forgetCached();
    this.#db
      .prepare(
        `UPDATE devices SET name = ?, user_email = ?, vnet_id = ?, location = ?, updated_at = ?
         WHERE account_id = ? AND id = ?`,
      )
      .run(
        device.name,
        device.user_email,
        device.vnet_id,
        device.location === null ? null : JSON.stringify(device.location),
        device.updated_at,
        device.account_id,
        device.id,
      );
  }

  delete(accountId: string, id: string): void {
    this.forgetCached();
    this.#db.prepare('DELETE FROM devices WHERE account_id = ? AND id = ?').run(accountId, id);
  }

  countOnVnet(accountId: string, vnetId: string): number {
    const row = this.#db
      .prepare('SELECT COUNT(*) AS n FROM devices WHERE account_id = ? AND vnet_id = ?')
      .get(accountId, vnetId) as { n: number } | undefined;
    return row?.n ?? 0;
  }

  moveAll(accountId: string, fromVnetId: string, toVnetId: string, at: string): number {
    this.forgetCached();
    return this.#db
      .prepare(
        'UPDATE devices SET vnet_id = ?, updated_at = ? WHERE account_id = ? AND vnet_id = ?',
      )
      .run(toVnetId, at, accountId, fromVnetId).changes;
  }
}
