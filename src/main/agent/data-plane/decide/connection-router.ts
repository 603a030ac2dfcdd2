import type { DeviceConfig } from '../../../../shared/api/index.js';
import type { EgressResolution } from '../../../../shared/egress/index.js';
import type { Destination, RouteConnection, RouteDecision } from '../route.js';
import { type CompiledDevice, compileDevice } from './compiled-device.js';
import {
  decideConnection,
  decisionOf,
  refusalLabel,
  resolveConnection,
  UNKNOWN_DESTINATION_FIELDS,
} from './decide-connection.js';

/** A decision with its why: the resolver's per-rule trace and the fields it could not know. */
export interface ConnectionExplanation {
  decision: RouteDecision;
  /** Absent when the connection was refused before resolving (no config, unknown vnet). */
  resolution?: EgressResolution;
  /** Fields a rule reads that the proxy cannot know: absent, so they equal nothing. */
  unknown_fields: string[];
}

/**
 * The agent's side of the local proxy: decides every connection from the device config held in
 * memory, compiled once per config version. The vnet is the one the agent is attached to (it
 * changes at once on a switch, before the server's record is read back), or `scope` for a
 * listener that egresses as another vnet.
 */
export class ConnectionRouter {
  #device: CompiledDevice | undefined;
  #attachedVnet: string | null = null;
  /** Why there is no config, when the control API said so. */
  #unavailable: string | undefined;

  /** The decision function handed to the proxy; reads the newest config on every call. */
  readonly route: RouteConnection = (destination, scope) => this.decide(destination, scope);

  get configVersion(): number | null {
    return this.#device?.config.config_version ?? null;
  }

  get config(): DeviceConfig | undefined {
    return this.#device?.config;
  }

  /**
   * Adopts a device config. Rules are compiled again only for a new config version; the
   * device's own state (vnet, user, location) is read per connection. Throws (keeping the
   * previous config) when a rule cannot be compiled.
   */
  update(config: DeviceConfig): void {
    const previous = this.#device;
    this.#unavailable = undefined;
    // An answer older than the config held (syncs overlap) changes nothing.
    if (previous !== undefined && config.config_version < previous.config.config_version) return;
    if (previous !== undefined && previous.config.config_version === config.config_version) {
      this.#device = { ...previous, config };
      return;
    }
    this.#device = compileDevice(config);
  }

  /** The control API could not give a config: said in refusals while none is held. */
  setUnavailable(reason: string): void {
    this.#unavailable = reason;
  }

  /** The vnet the agent is attached to now (null: the server's record of the device). */
  setAttachedVnet(vnetId: string | null): void {
    this.#attachedVnet = vnetId;
  }

  /** The vnet a connection on a listener of `scope` egresses as. */
  vnetFor(scope: string | null): string | null {
    return scope ?? this.#attachedVnet ?? this.#device?.config.vnet_id ?? null;
  }

  decide(destination: Destination, scope: string | null): RouteDecision {
    const target = this.#target(scope);
    if ('refusal' in target) return target.refusal;
    return decideConnection(target.device, target.vnetId, destination);
  }

  /** The decision with its trace, for people asking why (the hot path is `decide`). */
  explain(destination: Destination, scope: string | null): ConnectionExplanation {
    const target = this.#target(scope);
    if ('refusal' in target) return { decision: target.refusal, unknown_fields: [] };
    const { device, vnetId } = target;
    const unknown_fields = device.readsDestinationGeo ? [...UNKNOWN_DESTINATION_FIELDS] : [];
    let resolution: EgressResolution;
    try {
      resolution = resolveConnection(device, vnetId, destination, true);
    } catch {
      // decideConnection words the refusal for a context the resolver rejects.
      return { decision: decideConnection(device, vnetId, destination), unknown_fields };
    }
    return { decision: decisionOf(device, vnetId, resolution), resolution, unknown_fields };
  }

  #target(
    scope: string | null,
  ): { device: CompiledDevice; vnetId: string } | { refusal: RouteDecision } {
    const device = this.#device;
    const vnetId = this.vnetFor(scope);
    if (device === undefined || vnetId === null) {
      return {
        refusal: {
          ok: false,
          reason:
            this.#unavailable ??
            'the agent has no device config yet (it is connecting to the control API)',
          label: refusalLabel(undefined, vnetId),
        },
      };
    }
    if (!device.vnetsById.has(vnetId)) {
      return {
        refusal: {
          ok: false,
          reason: `vnet ${vnetId} is not a live virtual network of this account`,
          label: refusalLabel(device, vnetId),
        },
      };
    }
    return { device, vnetId };
  }
}
