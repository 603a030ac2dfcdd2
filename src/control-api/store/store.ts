import { AccountsRepo } from './accounts-repo.js';
import { type Db, inTransaction, openDatabase } from './database.js';
import { DevicesRepo } from './devices-repo.js';
import { EgressIpsRepo } from './egress-ips-repo.js';
import { RulesRepo } from './rules-repo.js';
import { UsersRepo } from './users-repo.js';
import { VnetsRepo } from './vnets-repo.js';

export type ConfigChangeListener = (accountId: string, configVersion: number) => void;

/**
 * The control plane's persistent state. Configuration (vnets, rules, egress IPs, users' groups)
 * changes through `changeConfig`, which bumps the account's `config_version` in the same
 * transaction and tells listeners after the commit. Device records are state, not
 * configuration: they change through `transaction` and bump nothing.
 *
 * One process owns a database file: the in-memory caches fed by the listeners assume no other
 * writer.
 */
export class Store {
  readonly db: Db;
  readonly accounts: AccountsRepo;
  readonly vnets: VnetsRepo;
  readonly rules: RulesRepo;
  readonly egressIps: EgressIpsRepo;
  readonly users: UsersRepo;
  readonly devices: DevicesRepo;
  readonly #listeners = new Set<ConfigChangeListener>();

  constructor(db: Db) {
    this.db = db;
    this.accounts = new AccountsRepo(db);
    this.vnets = new VnetsRepo(db);
    this.rules = new RulesRepo(db);
    this.egressIps = new EgressIpsRepo(db);
    this.users = new UsersRepo(db);
    this.devices = new DevicesRepo(db);
  }

  static open(file: string): Store {
    return new Store(openDatabase(file));
  }

  transaction<T>(fn: () => T): T {
    try {
      return inTransaction(this.db, fn);
    } catch (error) {
      this.#forgetCaches();
      throw error;
    }
  }

  /**
   * Runs a configuration change atomically and returns what `fn` returns; a throw rolls it back
   * and bumps nothing. Listeners hear the new version after the commit.
   */
  changeConfig<T>(accountId: string, fn: () => T): T {
    const [result, version] = this.transaction(
      () => [fn(), this.accounts.bumpConfigVersion(accountId)] as const,
    );
    for (const listener of this.#listeners) listener(accountId, version);
    return result;
  }

  onConfigChange(listener: ConfigChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A rolled-back write may have been cached in between: drop what caches hold. */
  #forgetCaches(): void {
    this.devices.forgetCached();
  }

  close(): void {
    this.#listeners.clear();
    if (this.db.open) this.db.close();
  }
}
