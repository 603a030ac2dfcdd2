import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { asDatabaseError } from './database-unavailable.js';
import { type Engine, type EngineEvent, isRetryable, type SqlValue } from './engine.js';
import type { Migration } from './migrations.js';

/** Advisory lock keys (one namespace per purpose; any stable 64-bit numbers). */
const STARTUP_LOCK = 0x6567_7265_7373_01n;
const PROBE_LOCK = 0x6567_7265_7373_02n;

const CHANNELS = {
  config: 'egress_config',
  devices: 'egress_devices',
  'admin-tokens': 'egress_admin_tokens',
} as const;

/** Attempts of one transaction before a conflict is the caller's error. */
const ATTEMPTS = 12;

/** `?` placeholders become `$1…$n` (the portable SQL never has a `?` inside a literal). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export interface PostgresEngineOptions {
  /** Connections of the pool. Default 10. */
  poolSize?: number | undefined;
  /** Told when the notification connection is lost (for logs). */
  onListenerError?: ((error: Error) => void) | undefined;
}

/**
 * PostgreSQL: a pool for statements and transactions, plus one session of its own that
 * LISTENs for what other replicas change and holds the probe lease. When that session is lost
 * it reconnects (with backoff) and reports `resynced`, so the store re-reads what it caches.
 */
export class PostgresEngine implements Engine {
  readonly dialect = 'postgres' as const;
  readonly #url: string;
  readonly #pool: pg.Pool;
  readonly #inside = new AsyncLocalStorage<pg.PoolClient>();
  readonly #listeners = new Set<(event: EngineEvent) => void>();
  readonly #texts = new Map<string, { text: string; name: string }>();
  readonly #onListenerError: ((error: Error) => void) | undefined;
  #session: pg.Client | undefined;
  #sessionReady: Promise<void> | undefined;
  #leaseHeld = false;
  #closed = false;

  constructor(url: string, options: PostgresEngineOptions = {}) {
    this.#url = url;
    this.#onListenerError = options.onListenerError;
    this.#pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    });
    // An idle connection the server drops must not crash the process; the next query redials.
    this.#pool.on('error', () => {});
  }

  /** Connects the notification session (call once, before serving). */
  async start(): Promise<void> {
    await this.#connectSession();
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.#query(sql, params)).rows as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.#query(sql, params)).rows[0] as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.#query(sql, params)).rowCount ?? 0;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inside.getStore()) return fn();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#inTransaction('BEGIN', fn);
      } catch (error) {
        if (attempt >= ATTEMPTS || !isRetryable(error)) throw asDatabaseError(error);
        // Concurrent writers collided: let the other one finish, then start again.
        await delay(Math.random() * 5 * attempt);
      }
    }
  }

  async snapshot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inside.getStore()) return fn();
    try {
      return await this.#inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn);
    } catch (error) {
      throw asDatabaseError(error);
    }
  }

  async notify(event: Exclude<EngineEvent, { kind: 'resynced' }>): Promise<void> {
    const payload = event.kind === 'config' ? `${event.accountId}:${event.version}` : '';
    await this.run('SELECT pg_notify(?, ?)', [CHANNELS[event.kind], payload]);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async holdProbeLease(): Promise<boolean> {
    if (this.#leaseHeld) return true;
    const session = this.#session;
    if (!session) return false;
    try {
      const result = await session.query<{ held: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS held',
        [PROBE_LOCK.toString()],
      );
      // The session may have been replaced while the query ran: its lock died with it.
      this.#leaseHeld = result.rows[0]?.held === true && this.#session === session;
      return this.#leaseHeld;
    } catch {
      return false;
    }
  }

  async exclusiveStartup<T>(fn: () => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK.toString()]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK.toString()]);
      }
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async migrate(migrations: readonly Migration[]): Promise<number[]> {
    await this.#pool.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const rows = await this.all<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await this.#inTransaction('BEGIN', async () => {
        const client = this.#inside.getStore();
        if (!client) throw new Error('migration outside its transaction');
        await client.query(migration.postgres);
        await this.run(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
          [migration.version, migration.name, new Date().toISOString()],
        );
      });
      done.push(migration.version);
    }
    return done;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    const session = this.#session;
    this.#session = undefined;
    await session?.end().catch(() => {});
    await this.#pool.end();
  }

  /** Drops the notification session as a network failure would (tests). */
  dropSessionForTest(): void {
    this.#session?.emit('error', new Error('dropped by a test'));
  }

  #query(sql: string, params: readonly SqlValue[]) {
    let prepared = this.#texts.get(sql);
    if (!prepared) {
      prepared = { text: numbered(sql), name: `s${this.#texts.size + 1}` };
      this.#texts.set(sql, prepared);
    }
    const config = { text: prepared.text, name: prepared.name, values: params as SqlValue[] };
    const client = this.#inside.getStore();
    const query = client ? client.query(config) : this.#pool.query(config);
    return query.catch((error: unknown) => {
      throw asDatabaseError(error);
    });
  }

  async #inTransaction<T>(begin: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      try {
        const result = await this.#inside.run(client, fn);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          broken = rollback;
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  #emit(event: EngineEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #connectSession(): Promise<void> {
    this.#sessionReady ??= (async () => {
      const session = new pg.Client({ connectionString: this.#url });
      session.on('notification', (message) => this.#onNotification(message));
      session.on('error', (error) => this.#lost(session, error));
      session.on('end', () => this.#lost(session, new Error('the connection ended')));
      try {
        await session.connect();
        await session.query(
          Object.values(CHANNELS)
            .map((channel) => `LISTEN ${channel};`)
            .join(' '),
        );
      } catch (error) {
        await session.end().catch(() => {});
        throw error;
      } finally {
        this.#sessionReady = undefined;
      }
      this.#session = session;
    })();
    return this.#sessionReady;
  }

  #lost(session: pg.Client, error: Error): void {
    if (this.#session !== session) return;
    this.#session = undefined;
    this.#leaseHeld = false;
    session.removeAllListeners('notification');
    session.end().catch(() => {});
    if (this.#closed) return;
    this.#onListenerError?.(error);
    void this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      await delay(Math.min(2000, 50 * 2 ** attempt));
      if (this.#closed) return;
      try {
        await this.#connectSession();
        // Changes made while nobody listened were never heard: the store re-reads.
        this.#emit({ kind: 'resynced' });
        return;
      } catch (error) {
        this.#onListenerError?.(error as Error);
      }
    }
  }

  #onNotification(message: pg.Notification): void {
    if (message.channel === CHANNELS.config) {
      const payload = message.payload ?? '';
      const colon = payload.lastIndexOf(':');
      const version = Number(payload.slice(colon + 1));
      if (colon > 0 && Number.isSafeInteger(version)) {
        this.#emit({ kind: 'config', accountId: payload.slice(0, colon), version });
      }
    } else if (message.channel === CHANNELS.devices) {
      this.#emit({ kind: 'devices' });
    } else if (message.channel === CHANNELS['admin-tokens']) {
      this.#emit({ kind: 'admin-tokens' });
    }
  }
}
