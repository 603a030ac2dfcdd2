import {
  type EgressIp,
  type EgressIpStatus,
  type EgressIpStatusSource,
  type Gateway,
  maskProxyUrl,
} from '../../shared/api/index.js';
import type { DedicatedEgressIp } from '../../shared/egress/index.js';
import type { Engine } from './engine.js';

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
  readonly #db: Engine;
  constructor(db: Engine) {
    this.#db = db;
  }

  async list(accountId: string): Promise<StoredEgressIp[]> {
    const rows = await this.#db.all<Row>(
      `SELECT ${COLUMNS} FROM egress_ips WHERE account_id = ? ORDER BY created_at, rowid`,
      [accountId],
    );
    return rows.map(fromRow);
  }

  /** Every egress IP with a proxy gateway, of every account: what the health probes watch. */
  async listProxied(): Promise<(StoredEgressIp & { account_id: string })[]> {
    const rows = await this.#db.all<Row & { account_id: string }>(
      `SELECT account_id, ${COLUMNS} FROM egress_ips WHERE gateway IS NOT NULL
       ORDER BY account_id, created_at, rowid`,
    );
    return rows
      .map((row) => ({ ...fromRow(row), account_id: row.account_id }))
      .filter((ip) => ip.gateway !== null && 'proxy_url' in ip.gateway);
  }

  async get(accountId: string, id: string): Promise<StoredEgressIp | undefined> {
    const row = await this.#db.get<Row>(
      `SELECT ${COLUMNS} FROM egress_ips WHERE account_id = ? AND id = ?`,
      [accountId, id],
    );
    return row && fromRow(row);
  }

  async findByIpv4(accountId: string, ipv4: string): Promise<StoredEgressIp | undefined> {
    const row = await this.#db.get<Row>(
      `SELECT ${COLUMNS} FROM egress_ips WHERE account_id = ? AND ipv4 = ?`,
      [accountId, ipv4],
    );
    return row && fromRow(row);
  }

  async insert(accountId: string, ip: StoredEgressIp): Promise<void> {
    await this.#db.run(
      `INSERT INTO egress_ips
         (id, account_id, ipv4, ipv6, colo, city, country, lat, lon, status, gateway,
          status_source, last_probe_at, last_probe_error, probe_rtt_ms, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
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
      ],
    );
  }

  async setStatus(
    accountId: string,
    id: string,
    status: EgressIpStatus,
    source: EgressIpStatusSource,
    at: string,
  ): Promise<void> {
    await this.#db.run(
      `UPDATE egress_ips SET status = ?, status_source = ?, updated_at = ?
       WHERE account_id = ? AND id = ?`,
      [status, source, at, accountId, id],
    );
  }

  /** A new gateway forgets what the probes found about the old one. */
  async setGateway(accountId: string, id: string, gateway: Gateway, at: string): Promise<void> {
    await this.#db.run(
      `UPDATE egress_ips SET gateway = ?, last_probe_at = NULL, last_probe_error = NULL,
         probe_rtt_ms = NULL, probe_streak = 0, updated_at = ? WHERE account_id = ? AND id = ?`,
      [gateway === null ? null : JSON.stringify(gateway), at, accountId, id],
    );
  }

  /**
   * A probe's findings; not a configuration change (the resolver does not read them). Returns
   * the streak it extends (n > 0: n successes in a row; -n: n failures), counted in one
   * statement so that two replicas handing the probes over never lose a step; undefined when
   * the egress IP is gone.
   */
  async recordProbe(
    accountId: string,
    id: string,
    probe: ProbeRecord,
  ): Promise<number | undefined> {
    const row = await this.#db.get<{ probe_streak: number }>(
      `UPDATE egress_ips SET last_probe_at = ?, last_probe_error = ?, probe_rtt_ms = ?,
         probe_streak = CASE
           WHEN ? = 1 THEN CASE WHEN probe_streak > 0 THEN probe_streak + 1 ELSE 1 END
           ELSE CASE WHEN probe_streak < 0 THEN probe_streak - 1 ELSE -1 END
         END
       WHERE account_id = ? AND id = ? RETURNING probe_streak`,
      [probe.at, probe.error, probe.rttMs, probe.error === null ? 1 : 0, accountId, id],
    );
    return row === undefined ? undefined : Number(row.probe_streak);
  }

  async delete(accountId: string, id: string): Promise<void> {
    await this.#db.run('DELETE FROM egress_ips WHERE account_id = ? AND id = ?', [accountId, id]);
  }
}
