import type { Account } from '../../shared/api/index.js';
import type { Db } from './database.js';

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
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  insert(account: { id: string; name: string; created_at: string }): void {
    this.#db
      .prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)')
      .run(account.id, account.name, account.created_at);
  }

  get(id: string): Account | undefined {
    const row = this.#db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as
      | AccountRow
      | undefined;
    return row && toAccount(row);
  }

  list(): Account[] {
    const rows = this.#db.prepare('SELECT * FROM accounts ORDER BY created_at, id').all();
    return (rows as AccountRow[]).map(toAccount);
  }

  /** Bumps and returns the account's configuration version. */
  bumpConfigVersion(id: string): number {
    const row = this.#db
      .prepare(
        'UPDATE accounts SET config_version = config_version + 1 WHERE id = ? RETURNING config_version',
      )
      .get(id) as { config_version: number } | undefined;
    if (!row) throw new Error(`account ${id} vanished`);
    return row.config_version;
  }

  /** Makes `tokenHash` the account's only admin token. */
  replaceAdminToken(accountId: string, tokenHash: string, createdAt: string): void {
    this.#db.prepare('DELETE FROM admin_tokens WHERE account_id = ?').run(accountId);
    this.#db
      .prepare('INSERT INTO admin_tokens (token_hash, account_id, created_at) VALUES (?, ?, ?)')
      .run(tokenHash, accountId, createdAt);
  }

  adminTokenHashes(): { token_hash: string; account_id: string }[] {
    return this.#db.prepare('SELECT token_hash, account_id FROM admin_tokens').all() as {
      token_hash: string;
      account_id: string;
    }[];
  }
}
