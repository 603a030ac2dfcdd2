import type { Migration } from './migrations.js';

/**
 * What the repositories need of a database: one portable SQL subset with `?` placeholders, run
 * on the embedded libsql file or on PostgreSQL. Statements run inside the caller's transaction
 * when there is one (an AsyncLocalStorage context), so services keep calling the store's repos
 * inside `store.transaction(...)` without passing a connection around.
 *
 * Where the two differ the schema bridges it: booleans are INTEGER 0/1 on both, and the
 * PostgreSQL tables that list "in insertion order" have a `rowid` column of their own.
 */
export type Dialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | null;

export interface SqlExecutor {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** What another replica told us through the database (PostgreSQL LISTEN/NOTIFY). */
export type EngineEvent =
  | { kind: 'config'; accountId: string; version: number }
  | { kind: 'devices' }
  | { kind: 'admin-tokens' }
  /** The notification channel came back after a loss: anything may have changed meanwhile. */
  | { kind: 'resynced' };

export interface Engine extends SqlExecutor {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one write transaction. PostgreSQL retries it (a fresh transaction) when the
   * database reports a serialization failure, a deadlock or a unique violation between
   * concurrent writers; `fn` must be safe to run again.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` on one consistent snapshot of the database (reads only). */
  snapshot<T>(fn: () => Promise<T>): Promise<T>;
  /** Tells every replica, once the current transaction commits (no-op on the embedded engine). */
  notify(event: Exclude<EngineEvent, { kind: 'resynced' }>): Promise<void>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /**
   * Whether this process holds the fleet's probe lease (PostgreSQL: a session advisory lock,
   * released when the process or its connection dies). The embedded engine has one process.
   */
  holdProbeLease(): Promise<boolean>;
  /** Runs `fn` while no other replica runs its startup (migrations, first account). */
  exclusiveStartup<T>(fn: () => Promise<T>): Promise<T>;
  /** Applies pending migrations in version order; returns the versions it applied. */
  migrate(migrations: readonly Migration[]): Promise<number[]>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL SQLSTATEs that another attempt can get past. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
