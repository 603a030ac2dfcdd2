import type { WhatIfRequest } from '../../../shared/agent/index.js';
import type { ResolveResult } from '../../../shared/api/index.js';
import type { OperationDeps } from './operation-deps.js';
import { vnetTarget } from './vnet-target.js';

/**
 * "Where would this destination egress from, and why?" for this device. On the attached vnet,
 * or with an admin token on any vnet, the server gives the full per-rule trace. A device token
 * may only add the destination to its own state, so for another vnet the agent uses that vnet's
 * preview from `all_vnets` — the same resolver, without the trace.
 */
export async function whatIf(deps: OperationDeps, request: WhatIfRequest): Promise<ResolveResult> {
  const { state, link } = deps;
  const session = link.session();
  const vnetId = request.vnet_id ? (await vnetTarget(state, link, request.vnet_id)).id : undefined;
  const destination = request.destination;
  try {
    if (vnetId === undefined || vnetId === state.model.settings.attached_vnet_id) {
      return await session.deviceClient.resolve({ context: { destination }, explain: true });
    }
    if (session.adminClient) {
      return await session.adminClient.resolve({
        device_id: session.device.id,
        context: { vnet_id: vnetId, destination },
        explain: true,
      });
    }
    const all = await session.deviceClient.resolve({ context: { destination }, all_vnets: true });
    const preview = all.vnets?.find((entry) => entry.vnet_id === vnetId);
    if (!preview) return all;
    return {
      egress: preview.egress,
      decided_by: preview.decided_by,
      fallback: preview.fallback,
      config_version: all.config_version,
      vnet_id: vnetId,
      ...(all.device_id ? { device_id: all.device_id } : {}),
    };
  } catch (error) {
    throw await link.failure(error);
  }
}
