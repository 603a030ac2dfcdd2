import { deviceResolveContext, SHARED_EGRESS_FALLBACK } from '../../../../shared/api/index.js';
import {
  type EgressResolution,
  InvalidResolveContextError,
  type ResolveContext,
  resolveEgress,
} from '../../../../shared/egress/index.js';
import type { Destination, RouteDecision, RouteLabel } from '../route.js';
import type { CompiledDevice } from './compiled-device.js';
import { type GatewayRoute, SHARED_ROUTE } from './gateway-upstream.js';

/** The fields of the rule language a local proxy cannot know for a connection. */
export const UNKNOWN_DESTINATION_FIELDS: readonly string[] = Object.freeze([
  'net.dst.geo.country',
  'net.dst.geo.continent',
]);

/**
 * What the resolver is told about a destination. The proxy never resolves names or geolocates,
 * so the destination's country (and continent) is absent: conditions on them are false (`!=`
 * true), exactly as for any absent field. An IP literal is the destination IP, not a host name.
 */
export function destinationFacts(
  destination: Destination,
): NonNullable<ResolveContext['destination']> {
  return destination.ip === undefined
    ? { host: destination.host, port: destination.port, protocol: destination.protocol }
    : { ip: destination.ip, port: destination.port, protocol: destination.protocol };
}

/** The resolution of one connection on `vnetId`, optionally with the per-rule trace. */
export function resolveConnection(
  device: CompiledDevice,
  vnetId: string,
  destination: Destination,
  explain = false,
): EgressResolution {
  const context = deviceResolveContext(device.config, destinationFacts(destination), vnetId);
  return resolveEgress(device.compiled, context, { explain });
}

function labelOf(device: CompiledDevice, vnetId: string, resolution: EgressResolution): RouteLabel {
  const { egress } = resolution;
  const label: RouteLabel = {
    vnet_id: vnetId,
    vnet_name: device.vnetsById.get(vnetId)?.name ?? null,
    rule: resolution.decided_by.rule ?? null,
    egress_ipv4: egress.kind === 'dedicated' ? egress.ipv4 : null,
    egress_kind: egress.kind,
    gateway: null,
    config_version: device.config.config_version,
  };
  // The proxy neither resolves names nor geolocates addresses: never known, host or IP.
  if (device.readsDestinationGeo) label.unknown_fields = UNKNOWN_DESTINATION_FIELDS;
  return label;
}

function describeIp(device: CompiledDevice, ipv4: string): string {
  const ip = device.ipsByIpv4.get(ipv4);
  return ip === undefined ? `egress ${ipv4}` : `egress ${ipv4} (${ip.colo}, ${ip.city})`;
}

/** A dedicated IP's way out, or why there is none. */
function dedicatedRoute(device: CompiledDevice, ipv4: string): GatewayRoute | { refusal: string } {
  const route = device.routesByIpv4.get(ipv4);
  if (route === null || route === undefined) {
    return { refusal: `${describeIp(device, ipv4)} has no gateway` };
  }
  if ('error' in route) return { refusal: `${describeIp(device, ipv4)}: ${route.error}` };
  return route;
}

/**
 * The rule's declared fallback, for a dial-time failure of the primary's gateway: only when a
 * rule decided, its primary is in use (not already its fallback), and the fallback is usable now.
 * Never an undeclared one: geographic balancing and the shared egress declare none.
 */
function declaredFallback(
  device: CompiledDevice,
  resolution: EgressResolution,
  label: RouteLabel,
): NonNullable<Extract<RouteDecision, { ok: true }>['fallback']> | undefined {
  const rule = resolution.decided_by.rule;
  if (rule === undefined || resolution.fallback.used || resolution.egress.kind !== 'dedicated') {
    return undefined;
  }
  const fallbackIpv4 = device.ruleEgress.get(rule.id)?.ipv4_fallback;
  if (fallbackIpv4 === undefined) return undefined;
  if (fallbackIpv4 === SHARED_EGRESS_FALLBACK) {
    return {
      upstream: SHARED_ROUTE.upstream,
      label: { ...label, egress_ipv4: null, egress_kind: 'shared', gateway: SHARED_ROUTE.display },
    };
  }
  if (device.ipsByIpv4.get(fallbackIpv4)?.status !== 'healthy') return undefined;
  const route = dedicatedRoute(device, fallbackIpv4);
  if ('refusal' in route) return undefined;
  return {
    upstream: route.upstream,
    label: {
      ...label,
      egress_ipv4: fallbackIpv4,
      egress_kind: 'dedicated',
      gateway: route.display,
    },
  };
}

/** Turns a resolution into how the connection leaves, or why it is refused (fail closed). */
export function decisionOf(
  device: CompiledDevice,
  vnetId: string,
  resolution: EgressResolution,
): RouteDecision {
  const label = labelOf(device, vnetId, resolution);
  const { egress } = resolution;
  if (egress.kind === 'unavailable' || egress.ipv4 === null) {
    const why = resolution.fallback.reason ?? resolution.decided_by.summary;
    return { ok: false, reason: `egress unavailable: ${why}`, label };
  }
  if (egress.kind === 'shared') {
    return { ok: true, upstream: SHARED_ROUTE.upstream, label: { ...label, gateway: 'direct' } };
  }
  const route = dedicatedRoute(device, egress.ipv4);
  if ('refusal' in route) return { ok: false, reason: route.refusal, label };
  const chosen: RouteLabel = { ...label, gateway: route.display };
  const fallback = declaredFallback(device, resolution, chosen);
  return fallback === undefined
    ? { ok: true, upstream: route.upstream, label: chosen }
    : { ok: true, upstream: route.upstream, fallback, label: chosen };
}

/** Decides one connection on `vnetId` under a compiled device config. */
export function decideConnection(
  device: CompiledDevice,
  vnetId: string,
  destination: Destination,
): RouteDecision {
  let resolution: EgressResolution;
  try {
    resolution = resolveConnection(device, vnetId, destination);
  } catch (error) {
    // The device's location names a data center the catalog lacks: nothing sensible to dial.
    if (!(error instanceof InvalidResolveContextError)) throw error;
    return {
      ok: false,
      reason: `cannot decide: ${error.message}`,
      label: refusalLabel(device, vnetId),
    };
  }
  return decisionOf(device, vnetId, resolution);
}

/** The label of a connection refused before anything was resolved. */
export function refusalLabel(
  device: CompiledDevice | undefined,
  vnetId: string | null,
): RouteLabel {
  return {
    vnet_id: vnetId,
    vnet_name: (vnetId === null ? undefined : device?.vnetsById.get(vnetId)?.name) ?? null,
    rule: null,
    egress_ipv4: null,
    egress_kind: 'unavailable',
    gateway: null,
    config_version: device?.config.config_version ?? 0,
  };
}
