import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'libsql';
import type { Engine, EngineEvent, SqlValue } from './engine.js';
import type { Migration } from './migrations.js';

export type Db = InstanceType<typeof Database>;
type Statement = ReturnType<Db['prepare']>;

/**
 * The embedded engine: one libsql file (or `:memory:`) owned by this process. libsql runs
 * statements synchronously, but a transaction's body awaits between them, so transactions take
 * an in-process lock and a statement from outside waits while one is open (it would otherwise
 * join it). With no transaction open a statement runs at once: the resolve path pays nothing.
 */
export class SqliteEngine implements Engine {
  readonly dialect = 'sqlite' as const;
  readonly db: Db;
  readonly #statements = new Map<string, Statement>();
  readonly #inside = new AsyncLocalStorage<true>();
  readonly #listeners = new Set<(event: EngineEvent) => void>();
  #queue: Promise<void> = Promise.resolve();
  #waiting = 0;

  constructor(file: string) {
    const db = new Database(file);
    try {
      // First: switching to WAL takes a lock, and another process may be opening the same file.
      db.pragma('busy_timeout = 5000');
      if (file !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const run = () => this.#prepare(sql).all(params) as T[];
    return this.#mustWait() ? this.#afterLock(run) : run();
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    const run = () => this.#prepare(sql).get(params) as T | undefined;
    return this.#mustWait() ? this.#afterLock(run) : run();
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const run = () => this.#prepare(sql).run(params).changes;
    return this.#mustWait() ? this.#afterLock(run) : run();
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inside.getStore()) return fn();
    return this.#locked('BEGIN IMMEDIATE', fn);
  }

  async snapshot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inside.getStore()) return fn();
    return this.#locked('BEGIN', fn);
  }

  /** One process: what it does it hears from the store itself. */
  async notify(): Promise<void> {}

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async holdProbeLease(): Promise<boolean> {
    return true;
  }

  exclusiveStartup<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async migrate(migrations: readonly Migration[]): Promise<number[]> {
    const db = this.db;
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (row) => row.version,
      ),
    );
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await this.transaction(async () => {
        db.exec(migration.sqlite);
        db.prepare(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        ).run(migration.version, migration.name, new Date().toISOString());
      });
      done.push(migration.version);
    }
    return done;
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#statements.clear();
    if (this.db.open) this.db.close();
  }

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #mustWait(): boolean {
    return this.#waiting > 0 && this.#inside.getStore() === undefined;
  }

  async #afterLock<T>(fn: () => T): Promise<T> {
    const release = await this.#acquire();
    try {
      return fn();
    } finally {
      release();
    }
  }

  async #locked<T>(begin: string, fn: () => Promise<T>): Promise<T> {
    const release = await this.#acquire();
    try {
      this.db.exec(begin);
      try {
        const result = await this.#inside.run(true, fn);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      release();
    }
  }

  async #acquire(): Promise<() => void> {
    this.#waiting++;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#queue;
    this.#queue = previous.then(() => mine);
    await previous;
    return () => {
      this.#waiting--;
      release();
    };
  }
}
