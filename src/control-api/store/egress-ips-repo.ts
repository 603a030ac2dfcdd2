import type { EgressIp, EgressIpStatus } from '../../shared/api/index.js';
import type { DedicatedEgressIp } from '../../shared/egress/types.js';
import type { Db } from './database.js';

interface EgressIpRow {
  id: string;
  ipv4: string;
  ipv6: string;
  colo: string;
  city: string;
  country: string;
  lat: number;
  lon: number;
  status: EgressIpStatus;
  created_at: string;
  updated_at: string;
}

/** The stored record: the API resource plus the catalog coordinates the resolver needs. */
export type StoredEgressIp = EgressIp & { lat: number; lon: number };

const toStored = (row: EgressIpRow): StoredEgressIp => ({
  id: row.id,
  ipv4: row.ipv4,
  ipv6: row.ipv6,
  colo: row.colo,
  city: row.city,
  country: row.country,
  status: row.status,
  created_at: row.created_at,
  updated_at: row.updated_at,
  lat: row.lat,
  lon: row.lon,
});

export const toEgressIpResource = ({ lat: _lat, lon: _lon, ...resource }: StoredEgressIp) =>
  resource satisfies EgressIp;

export const toDedicatedEgressIp = (ip: StoredEgressIp): DedicatedEgressIp => ({
  id: ip.id,
  ipv4: ip.ipv4,
  ipv6: ip.ipv6,
  colo: ip.colo,
  city: ip.city,
  country: ip.country,
  lat: ip.lat,
  lon: ip.lon,
  status: ip.status,
});

export class EgressIpsRepo {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  list(accountId: string): StoredEgressIp[] {
    const rows = this.#db
      .prepare('SELECT * FROM egress_ips WHERE account_id = ? ORDER BY created_at, rowid')
      .all(accountId) as EgressIpRow[];
    return rows.map(toStored);
  }

  get(accountId: string, id: string): StoredEgressIp | undefined {
    const row = this.#db
      .prepare('SELECT * FROM egress_ips WHERE account_id = ? AND id = ?')
      .get(accountId, id) as EgressIpRow | undefined;
    return row && toStored(row);
  }

  findByIpv4(accountId: string, ipv4: string): StoredEgressIp | undefined {
    const row = this.#db
      .prepare('SELECT * FROM egress_ips WHERE account_id = ? AND ipv4 = ?')
      .get(accountId, ipv4) as EgressIpRow | undefined;
    return row && toStored(row);
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
