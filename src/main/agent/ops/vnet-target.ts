import type { AgentState } from '../agent-state.js';
import type { ControlLink } from '../connectivity/control-link.js';
import { knownVnets } from '../connectivity/sync.js';
import type { KnownVnet } from '../settings/persisted-settings.js';
import { findVnet, vnetNotFound } from '../vnet-lookup.js';

/**
 * A vnet by id or name; when the list the agent holds lacks it and the control API is up, the
 * list is read again first (an admin may just have created it).
 */
export async function vnetTarget(
  state: AgentState,
  link: ControlLink,
  reference: string,
): Promise<KnownVnet> {
  const known = findVnet(state.model.settings.known_vnets, reference);
  if (known) return known;
  const session = link.session();
  let vnets: KnownVnet[];
  try {
    vnets = knownVnets(await session.deviceClient.listVirtualNetworks({ is_deleted: false }));
  } catch (error) {
    throw await link.failure(error);
  }
  state.commit({ settings: { known_vnets: vnets } });
  const found = findVnet(vnets, reference);
  if (!found) throw vnetNotFound(vnets, reference);
  return found;
}
