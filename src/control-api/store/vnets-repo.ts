import type { VirtualNetwork } from '../../shared/api/index.js';
import type { Db } from './database.js';

interface VnetRow {
  id: string;
  account_id: string;
  name: string;
  comment: string;
  is_default: number;
  created_at: string;
  deleted_at: string | null;
}

const toVnet = (row: VnetRow): VirtualNetwork => ({
  id: row.id,
  name: row.name,
  comment: row.comment,
  is_default_network: row.is_default === 1,
  created_at: row.created_at,
  deleted_at: row.deleted_at,
});

export class VnetsRepo {
  readonly #db: Db;
  readonly #list;
  readonly #get;

  constructor(db: Db) {
    this.#db = db;
    this.#list = db.prepare(
      'SELECT * FROM virtual_networks WHERE account_id = ? ORDER BY created_at, rowid',
    );
    this.#get = db.prepare('SELECT * FROM virtual_networks WHERE account_id = ? AND id = ?');
  }

  /** Every vnet of the account, deleted ones included, oldest first. */
  list(accountId: string): VirtualNetwork[] {
    return (this.#list.all(accountId) as VnetRow[]).map(toVnet);
  }

  get(accountId: string, id: string): VirtualNetwork | undefined {
    const row = this.#get.get(accountId, id) as VnetRow | undefined;
    return row && toVnet(row);
  }

  /** Every account has exactly one (created with it; changes only by promoting another). */
  getDefault(accountId: string): VirtualNetwork {
    const row = this.#db
      .prepare('SELECT * FROM virtual_networks WHERE account_id = ? AND is_default = 1')
      .get(accountId) as VnetRow | undefined;
    if (!row) throw new Error(`account ${accountId} has no default virtual network`);
    return toVnet(row);
  }

  findLiveByName(accountId: string, name: string): VirtualNetwork | undefined {
    const row = this.#db
      .prepare(
        'SELECT * FROM virtual_networks WHERE account_id = ? AND name = ? AND deleted_at IS NULL',
      )
      .get(accountId, name) as VnetRow | undefined;
    return row && toVnet(row);
  }

  insert(accountId: string, vnet: VirtualNetwork): void {
    this.#db
      .prepare(
        `INSERT INTO virtual_networks (id, account_id, name, comment, is_default, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        vnet.id,
        accountId,
        vnet.name,
        vnet.comment,
        vnet.is_default_network ? 1 : 0,
        vnet.created_at,
      );
  }

  update(accountId: string, id: string, fields: { name: string; comment: string }): void {
    this.#db
      .prepare('UPDATE virtual_networks SET name = ?, comment = ? WHERE account_id = ? AND id = ?')
      .run(fields.name, fields.comment, accountId, id);
  }

  /** Makes `id` the default; the one-default index needs the old one cleared first. */
  setDefault(accountId: string, id: string): void {
    this.#db
      .prepare('UPDATE virtual_networks SET is_default = 0 WHERE account_id = ? AND is_default = 1')
      .run(accountId);
    this.#db
      .prepare('UPDATE virtual_networks SET is_default = 1 WHERE account_id = ? AND id = ?')
      .run(accountId, id);
  }

  softDelete(accountId: string, id: string, at: string): void {
    this.#db
      .prepare('UPDATE virtual_networks SET deleted_at = ? WHERE account_id = ? AND id = ?')
      .run(at, accountId, id);
  }
}
