import type { EgressSnapshot, VnetPreview } from '../../../shared/agent/index.js';
import type {
  Device,
  DeviceConfigAnswer,
  ResolveResult,
  VirtualNetwork,
} from '../../../shared/api/index.js';
import { errorMessage } from '../../../shared/text/error-message.js';
import type { AgentModel } from '../agent-model.js';
import type { ModelChange } from '../agent-state.js';
import { isConnectivityFailure } from '../error-mapping.js';
import { deviceLocationOf, sameDeviceLocation } from '../location.js';
import type { Session } from '../session/session.js';
import type { KnownVnet } from '../settings/persisted-settings.js';

/** Where the device config each sync reads goes: the local proxy's decisions. */
export interface DeviceConfigSink {
  /** The ETag of the config held, for If-None-Match. */
  etag(): string | undefined;
  /** A sync's answer: a new config, "not modified", or why none could be read. */
  adopt(answer: SyncResult['deviceConfig']): void;
}

/** What one round trip learns about the device's world. */
export interface SyncResult {
  device: Device | null;
  vnets: VirtualNetwork[];
  resolution: ResolveResult;
  /** The device config the local proxy decides with (or why it could not be read). */
  deviceConfig: DeviceConfigAnswer | { error: string } | { notCarried: true };
}

/**
 * Vnets, the egress of every vnet (the attached one with its trace) and the device config, in
 * parallel. The config is asked with the ETag of the one held (`etag`): unchanged costs a 304.
 */
export async function fetchResolution(session: Session, etag?: string): Promise<SyncResult> {
  const [vnets, resolution, deviceConfig] = await Promise.all([
    session.deviceClient.listVirtualNetworks({ is_deleted: false }),
    session.deviceClient.resolve({ explain: true, all_vnets: true }),
    fetchDeviceConfig(session, etag),
  ]);
  return { device: null, vnets, resolution, deviceConfig };
}

/**
 * A control API that cannot give the config (an older server, a refusal) must not take the
 * link down: the proxy keeps the config it has, or refuses saying why. An unreachable server
 * fails the sync like every other call.
 */
export async function fetchDeviceConfig(
  session: Session,
  etag: string | undefined,
): Promise<SyncResult['deviceConfig']> {
  // The WARP client carries that traffic and the adapter has no device config: asking would
  // cost a round trip and a warning on every sync.
  if (session.connection.mode === 'cloudflare_warp') return { notCarried: true };
  try {
    return await session.deviceClient.getDeviceConfig(session.device.id, { etag });
  } catch (error) {
    if (isConnectivityFailure(error)) throw error;
    return { error: errorMessage(error) };
  }
}

/**
 * Everything, after (re)connecting: the device's record (its vnet may have changed while we were
 * away), its location brought in line with the user's, then the resolution.
 */
export async function fetchAll(
  session: Session,
  model: AgentModel,
  etag?: string,
): Promise<SyncResult> {
  let device = await session.deviceClient.getDevice(session.device.id);
  const location = model.settings.location;
  if (location) {
    const wanted = deviceLocationOf(location);
    if (!sameDeviceLocation(device.location, wanted)) {
      device = await session.deviceClient.setDeviceLocation(device.id, wanted);
    }
  }
  return { ...(await fetchResolution(session, etag)), device };
}

export function egressSnapshotOf(
  resolution: ResolveResult,
  vnetName: string,
  resolvedAt: string,
): EgressSnapshot {
  return {
    vnet_id: resolution.vnet_id ?? '',
    vnet_name: vnetName,
    egress: resolution.egress,
    decided_by: resolution.decided_by,
    fallback: resolution.fallback,
    config_version: resolution.config_version,
    ...(resolution.trace ? { trace: resolution.trace } : {}),
    resolved_at: resolvedAt,
    stale: false,
  };
}

/** The server's live vnets as the agent remembers them. */
export function knownVnets(vnets: readonly VirtualNetwork[]): KnownVnet[] {
  return vnets
    .filter((vnet) => vnet.deleted_at === null)
    .map((vnet) => ({
      id: vnet.id,
      name: vnet.name,
      comment: vnet.comment,
      is_default: vnet.is_default_network,
    }));
}

/**
 * The model change a sync makes, or nothing when its answer is older than what the model holds.
 * `egressCurrent` says whether the answer may replace the egress: not when a switch started
 * after the request was sent (the switch's own answer wins).
 */
export function syncChange(
  model: AgentModel,
  result: SyncResult,
  egressCurrent: boolean,
  resolvedAt: string,
): ModelChange | undefined {
  const { resolution } = result;
  if (model.configVersion !== null && resolution.config_version < model.configVersion) {
    return undefined;
  }
  const known = knownVnets(result.vnets);
  const previews = new Map<string, VnetPreview>(
    (resolution.vnets ?? []).map((preview) => [
      preview.vnet_id,
      { egress: preview.egress, decided_by: preview.decided_by, fallback: preview.fallback },
    ]),
  );
  const change: ModelChange = {
    previews,
    configVersion: resolution.config_version,
    settings: { known_vnets: known },
  };
  if (!egressCurrent) return change;
  const vnetId = resolution.vnet_id ?? result.device?.vnet_id ?? null;
  const name = known.find((vnet) => vnet.id === vnetId)?.name ?? vnetId ?? '';
  change.fresh = true;
  change.settings = {
    ...change.settings,
    attached_vnet_id: vnetId,
    last_egress: egressSnapshotOf(resolution, name, resolvedAt),
  };
  if (result.device) {
    const { id, name: deviceName, user_email } = result.device;
    change.settings.device = { id, name: deviceName, user_email };
  }
  return change;
}
