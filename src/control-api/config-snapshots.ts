import ipaddr from 'ipaddr.js';
import type { VirtualNetwork } from '../shared/api/index.js';
import {
  type CompiledEgressConfig,
  compileEgressConfig,
  type DedicatedEgressIp,
  type EgressRuleInput,
} from '../shared/egress/index.js';
import { AnswerCache } from './answer-cache.js';
import type { StoredEgressIp } from './store/egress-ips-repo.js';
import type { Store } from './store/store.js';

/** Everything resolve needs from one account at one config version, read and compiled once. */
export interface ConfigSnapshot {
  version: number;
  compiled: CompiledEgressConfig;
  /** The rules as the resolver reads them, in evaluation order. */
  rules: readonly EgressRuleInput[];
  egressIps: readonly StoredEgressIp[];
  /** Live vnets, default first, then by name: the order of every vnet preview. */
  vnets: readonly VirtualNetwork[];
  vnetsById: ReadonlyMap<string, VirtualNetwork>;
  defaultVnet: VirtualNetwork;
  groupsByEmail: ReadonlyMap<string, readonly string[]>;
  /**
   * Egress IPs by the address a destination sees of their traffic: the IPv4 itself, and a
   * `source_address` gateway's address (keys in `addressKey` form).
   */
  egressBySeenAddress: ReadonlyMap<
    string,
    { ip: DedicatedEgressIp; via: 'source_address' | 'egress_ip' }
  >;
  /** Serialized resolve answers at this version. */
  answers: AnswerCache;
}

const byName = new Intl.Collator('en', { numeric: true });

/**
 * One spelling per address (`::ffff:127.0.0.10` is 127.0.0.10, IPv6 in full), so a socket's
 * peer address and a stored one compare equal; undefined for anything that is not an address.
 */
export function addressKey(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  return ipaddr.process(address).toNormalizedString();
}

function orderVnets(vnets: readonly VirtualNetwork[]): VirtualNetwork[] {
  return [...vnets].sort(
    (a, b) =>
      Number(b.is_default_network) - Number(a.is_default_network) ||
      byName.compare(a.name, b.name) ||
      (a.id < b.id ? -1 : 1),
  );
}

/**
 * Per-account snapshots, one per config_version, rebuilt lazily once a newer version is known
 * (this process's own writes, and other replicas' through the store's notifications), so
 * resolving never reads the database or recompiles rules per request once warm: checking the
 * version is a look-up in memory.
 */
export class ConfigSnapshots {
  readonly #store: Store;
  readonly #cache = new Map<string, ConfigSnapshot>();
  /** Builds in flight, so a burst after a change reads the database once. */
  readonly #building = new Map<string, Promise<ConfigSnapshot>>();
  readonly #unsubscribe: () => void;

  constructor(store: Store) {
    this.#store = store;
    this.#unsubscribe = store.onConfigChange((accountId) => this.#cache.delete(accountId));
  }

  /** The snapshot when the newest known version is cached (no promise: the hot path). */
  current(accountId: string): ConfigSnapshot | undefined {
    const cached = this.#cache.get(accountId);
    if (cached && cached.version >= (this.#store.knownVersion(accountId) ?? 0)) return cached;
    return undefined;
  }

  get(accountId: string): ConfigSnapshot | Promise<ConfigSnapshot> {
    return this.current(accountId) ?? this.#rebuild(accountId);
  }

  dispose(): void {
    this.#unsubscribe();
    this.#cache.clear();
  }

  async #rebuild(accountId: string): Promise<ConfigSnapshot> {
    for (;;) {
      let building = this.#building.get(accountId);
      if (!building) {
        building = this.#build(accountId).finally(() => this.#building.delete(accountId));
        this.#building.set(accountId, building);
      }
      const snapshot = await building;
      const cached = this.#cache.get(accountId);
      if (!cached || cached.version < snapshot.version) this.#cache.set(accountId, snapshot);
      // A build that began before the newest known version committed is stale: read again.
      if (snapshot.version >= (this.#store.knownVersion(accountId) ?? 0)) return snapshot;
    }
  }

  #build(accountId: string): Promise<ConfigSnapshot> {
    return this.#store.snapshot(() => this.#read(accountId));
  }

  async #read(accountId: string): Promise<ConfigSnapshot> {
    // One database snapshot: the version and everything it is built from agree.
    const store = this.#store;
    const account = await store.accounts.get(accountId);
    if (!account) throw new Error(`no account ${accountId}`);
    store.noteVersion(accountId, account.config_version);
    const rules: EgressRuleInput[] = (await store.rules.list(accountId)).map((rule) => ({
      id: rule.id,
      name: rule.name,
      precedence: rule.precedence,
      enabled: rule.enabled,
      traffic: rule.traffic,
      identity: rule.identity,
      device_posture: rule.device_posture,
      egress: rule.rule_settings.egress ?? null,
    }));
    const egressIps = await store.egressIps.list(accountId);
    const compiled = compileEgressConfig({ version: account.config_version, egressIps, rules });
    const egressBySeenAddress = new Map<
      string,
      { ip: DedicatedEgressIp; via: 'source_address' | 'egress_ip' }
    >();
    for (const ip of egressIps) {
      const own = addressKey(ip.ipv4);
      if (own !== undefined) egressBySeenAddress.set(own, { ip, via: 'egress_ip' });
    }
    for (const ip of egressIps) {
      const gateway = ip.gateway;
      if (gateway === null || !('source_address' in gateway)) continue;
      const key = addressKey(gateway.source_address);
      if (key !== undefined) egressBySeenAddress.set(key, { ip, via: 'source_address' });
    }
    const vnets = orderVnets(
      (await store.vnets.list(accountId)).filter((v) => v.deleted_at === null),
    );
    const users = await store.users.list(accountId);
    const defaultVnet = vnets.find((vnet) => vnet.is_default_network);
    if (!defaultVnet) throw new Error(`account ${accountId} has no default virtual network`);
    return {
      version: account.config_version,
      compiled,
      rules,
      egressIps,
      vnets,
      vnetsById: new Map(vnets.map((vnet) => [vnet.id, vnet])),
      defaultVnet,
      groupsByEmail: new Map(users.map((user) => [user.email, user.groups] as const)),
      egressBySeenAddress,
      answers: new AnswerCache(),
    };
  }
}
