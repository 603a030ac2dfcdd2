import {
  type DeviceConfig,
  deviceEgressConfig,
  type EgressSettings,
} from '../../../../shared/api/index.js';
import {
  type CompiledEgressConfig,
  compileEgressConfig,
  type DedicatedEgressIp,
} from '../../../../shared/egress/index.js';
import { type GatewayRoute, gatewayRoute } from './gateway-upstream.js';

/**
 * One device config, compiled once per `config_version` (and device state): the resolver's
 * compiled rules, and per egress IP how it physically leaves. Connections only read it.
 */
export interface CompiledDevice {
  readonly config: DeviceConfig;
  readonly compiled: CompiledEgressConfig;
  readonly vnetsById: ReadonlyMap<string, { id: string; name: string }>;
  readonly ipsByIpv4: ReadonlyMap<string, DedicatedEgressIp>;
  /** Per egress IPv4: its gateway route; null for no gateway; `{error}` for an unusable one. */
  readonly routesByIpv4: ReadonlyMap<string, GatewayRoute | { error: string } | null>;
  /** Per rule id: its egress settings (null: the shared egress), for the declared fallback. */
  readonly ruleEgress: ReadonlyMap<string, EgressSettings | null>;
  /**
   * Whether a rule reads the destination's country or continent, which the proxy cannot know
   * for a host name: the decision then says the field was absent.
   */
  readonly readsDestinationGeo: boolean;
}

/** Compiles a device config. Throws ExpressionSyntaxError for a rule the resolver cannot read. */
export function compileDevice(config: DeviceConfig): CompiledDevice {
  const compiled = compileEgressConfig(deviceEgressConfig(config));
  return Object.freeze({
    config,
    compiled,
    vnetsById: new Map(config.vnets.map((vnet) => [vnet.id, vnet])),
    ipsByIpv4: compiled.ipsByIpv4,
    routesByIpv4: new Map(config.egress_ips.map((ip) => [ip.ipv4, gatewayRoute(ip.gateway)])),
    ruleEgress: new Map(config.rules.map((rule) => [rule.id, rule.egress])),
    // Textual, like the resolver's own `usesSourceGeo`: a false positive only adds a note.
    readsDestinationGeo: compiled.rules.some((rule) =>
      [rule.traffic, rule.identity, rule.devicePosture].some(
        (column) => column?.canonical.includes('net.dst.geo') === true,
      ),
    ),
  });
}
