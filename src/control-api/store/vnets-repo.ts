import type { VirtualNetwork } from '../../shared/api/index.js';
import type { Engine } from './engine.js';

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
  readonly #db: Engine;
  constructor(db: Engine) {
    this.#db = db;
  }

  /** Every vnet of the account, deleted ones included, oldest first. */
  async list(accountId: string): Promise<VirtualNetwork[]> {
    const rows = await this.#db.all<VnetRow>(
      'SELECT * FROM virtual_networks WHERE account_id = ? ORDER BY created_at, rowid',
      [accountId],
    );
    return rows.map(toVnet);
  }

  async get(accountId: string, id: string): Promise<VirtualNetwork | undefined> {
    const row = await this.#db.get<VnetRow>(
      'SELECT * FROM virtual_networks WHERE account_id = ? AND id = ?',
      [accountId, id],
    );
    return row && toVnet(row);
  }

  /** Every account has exactly one (created with it; changes only by promoting another). */
  async getDefault(accountId: string): Promise<VirtualNetwork> {
    const row = await this.#db.get<VnetRow>(
      'SELECT * FROM virtual_networks WHERE account_id = ? AND is_default = 1',
      [accountId],
    );
    if (!row) throw new Error(`account ${accountId} has no default virtual network`);
    return toVnet(row);
  }

  async findLiveByName(accountId: string, name: string): Promise<VirtualNetwork | undefined> {
    const row = await this.#db.get<VnetRow>(
      'SELECT * FROM virtual_networks WHERE account_id = ? AND name = ? AND deleted_at IS NULL',
      [accountId, name],
    );
    return row && toVnet(row);
  }

  async insert(accountId: string, vnet: VirtualNetwork): Promise<void> {
    await this.#db.run(
      `INSERT INTO virtual_networks (id, account_id, name, comment, is_default, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [
        vnet.id,
        accountId,
        vnet.name,
        vnet.comment,
        vnet.is_default_network ? 1 : 0,
        vnet.created_at,
      ],
    );
  }

  async update(
    accountId: string,
    id: string,
    fields: { name: string; comment: string },
  ): Promise<void> {
    await this.#db.run(
      'UPDATE virtual_networks SET name = ?, comment = ? WHERE account_id = ? AND id = ?',
      [fields.name, fields.comment, accountId, id],
    );
  }

  /**
   * Makes `id` the default, demoting the old one in the same transaction (the one-default
   * index needs the old one cleared first, and refuses a second default from anyone).
   */
  async setDefault(accountId: string, id: string): Promise<void> {
    await this.#db.run(
      'UPDATE virtual_networks SET is_default = 0 WHERE account_id = ? AND is_default = 1',
      [accountId],
    );
    await this.#db.run(
      'UPDATE virtual_networks SET is_default = 1 WHERE account_id = ? AND id = ?',
      [accountId, id],
    );
  }

  async softDelete(accountId: string, id: string, at: string): Promise<void> {
    await this.#db.run(
      'UPDATE virtual_networks SET deleted_at = ? WHERE account_id = ? AND id = ?',
      [at, accountId, id],
    );
  }
}
