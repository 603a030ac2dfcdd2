import type { Device, DeviceLocation } from '../../shared/api/index.js';
import type { Engine } from './engine.js';

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

const locationColumn = (device: StoredDevice) =>
  device.location === null ? null : JSON.stringify(device.location);

export class DevicesRepo {
  readonly #db: Engine;
  /**
   * Known devices by token hash. A database lookup is the largest part of a resolve, so an
   * active device is served from here. Every device write empties it, on every replica (the
   * write notifies them), and so does a lost notification channel.
   */
  readonly #tokenCache = new Map<string, StoredDevice>();
  /** Bumped by every forget: a lookup that raced a write does not cache what it read. */
  #generation = 0;

  constructor(db: Engine) {
    this.#db = db;
  }

  async list(accountId: string): Promise<StoredDevice[]> {
    const rows = await this.#db.all<DeviceRow>(
      'SELECT * FROM devices WHERE account_id = ? ORDER BY created_at, rowid',
      [accountId],
    );
    return rows.map(toDevice);
  }

  async get(accountId: string, id: string): Promise<StoredDevice | undefined> {
    const row = await this.#db.get<DeviceRow>(
      'SELECT * FROM devices WHERE account_id = ? AND id = ?',
      [accountId, id],
    );
    return row && toDevice(row);
  }

  /** A device recently authenticated, without touching the database. */
  cachedByTokenHash(tokenHash: string): StoredDevice | undefined {
    return this.#tokenCache.get(tokenHash);
  }

  async findByTokenHash(tokenHash: string): Promise<StoredDevice | undefined> {
    const cached = this.#tokenCache.get(tokenHash);
    if (cached) return cached;
    const generation = this.#generation;
    const row = await this.#db.get<DeviceRow>('SELECT * FROM devices WHERE token_hash = ?', [
      tokenHash,
    ]);
    if (!row) return undefined;
    const device = toDevice(row);
    if (generation !== this.#generation) return device;
    if (this.#tokenCache.size >= TOKEN_CACHE_LIMIT) this.#tokenCache.clear();
    this.#tokenCache.set(tokenHash, device);
    return device;
  }

  /** Forgets cached devices (after any device write, and when a transaction rolls back). */
  forgetCached(): void {
    this.#generation++;
    this.#tokenCache.clear();
  }

  async insert(device: StoredDevice, tokenHash: string): Promise<void> {
    await this.#db.run(
      `INSERT INTO devices (id, account_id, name, user_email, vnet_id, location, token_hash,
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        device.id,
        device.account_id,
        device.name,
        device.user_email,
        device.vnet_id,
        locationColumn(device),
        tokenHash,
        device.created_at,
        device.updated_at,
      ],
    );
  }

  async update(device: StoredDevice): Promise<void> {
    await this.#changed();
    await this.#db.run(
      `UPDATE devices SET name = ?, user_email = ?, vnet_id = ?, location = ?, updated_at = ?
       WHERE account_id = ? AND id = ?`,
      [
        device.name,
        device.user_email,
        device.vnet_id,
        locationColumn(device),
        device.updated_at,
        device.account_id,
        device.id,
      ],
    );
    this.forgetCached();
  }

  async delete(accountId: string, id: string): Promise<void> {
    await this.#changed();
    await this.#db.run('DELETE FROM devices WHERE account_id = ? AND id = ?', [accountId, id]);
    this.forgetCached();
  }

  async countOnVnet(accountId: string, vnetId: string): Promise<number> {
    const row = await this.#db.get<{ n: number }>(
      'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM devices WHERE account_id = ? AND vnet_id = ?',
      [accountId, vnetId],
    );
    return row?.n ?? 0;
  }

  async moveAll(accountId: string, fromVnetId: string, toVnetId: string, at: string) {
    await this.#changed();
    const changes = await this.#db.run(
      'UPDATE devices SET vnet_id = ?, updated_at = ? WHERE account_id = ? AND vnet_id = ?',
      [toVnetId, at, accountId, fromVnetId],
    );
    this.forgetCached();
    return changes;
  }

  /** Every replica forgets its cached devices once this write commits. */
  async #changed(): Promise<void> {
    this.forgetCached();
    await this.#db.notify({ kind: 'devices' });
  }
}
