import type { AgentLocation, LocationRequest } from '../../../shared/agent/index.js';
import { deviceLocationOf, locationFromRequest } from '../location.js';
import { isOnline } from '../status-machine.js';
import type { OperationDeps } from './operation-deps.js';

/**
 * Sets where the user is, tells the server (its "nearest location" balancing depends on it),
 * then re-resolves the egress and every preview. Offline, the location is kept and sent when the
 * control API is back (every reconnect brings the device record in line).
 */
export async function setLocation(
  deps: OperationDeps,
  request: LocationRequest,
  timeZone: string | undefined,
): Promise<AgentLocation> {
  const { state, link } = deps;
  const location = locationFromRequest(request, timeZone);
  state.commit({ settings: { location } });
  const { session, status } = state.model;
  if (!session || !isOnline(status)) return location;
  try {
    await session.deviceClient.setDeviceLocation(session.device.id, deviceLocationOf(location));
    await link.resync();
  } catch (error) {
    const failure = await link.failure(error);
    if (failure.code !== 'control_api_unreachable') throw failure;
  }
  return location;
}
