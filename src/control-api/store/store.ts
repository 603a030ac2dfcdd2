import { AccountsRepo } from './accounts-repo.js';
import { openEngine } from './database.js';
import { DevicesRepo } from './devices-repo.js';
import { EgressIpsRepo } from './egress-ips-repo.js';
import type { Dialect, Engine, EngineEvent } from './engine.js';
import { migrations } from './migrations.js';
import type { PostgresEngineOptions } from './postgres-engine.js';
import { RulesRepo } from './rules-repo.js';
import { UsersRepo } from './users-repo.js';
import { VnetsRepo } from './vnets-repo.js';

export type ConfigChangeListener = (accountId: string, configVersion: number) => void;

/**
 * The control plane's persistent state, on the embedded libsql file or on PostgreSQL.
 * Configuration (vnets, rules, egress IPs, users' groups) changes through `changeConfig`,
 * which bumps the account's `config_version` in the same transaction and tells listeners after
 * the commit. Device records are state, not configuration: they change through `transaction`
 * and bump nothing.
 *
 * Nothing here assumes a single writer: on PostgreSQL every replica hears the others' changes
 * (LISTEN/NOTIFY) and listeners hear each new version once, whoever made it; caches are
 * dropped when another replica writes devices or when the notification channel was lost.
 */
export class Store {
  readonly engine: Engine;
  readonly accounts: AccountsRepo;
  readonly vnets: VnetsRepo;
  readonly rules: RulesRepo;
  readonly egressIps: EgressIpsRepo;
  readonly users: UsersRepo;
  readonly devices: DevicesRepo;
  readonly #listeners = new Set<ConfigChangeListener>();
  readonly #adminListeners = new Set<() => void>();
  /** The highest configuration version heard per account (own commits and other replicas'). */
  readonly #versions = new Map<string, number>();
  readonly #unsubscribe: () => void;

  constructor(engine: Engine) {
    this.engine = engine;
    this.accounts = new AccountsRepo(engine);
    this.vnets = new VnetsRepo(engine);
    this.rules = new RulesRepo(engine);
    this.egressIps = new EgressIpsRepo(engine);
    this.users = new UsersRepo(engine);
    this.devices = new DevicesRepo(engine);
    this.#unsubscribe = engine.onEvent((event) => this.#onEvent(event));
  }

  /** Opens `db` (a file, `:memory:` or a postgres:// URL) with every migration applied. */
  static async open(db: string, options: PostgresEngineOptions = {}): Promise<Store> {
    const engine = await openEngine(db, options);
    try {
      await engine.exclusiveStartup(() => engine.migrate(migrations));
      return new Store(engine);
    } catch (error) {
      await engine.close();
      throw error;
    }
  }

  get dialect(): Dialect {
    return this.engine.dialect;
  }

  /** Runs `fn` while no other replica runs its own (first-start setup). */
  exclusiveStartup<T>(fn: () => Promise<T>): Promise<T> {
    return this.engine.exclusiveStartup(fn);
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const result = await this.engine.transaction(fn);
      // What another request cached between this write and its own notification coming back.
      if (this.engine.dialect === 'postgres') this.devices.forgetCached();
      return result;
    } catch (error) {
      this.#forgetCaches();
      throw error;
    }
  }

  /** Reads on one consistent snapshot (what one config version is built from). */
  snapshot<T>(fn: () => Promise<T>): Promise<T> {
    return this.engine.snapshot(fn);
  }

  /**
   * Runs a configuration change atomically and returns what `fn` returns; a throw rolls it back
   * and bumps nothing. The version is bumped first: that row lock orders every configuration
   * writer of the account, on every replica, so `fn` reads what the previous one committed.
   * Listeners (here and on every replica) hear the new version after the commit.
   */
  async changeConfig<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
    const [result, version] = await this.transaction(async () => {
      const version = await this.accounts.bumpConfigVersion(accountId);
      const result = await fn();
      await this.engine.notify({ kind: 'config', accountId, version });
      return [result, version] as const;
    });
    this.#heard(accountId, version);
    return result;
  }

  /** The applied schema version, or why this store cannot serve (for `/readyz`). */
  async readiness(): Promise<{ schemaVersion: number } | string> {
    const latest = Math.max(...migrations.map((migration) => migration.version));
    try {
      const row = await this.engine.get<{ version: number | null }>(
        'SELECT MAX(version) AS version FROM schema_migrations',
      );
      const version = row?.version ?? 0;
      if (version < latest) return `schema version ${version}, this server needs ${latest}`;
      return { schemaVersion: version };
    } catch (error) {
      return `the database does not answer (${error instanceof Error ? error.message : error})`;
    }
  }

  onConfigChange(listener: ConfigChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Told when some replica replaced an admin token. */
  onAdminTokensChange(listener: () => void): () => void {
    this.#adminListeners.add(listener);
    return () => this.#adminListeners.delete(listener);
  }

  /** The newest configuration version this process has heard of, if any. */
  knownVersion(accountId: string): number | undefined {
    return this.#versions.get(accountId);
  }

  /**
   * A version read from the database: when it is newer than any heard (a notification lost
   * with its connection), listeners hear it now.
   */
  noteVersion(accountId: string, version: number): void {
    this.#heard(accountId, version);
  }

  #heard(accountId: string, version: number): void {
    const known = this.#versions.get(accountId);
    if (known !== undefined && known >= version) return;
    this.#versions.set(accountId, version);
    for (const listener of this.#listeners) listener(accountId, version);
  }

  #onEvent(event: EngineEvent): void {
    switch (event.kind) {
      case 'config':
        this.#heard(event.accountId, event.version);
        return;
      case 'devices':
        this.devices.forgetCached();
        return;
      case 'admin-tokens':
        for (const listener of this.#adminListeners) listener();
        return;
      case 'resynced':
        this.devices.forgetCached();
        for (const listener of this.#adminListeners) listener();
        void this.#rereadVersions();
        return;
    }
  }

  /** After the notification channel was lost: whatever moved meanwhile is heard now. */
  async #rereadVersions(): Promise<void> {
    try {
      for (const account of await this.accounts.list()) {
        this.#heard(account.id, account.config_version);
      }
    } catch {
      // The database is away too; the next reconnection re-reads again.
    }
  }

  /** A rolled-back write may have been cached in between: drop what caches hold. */
  #forgetCaches(): void {
    this.devices.forgetCached();
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    this.#listeners.clear();
    this.#adminListeners.clear();
    await this.engine.close();
  }
}
