import type { Account } from '../../shared/api/index.js';
import type { Engine } from './engine.js';

interface AccountRow {
  id: string;
  name: string;
  config_version: number;
  created_at: string;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  name: row.name,
  type: 'standard',
  created_at: row.created_at,
  config_version: row.config_version,
});

export class AccountsRepo {
  readonly #db: Engine;
  constructor(db: Engine) {
    this.#db = db;
  }

  async insert(account: { id: string; name: string; created_at: string }): Promise<void> {
    await this.#db.run('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)', [
      account.id,
      account.name,
      account.created_at,
    ]);
  }

  async get(id: string): Promise<Account | undefined> {
    const row = await this.#db.get<AccountRow>('SELECT * FROM accounts WHERE id = ?', [id]);
    return row && toAccount(row);
  }

  async list(): Promise<Account[]> {
    const rows = await this.#db.all<AccountRow>('SELECT * FROM accounts ORDER BY created_at, id');
    return rows.map(toAccount);
  }

  /** Bumps and returns the account's configuration version (holding its row until commit). */
  async bumpConfigVersion(id: string): Promise<number> {
    const row = await this.#db.get<{ config_version: number }>(
      'UPDATE accounts SET config_version = config_version + 1 WHERE id = ? RETURNING config_version',
      [id],
    );
    if (!row) throw new Error(`account ${id} vanished`);
    return row.config_version;
  }

  /**
   * Holds the account's row until the transaction ends (a no-op update, portable where
   * `SELECT … FOR UPDATE` is not): a device write that reads the vnets waits for a
   * configuration writer of the same account, on whichever replica.
   */
  async lock(id: string): Promise<void> {
    await this.#db.run('UPDATE accounts SET config_version = config_version WHERE id = ?', [id]);
  }

  /** Makes `tokenHash` the account's only admin token; every replica reloads its own list. */
  async replaceAdminToken(accountId: string, tokenHash: string, createdAt: string): Promise<void> {
    await this.#db.run('DELETE FROM admin_tokens WHERE account_id = ?', [accountId]);
    await this.#db.run(
      'INSERT INTO admin_tokens (token_hash, account_id, created_at) VALUES (?, ?, ?)',
      [tokenHash, accountId, createdAt],
    );
    await this.#db.notify({ kind: 'admin-tokens' });
  }

  adminTokenHashes(): Promise<{ token_hash: string; account_id: string }[]> {
    return this.#db.all('SELECT token_hash, account_id FROM admin_tokens');
  }
}
