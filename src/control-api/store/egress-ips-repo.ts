import type { EgressIp, EgressIpStatus } from '../../shared/api/index.js';
import type { DedicatedEgressIp } from '../../shared/egress/index.js';
import type { Db } from './database.js';

/**
 * The stored record: the API resource plus the catalog coordinates, so it is also the
 * resolver's `DedicatedEgressIp` as is.
 */
export type StoredEgressIp = EgressIp & DedicatedEgressIp;

/** The columns of a `StoredEgressIp`, so rows come back in its shape (no `account_id`). */
const COLUMNS = 'id, ipv4, ipv6, colo, city, country, lat, lon, status, created_at, updated_at';

export const toEgressIpResource = ({ lat: _lat, lon: _lon, ...resource }: StoredEgressIp) =>
  resource satisfies EgressIp;

export class EgressIpsRepo {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  list(accountId: string): StoredEgressIp[] {
    return this.#db
      .prepare(`SELECT ${COLUMNS} FROM egress_ips WHERE account_id = ? ORDER BY created_at, rowid`)
      .all(accountId) as StoredEgressIp[];
  }

  get(accountId: string, id: string): StoredEgressIp | undefined {
    return this.#db
      .prepare(`SELECT ${COLUMNS} FROM egress_ips WHERE account_id = ? AND id = ?`)
      .get(accountId, id) as StoredEgressIp | undefined;
  }

  findByIpv4(accountId: string, ipv4: string): StoredEgressIp | undefined {
    return this.#db
      .prepare(`SELECT ${COLUMNS} FROM egress_ips WHERE account_id = ? AND ipv4 = ?`)
      .get(accountId, ipv4) as StoredEgressIp | undefined;
  }

  insert(accountId: string, ip: StoredEgressIp): void {
    this.#db
      .prepare(
        `INSERT INTO egress_ips
           (id, account_id, ipv4, ipv6, colo, city, country, lat, lon, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ip.id,
        accountId,
        ip.ipv4,
        ip.ipv6,
        ip.colo,
        ip.city,
        ip.country,
        ip.lat,
        ip.lon,
        ip.status,
        ip.created_at,
        ip.updated_at,
      );
  }

  setStatus(accountId: string, id: string, status: EgressIpStatus, at: string): void {
    this.#db
      .prepare('UPDATE egress_ips SET status = ?, updated_at = ? WHERE account_id = ? AND id = ?')
      .run(status, at, accountId, id);
  }

  delete(accountId: string, id: string): void {
    this.#db.prepare('DELETE FROM egress_ips WHERE account_id = ? AND id = ?').run(accountId, id);
  }
}
