import type { Logger } from 'pino';
import { AgentError } from '../../../../shared/agent/index.js';
import type {
  Device,
  Location,
  ResolveRequest,
  ResolveResult,
  VirtualNetwork,
  VnetPreview,
} from '../../../../shared/api/index.js';
import type { ResolveContext } from '../../../../shared/egress/index.js';
import { errorMessage } from '../../../../shared/text/error-message.js';
import {
  type ApiRule,
  type ApiVnet,
  type CloudflareApi,
  CloudflareApiError,
} from './cloudflare-api.js';
import type { PlaceBook } from './place-book.js';
import { type Observed, observeEgress } from './verify-fetch.js';
import type { WarpCli } from './warp-cli.js';
import { WarpCliError } from './warp-cli-error.js';
import {
  isRegistrationMissing,
  type WarpRegistration,
  type WarpStatus,
  type WarpVnetList,
} from './warp-cli-output.js';
import { resolveWarp } from './warp-resolve.js';
import { dedicatedIpsOf, prepareRules, type WarpRule } from './warp-rules.js';

export interface WarpBackendOptions {
  cli: WarpCli;
  api: CloudflareApi;
  places: PlaceBook;
  logger: Logger;
  /** Tried in order by a verification. */
  verifyUrls: readonly string[];
  /** How long a switch may take to reach `Connected`. Default 30 s. */
  switchTimeoutMs?: number | undefined;
  /** How often `status` is asked while waiting. Default 100 ms. */
  pollMs?: number | undefined;
  /** The device name the agent shows (warp-cli does not name the machine). */
  hostname: string;
}

/** A switch the client refused, or a client that is not in a state to switch. */
export class WarpSwitchError extends Error {
  override readonly name = 'WarpSwitchError';
}

/** The last switch: how long WARP itself took from the request to `Connected`. */
export interface WarpSwitchRecord {
  vnetId: string;
  selectMs: number;
  connectedMs: number;
}

interface Snapshot {
  registration: WarpRegistration;
  list: WarpVnetList;
  status: WarpStatus;
  /** null: the token may not read virtual networks (names then come from warp-cli). */
  apiVnets: ApiVnet[] | null;
  rawRules: ApiRule[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The device's world as the real client and the real API tell it: which vnets this device may
 * select and which is active (warp-cli), their names and comments and the egress policies
 * (Cloudflare API), evaluated locally. Every read that changes anything bumps `version`, which
 * the adapter pushes as a `config` event, so the agent follows a vnet changed in WARP's own
 * settings or a disconnect within one re-read.
 */
export class WarpBackend {
  readonly #o: WarpBackendOptions;
  readonly #listeners = new Set<(version: number) => void>();
  #snapshot: Snapshot | undefined;
  #rules: WarpRule[] = [];
  #rulesKey = '';
  #signature = '';
  #failure: Error | null = null;
  #location: Location | null = null;
  #switchSeq = 0;
  #rereading: Promise<void> | undefined;
  #watching = false;
  #switchChain: Promise<void> = Promise.resolve();
  #createdAt = new Date().toISOString();
  /** Seconds since the epoch at start: above any version an earlier plane of this agent used. */
  version = Math.floor(Date.now() / 1000);
  lastSwitch: WarpSwitchRecord | null = null;

  constructor(options: WarpBackendOptions) {
    this.#o = options;
  }

  onChange(listener: (version: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Why the last re-read failed (the adapter answers 503 with it until one succeeds). */
  get failure(): Error | null {
    return this.#failure;
  }

  get snapshot(): Snapshot {
    if (!this.#snapshot) throw new Error('the WARP backend has not been read yet');
    return this.#snapshot;
  }

  /** Everything, throwing what failed (the first read, and reads the agent asks for). */
  async load(): Promise<void> {
    const { cli, api } = this.#o;
    const registration = await cli.registration();
    const [list, status] = await Promise.all([cli.listVnets(), cli.status()]);
    if (isRegistrationMissing(status)) {
      throw new WarpCliError(
        'not_registered',
        'this device is not registered with Cloudflare Zero Trust: sign in from the WARP client ' +
          `(or \`warp-cli registration new <team>\`). warp-cli status said: ${status.status}${status.reason ? ` (${status.reason})` : ''}`,
      );
    }
    const [apiVnets, rawRules] = await Promise.all([
      api.listVirtualNetworks().catch((error: unknown) => {
        // Names and comments are a nicety: warp-cli names the vnets too.
        if (error instanceof CloudflareApiError && error.refusedToken) {
          this.#o.logger.warn({ error: error.message }, 'token may not read virtual networks');
          return null;
        }
        throw error;
      }),
      api.listGatewayRules(),
    ]);
    this.#apply({ registration, list, status, apiVnets, rawRules }, null);
  }

  /** A re-read on the interval: a failure is kept (and pushed) instead of thrown. */
  reread(): Promise<void> {
    // Timers never stack reads: a slow client or API gets one read at a time.
    this.#rereading ??= this.#reread().finally(() => {
      this.#rereading = undefined;
    });
    return this.#rereading;
  }

  async #reread(): Promise<void> {
    try {
      await this.load();
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      const changed = this.#failure?.message !== failure.message;
      this.#failure = failure;
      this.#o.logger.warn({ error: failure.message }, 'WARP re-read failed');
      if (changed) this.#bump();
    }
  }

  /** Only the client's side (cheap, local): for watching disconnects and outside switches. */
  async rereadClient(): Promise<void> {
    if (this.#rereading || this.#watching) return;
    if (!this.#snapshot || this.#failure) return this.reread();
    this.#watching = true;
    try {
      const [list, status] = await Promise.all([this.#o.cli.listVnets(), this.#o.cli.status()]);
      this.#apply({ ...this.#snapshot, list, status }, null);
    } catch {
      // The full read records (and pushes) what is wrong, daemon and registration included.
      await this.reread();
    } finally {
      this.#watching = false;
    }
  }

  #apply(snapshot: Snapshot, failure: Error | null): void {
    const email = snapshot.registration.email;
    const rulesKey = JSON.stringify([snapshot.rawRules, email !== null]);
    if (rulesKey !== this.#rulesKey) {
      this.#rules = prepareRules(snapshot.rawRules, { email: email !== null }, this.version);
      this.#rulesKey = rulesKey;
    }
    this.#snapshot = snapshot;
    this.#failure = failure;
    const signature = JSON.stringify([
      snapshot.list,
      snapshot.status.status,
      snapshot.apiVnets,
      rulesKey,
      email,
      [...this.#o.places.places],
      this.#location,
    ]);
    if (signature !== this.#signature) {
      this.#signature = signature;
      this.#bump();
    }
  }

  #bump(): void {
    this.version += 1;
    for (const listener of this.#listeners) listener(this.version);
  }

  get rules(): readonly WarpRule[] {
    return this.#rules;
  }

  device(): Device {
    const { registration, list } = this.snapshot;
    return {
      id: registration.deviceId ?? 'warp-device',
      name: this.#o.hostname,
      user_email: registration.email ?? '',
      vnet_id: list.activeVnetId ?? '',
      location: this.#location,
      created_at: this.#createdAt,
      updated_at: new Date().toISOString(),
    };
  }

  setLocation(location: Location | null): void {
    this.#location = location;
    this.#signature = '';
    if (this.#snapshot) this.#apply(this.#snapshot, this.#failure);
  }

  /** Only what this device's profile lets it select (the API may list more), with API names. */
  vnets(): VirtualNetwork[] {
    const { list, apiVnets } = this.snapshot;
    const byId = new Map((apiVnets ?? []).map((vnet) => [vnet.id, vnet]));
    return list.vnets.map((vnet) => {
      const api = byId.get(vnet.id);
      return {
        id: vnet.id,
        name: api?.name ?? vnet.name,
        comment: api?.comment ?? vnet.description,
        is_default_network: api?.is_default_network ?? vnet.default,
        created_at: this.#createdAt,
        deleted_at: null,
      };
    });
  }

  /** The account's vnet this id names even when this device may not select it. */
  apiVnetName(vnetId: string): string | undefined {
    return this.snapshot.apiVnets?.find((vnet) => vnet.id === vnetId)?.name;
  }

  #context(vnetId: string | undefined, destination: ResolveContext['destination']): ResolveContext {
    const { registration } = this.snapshot;
    return {
      vnetId,
      identity: registration.email ? { email: registration.email } : undefined,
      location: this.#location ?? undefined,
      destination,
      stickyKey: registration.deviceId ?? registration.email ?? undefined,
    };
  }

  resolve(request: ResolveRequest): ResolveResult {
    const { list, status } = this.snapshot;
    const active = list.activeVnetId ?? undefined;
    const destination = request.context?.destination;
    const places = this.#o.places.places;
    const resolution = resolveWarp(
      this.#rules,
      places,
      this.#context(active, destination),
      this.version,
      request.explain === true,
    );
    const result: ResolveResult = {
      ...resolution,
      ...(active ? { vnet_id: active } : {}),
      device_id: this.device().id,
    };
    if (status.status !== 'Connected' && status.status !== 'Connecting') {
      const why = status.reason ? `${status.status}: ${status.reason}` : status.status;
      result.egress = { ...result.egress, ipv4: null, ipv6: null, kind: 'unavailable' };
      result.fallback = {
        used: false,
        reason: `WARP is not connected (${why}): traffic is not going through Cloudflare. Connect WARP (warp-cli connect or the WARP app)`,
      };
    }
    if (request.all_vnets) {
      result.vnets = this.vnets()
        .sort(
          (a, b) =>
            Number(b.is_default_network) - Number(a.is_default_network) ||
            a.name.localeCompare(b.name),
        )
        .map((vnet): VnetPreview => {
          const preview = resolveWarp(
            this.#rules,
            places,
            this.#context(vnet.id, destination),
            this.version,
            false,
          );
          return {
            vnet_id: vnet.id,
            name: vnet.name,
            is_default_network: vnet.is_default_network,
            egress: preview.egress,
            decided_by: preview.decided_by,
            fallback: preview.fallback,
          };
        });
    }
    return result;
  }

  /**
   * Selects `vnetId` and waits for `Connected`. Switches run one at a time; one that a newer
   * switch overtook while queued is skipped, and one still waiting for `Connected` when a newer
   * arrives stops waiting: the last request wins.
   */
  switchTo(vnetId: string): Promise<WarpSwitchRecord> {
    const seq = ++this.#switchSeq;
    const run = this.#switchChain.then(() => this.#switch(vnetId, seq));
    this.#switchChain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async #switch(vnetId: string, seq: number): Promise<WarpSwitchRecord> {
    const { cli, logger } = this.#o;
    const superseded = () => seq !== this.#switchSeq;
    if (superseded()) throw new WarpSwitchError('replaced by a newer switch before it started');
    const [list, status] = await Promise.all([cli.listVnets(), cli.status()]);
    if (this.#snapshot) this.#apply({ ...this.#snapshot, list, status }, this.#failure);
    if (!list.vnets.some((vnet) => vnet.id === vnetId)) {
      const name = this.apiVnetName(vnetId);
      throw new WarpCliError(
        'vnet_not_allowed',
        `${name ? `${name} (${vnetId})` : vnetId} is not allowed by this device's WARP profile: ` +
          `warp-cli offers ${list.vnets.map((vnet) => vnet.name).join(', ') || 'no virtual networks'}`,
      );
    }
    if (status.status !== 'Connected' && status.status !== 'Connecting') {
      throw new WarpCliError(
        'not_connected',
        `WARP is not connected (${status.status}${status.reason ? `: ${status.reason}` : ''}): ` +
          'connect it (warp-cli connect or the WARP app) and switch again',
      );
    }
    const started = Date.now();
    await cli.selectVnet(vnetId);
    const selectMs = Date.now() - started;
    const timeoutMs = this.#o.switchTimeoutMs ?? 30_000;
    const deadline = started + timeoutMs;
    let last = status;
    for (;;) {
      last = await cli.status();
      if (last.status === 'Connected') break;
      if (superseded())
        throw new WarpSwitchError('replaced by a newer switch while WARP reconnected');
      if (Date.now() >= deadline) {
        throw new WarpCliError(
          'not_connected',
          `WARP did not reach Connected within ${timeoutMs / 1000} s after switching to ` +
            `${this.apiVnetName(vnetId) ?? vnetId} (last status: ${last.status}${last.reason ? `, ${last.reason}` : ''})`,
        );
      }
      await sleep(this.#o.pollMs ?? 100);
    }
    const record = { vnetId, selectMs, connectedMs: Date.now() - started };
    this.lastSwitch = record;
    logger.info(
      { vnetId, selectMs, connectedMs: record.connectedMs },
      'WARP switched virtual network',
    );
    // warp-cli said Success and Connected: the active vnet is known without asking again.
    const after = { ...list, activeVnetId: vnetId };
    if (this.#snapshot)
      this.#apply({ ...this.#snapshot, list: after, status: last }, this.#failure);
    return record;
  }

  /** The user says where one of the rules' dedicated IPs is; pushed like any other change. */
  label(ipv4: string, location: string | null): void {
    const ips = dedicatedIpsOf(this.#rules);
    if (!ips.includes(ipv4)) {
      throw new AgentError(
        'invalid_request',
        `${ipv4} is not one of the account's dedicated egress IPs (the egress policies name ${ips.join(', ') || 'none'})`,
      );
    }
    try {
      this.#o.places.label(ipv4, location);
    } catch (error) {
      throw new AgentError('invalid_request', errorMessage(error));
    }
    if (this.#snapshot) this.#apply(this.#snapshot, this.#failure);
  }

  /** What a destination sees now; a dedicated IP seen with `loc=` teaches its country. */
  async observe(): Promise<Observed> {
    const observed = await observeEgress(this.#o.verifyUrls);
    const ip = observed.fields.ip ?? '';
    if (dedicatedIpsOf(this.#rules).includes(ip) && this.#o.places.learn(ip, observed.fields.loc)) {
      if (this.#snapshot) this.#apply(this.#snapshot, this.#failure);
    }
    return observed;
  }
}
