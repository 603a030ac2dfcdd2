import {
  type AgentLocation,
  type AgentSnapshot,
  type ConnectionEntry,
  type HistoryEntry,
  type SwitchResult,
  trafficState,
  type Verification,
  type VnetEntry,
  type WhatIfRequest,
} from '../../shared/agent/index.js';
import { sortVnets } from '../../shared/agent/vnet-sections.js';
import type { ResolveResult } from '../../shared/api/resolve.js';
import type { Output } from './schemas.js';

/**
 * Agent answers → the documented `--json` shapes. Every object is written out key by key, so the
 * order is the schema's whatever order the agent used.
 */

type StatusFields = Omit<Output<'status'>, 'schema'>;

function statusFields(snapshot: AgentSnapshot, recent?: readonly ConnectionEntry[]): StatusFields {
  const egress = snapshot.egress;
  const attached = snapshot.vnets.find((vnet) => vnet.id === snapshot.attached_vnet_id);
  const vnet =
    snapshot.attached_vnet_id === null
      ? null
      : { id: snapshot.attached_vnet_id, name: attached?.name ?? egress?.vnet_name ?? '' };
  return {
    status: snapshot.status,
    vnet,
    egress: egress ? { ...egress.egress } : null,
    decided_by: egress ? egress.decided_by : null,
    fallback: egress ? egress.fallback : null,
    resolved_at: egress ? egress.resolved_at : null,
    stale: egress?.stale ?? false,
    config_version: egress ? egress.config_version : null,
    verification: snapshot.verification ? verificationFields(snapshot.verification) : null,
    location: locationFields(snapshot.location),
    device: snapshot.device
      ? {
          id: snapshot.device.id,
          name: snapshot.device.name,
          user_email: snapshot.device.user_email,
        }
      : null,
    control_api: {
      mode: snapshot.control_api.mode,
      url: snapshot.control_api.url,
      account_id: snapshot.control_api.account_id,
    },
    starting: snapshot.starting ?? null,
    switching: snapshot.switching ?? null,
    offline: snapshot.offline ?? null,
    error: snapshot.error ?? null,
    proxy: {
      address: snapshot.proxy.address,
      listening: snapshot.proxy.listening,
      error: snapshot.proxy.error,
    },
    traffic: trafficState(snapshot, recent),
  };
}

/** `recent`: the connection log, newest first, for whether traffic is flowing. */
export function statusOutput(
  snapshot: AgentSnapshot,
  recent?: readonly ConnectionEntry[],
): Output<'status'> {
  return { schema: 'egressctl/status@1', ...statusFields(snapshot, recent) };
}

function latencyFields(
  latency: VnetEntry['latency'],
): Output<'vnets'>['virtual_networks'][number]['latency'] {
  if (latency === null || latency === undefined) return null;
  return {
    added_ms: latency.added_ms,
    gateway_rtt_ms: latency.gateway_rtt_ms,
    direct_rtt_ms: latency.direct_rtt_ms ?? null,
    measured_at: latency.measured_at,
    error: latency.error ?? null,
    target: latency.target ?? null,
  };
}

export function watchLine(snapshot: AgentSnapshot): Output<'watch'> {
  return { schema: 'egressctl/watch@1', seq: snapshot.seq, ...statusFields(snapshot) };
}

export function vnetListOutput(snapshot: AgentSnapshot): Output<'vnets'> {
  return {
    schema: 'egressctl/vnets@1',
    active_vnet_id: snapshot.attached_vnet_id,
    // The agent's own order, re-applied: the same whatever agent answered.
    virtual_networks: sortVnets(snapshot.vnets).map((vnet) => ({
      id: vnet.id,
      name: vnet.name,
      description: vnet.comment,
      default: vnet.is_default,
      active: vnet.id === snapshot.attached_vnet_id,
      favourite: vnet.favourite,
      last_used_at: vnet.last_used_at,
      egress: vnet.preview ? { ...vnet.preview.egress } : null,
      decided_by: vnet.preview ? vnet.preview.decided_by.summary : null,
      fallback_used: vnet.preview ? vnet.preview.fallback.used : null,
      latency: latencyFields(vnet.latency),
      gateway_up: vnet.gateway_up ?? null,
    })),
  };
}

function verificationFields(verification: Verification): Verification {
  return {
    status: verification.status,
    checked_at: verification.checked_at,
    vnet_id: verification.vnet_id,
    expected: { ...verification.expected },
    observed: verification.observed ? { ...verification.observed } : null,
    message: verification.message,
  };
}

export function switchOutput(result: SwitchResult): Output<'switch'> {
  const { egress } = result;
  return {
    schema: 'egressctl/switch@1',
    vnet: { id: egress.vnet_id, name: egress.vnet_name },
    egress: { ...egress.egress },
    decided_by: egress.decided_by,
    fallback: egress.fallback,
    config_version: egress.config_version,
    resolved_at: egress.resolved_at,
    duration_ms: result.duration_ms,
    verification: result.verification ? verificationFields(result.verification) : null,
  };
}

export function verifyOutput(verification: Verification): Output<'verify'> {
  return {
    schema: 'egressctl/verify@1',
    status: verification.status,
    vnet_id: verification.vnet_id,
    expected: { ...verification.expected },
    observed: verification.observed ? { ...verification.observed } : null,
    message: verification.message,
    checked_at: verification.checked_at,
    via: verification.via ? { ...verification.via } : null,
  };
}

export function resolveOutput(request: WhatIfRequest, result: ResolveResult): Output<'resolve'> {
  const destination = request.destination ?? {};
  return {
    schema: 'egressctl/resolve@1',
    destination: {
      host: destination.host ?? null,
      ip: destination.ip ?? null,
      port: destination.port ?? null,
      protocol: destination.protocol ?? null,
      country: destination.country ?? null,
    },
    vnet_id: result.vnet_id ?? request.vnet_id ?? null,
    egress: { ...result.egress },
    decided_by: result.decided_by,
    fallback: result.fallback,
    config_version: result.config_version,
    trace: result.trace ?? [],
  };
}

export function historyOutput(entries: readonly HistoryEntry[]): Output<'history'> {
  return { schema: 'egressctl/history@1', entries: [...entries] };
}

function locationFields(location: AgentLocation): AgentLocation {
  return {
    colo: location.colo,
    city: location.city,
    country: location.country,
    lat: location.lat,
    lon: location.lon,
    source: location.source,
  };
}

export function locationOutput(location: AgentLocation): Output<'location'> {
  return { schema: 'egressctl/location@1', ...locationFields(location) };
}

export function favouritesOutput(
  ids: readonly string[],
  snapshot: AgentSnapshot,
): Output<'favourites'> {
  const names = new Map(snapshot.vnets.map((vnet) => [vnet.id, vnet.name]));
  return {
    schema: 'egressctl/favourites@1',
    favourites: ids.map((id) => ({ id, name: names.get(id) ?? id })),
  };
}
