import type { User } from '../../shared/api/index.js';
import type { Engine } from './engine.js';

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
  readonly #db: Engine;
  constructor(db: Engine) {
    this.#db = db;
  }

  async list(accountId: string): Promise<User[]> {
    const rows = await this.#db.all<UserRow>(
      'SELECT * FROM users WHERE account_id = ? ORDER BY email',
      [accountId],
    );
    return rows.map(toUser);
  }

  async get(accountId: string, email: string): Promise<User | undefined> {
    const row = await this.#db.get<UserRow>(
      'SELECT * FROM users WHERE account_id = ? AND email = ?',
      [accountId, email],
    );
    return row && toUser(row);
  }

  /** Sets the user's groups, creating the user if needed. */
  async put(
    accountId: string,
    email: string,
    groups: readonly string[],
    at: string,
  ): Promise<void> {
    await this.#db.run(
      `INSERT INTO users (account_id, email, groups, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, email) DO UPDATE SET groups = excluded.groups,
         updated_at = excluded.updated_at`,
      [accountId, email, JSON.stringify(groups), at, at],
    );
  }

  /** Creates the user without groups unless it exists; true when it was created. */
  async ensure(accountId: string, email: string, at: string): Promise<boolean> {
    const changes = await this.#db.run(
      `INSERT INTO users (account_id, email, groups, created_at, updated_at)
       VALUES (?, ?, '[]', ?, ?) ON CONFLICT (account_id, email) DO NOTHING`,
      [accountId, email, at, at],
    );
    return changes > 0;
  }
}
