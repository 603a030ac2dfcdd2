import type { User } from '../../shared/api/index.js';
import type { Db } from './database.js';

interface UserRow {
  email: string;
  groups: string;
  created_at: string;
  updated_at: string;
}

const toUser = (row: UserRow): User => ({
  email: row.email,
  groups: JSON.parse(row.groups) as string[],
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export class UsersRepo {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  list(accountId: string): User[] {
    const rows = this.#db
      .prepare('SELECT * FROM users WHERE account_id = ? ORDER BY email')
      .all(accountId) as UserRow[];
    return rows.map(toUser);
  }

  get(accountId: string, email: string): User | undefined {
    const row = this.#db
      .prepare('SELECT * FROM users WHERE account_id = ? AND email = ?')
      .get(accountId, email) as UserRow | undefined;
    return row && toUser(row);
  }

  /** Sets the user's groups, creating the user if needed. */
  put(accountId: string, email: string, groups: readonly string[], at: string): void {
    this.#db
      .prepare(
        `INSERT INTO users (account_id, email, groups, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, email) DO UPDATE SET groups = excluded.groups,
           updated_at = excluded.updated_at`,
      )
      .run(accountId, email, JSON.stringify(groups), at, at);
  }

  /** Creates the user without groups unless it exists; true when it was created. */
  ensure(accountId: string, email: string, at: string): boolean {
    const result = this.#db
      .prepare(
        `INSERT INTO users (account_id, email, groups, created_at, updated_at)
         VALUES (?, ?, '[]', ?, ?) ON CONFLICT (account_id, email) DO NOTHING`,
      )
      .run(accountId, email, at, at);
    return result.changes > 0;
  }
}
