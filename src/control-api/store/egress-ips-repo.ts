import {
  type EgressIp,
  type EgressIpStatus,
  type EgressIpStatusSource,
  type Gateway,
  maskProxyUrl,
} from '../../shared/api/index.js';
import type { DedicatedEgressIp } from '../../shared/egress/index.js';
import type { Db } from './database.js';

/**
 * The stored record: the API resource (with the gateway's credentials in full) plus the catalog
 * coordinates, so it is also the resolver's `DedicatedEgressIp` as is.
 */
export type StoredEgressIp = EgressIp & DedicatedEgressIp;

/** What one probe of a gateway found (status changes go through `setStatus`). */
export interface ProbeRecord {
  at: string;
  error: string | null;
  rttMs: number | null;
}

/** The columns of a `StoredEgressIp`, so rows come back in its shape (no `account_id`). */
const COLUMNS =
  'id, ipv4, ipv6, colo, city, country, lat, lon, status, gateway, status_source, ' +
  'last_probe_at, last_probe_error, probe_rtt_ms, created_at, updated_at';

type Row = Omit<StoredEgressIp, 'gateway'> & { gateway: string | null };

function fromRow(row: Row): StoredEgressIp {
  return { ...row, gateway: row.gateway === null ? null : (JSON.parse(row.gateway) as Gateway) };
}

/** A gateway as people read it: the proxy password masked. */
export function maskGateway(gateway: Gateway): Gateway {
  return gateway !== null && 'proxy_url' in gateway
    ? { proxy_url: maskProxyUrl(gateway.proxy_url) }
    : gateway;
}

/** The API resource: no coordinates, no password. */
export const toEgressIpResource = ({ lat: _lat, lon: _lon, ...resource }: StoredEgressIp) =>
  ({ ...resource, gateway: maskGateway(resource.gateway) }) satisfies EgressIp;

export class EgressIpsRepo {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  list(accountId: string): StoredEgressIp[] {
    const rows = this.#db
      .prepare(`SELECT ${COLUMNS} FROM egress_ips WHERE account_id = ? ORDER BY created_at, rowid`)
      .all(accountId) as Row[];
    return rows.map(fromRow);
  }

  /** Every egress IP with a proxy gateway, of every account: what the health probes watch. */
  listProxied(): (StoredEgressIp & { account_id: string })[] {
    const rows = this.#db
      .prepare(
        `SELECT account_id, ${COLUMNS} FROM egress_ips WHERE gateway IS NOT NULL
         ORDER BY account_id, created_at, rowid`,
      )
      .all() as (Row & { account_id: string })[];
    return rows
      .map((row) => ({ ...fromRow(row), account_id: row.account_id }))
      .filter((ip) => ip.gateway !== null && 'proxy_url' in ip.gateway);
  }

  get(accountId: string, id: string): StoredEgressIp | undefined {
    const row = this.#db
      .prepare(`SELECT ${COLUMNS} FROM egress_ips WHERE account_id = ? AND id = ?`)
      .get(accountId, id) as Row | undefined;
    return row && fromRow(row);
  }

  findByIpv4(accountId: string, ipv4: string): StoredEgressIp | undefined {
    const row = this.#db
      .prepare(`SELECT ${COLUMNS} FROM egress_ips WHERE account_id = ? AND ipv4 = ?`)
      .get(accountId, ipv4) as Row | undefined;
    return row && fromRow(row);
  }

  insert(accountId: string, ip: StoredEgressIp): void {
    this.#db
      .prepare(
        `INSERT INTO egress_ips
           (id, account_id, ipv4, ipv6, colo, city, country, lat, lon, status, gateway,
            status_source, last_probe_at, last_probe_error, probe_rtt_ms, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        ip.gateway === null ? null : JSON.stringify(ip.gateway),
        ip.status_source,
        ip.last_probe_at,
        ip.last_probe_error,
        ip.probe_rtt_ms,
        ip.created_at,
        ip.updated_at,
      );
  }

  setStatus(
    accountId: string,
    id: string,
    status: EgressIpStatus,
    source: EgressIpStatusSource,
    at: string,
  ): void {
    this.#db
      .prepare(
        `UPDATE egress_ips SET status = ?, status_source = ?, updated_at = ?
         WHERE account_id = ? AND id = ?`,
      )
      .run(status, source, at, accountId, id);
  }

  /** A new gateway forgets what the probes found about the old one. */
  setGateway(accountId: string, id: string, gateway: Gateway, at: string): void {
    this.#db
      .prepare(
        `UPDATE egress_ips SET gateway = ?, last_probe_at = NULL, last_probe_error = NULL,
           probe_rtt_ms = NULL, updated_at = ? WHERE account_id = ? AND id = ?`,
      )
      .run(gateway === null ? null : JSON.stringify(gateway), at, accountId, id);
  }

  /** A probe's findings; not a configuration change (the resolver does not read them). */
  recordProbe(accountId: string, id: string, probe: ProbeRecord): void {
    this.#db
      .prepare(
        `UPDATE egress_ips SET last_probe_at = ?, last_probe_error = ?, probe_rtt_ms = ?
         WHERE account_id = ? AND id = ?`,
      )
      .run(probe.at, probe.error, probe.rttMs, accountId, id);
  }

  delete(accountId: string, id: string): void {
    this.#db.prepare('DELETE FROM egress_ips WHERE account_id = ? AND id = ?').run(accountId, id);
  }
}
