import type { FastifyInstance } from 'fastify';
import { DeviceConfig } from '../../shared/api/index.js';
import { ok } from '../envelope.js';
import { ACCOUNT_PATH, type AppDeps, addRoute } from '../route-kit.js';
import {
  deviceConfigEtag,
  deviceConfigFor,
  etagMatches,
} from '../services/device-config-service.js';
import { assertOwnDevice, getDevice } from '../services/device-service.js';

export const DEVICE_CONFIG_PATH = `${ACCOUNT_PATH}/devices/:device_id/config`;

export function registerDeviceConfigRoute(app: FastifyInstance, deps: AppDeps): void {
  addRoute(app, deps, {
    method: 'GET',
    url: DEVICE_CONFIG_PATH,
    tag: 'Devices (extension)',
    summary: 'What a device needs to decide its egress locally (device token: its own only)',
    description:
      'Rules, egress IPs with their data-center coordinates and gateways (credentials in full: ' +
      'the device must dial them), live virtual networks, the device’s own vnet, identity, ' +
      'groups and location, and config_version. Resolving with the shared resolver on ' +
      'deviceEgressConfig(config) and deviceResolveContext(config, destination) gives the ' +
      'answer of gateway/egress/resolve. The ETag changes with config_version and with the ' +
      'device’s own state; If-None-Match with the current one answers 304 without a body. ' +
      'Refetch on every events config event. The admin token may read any device’s config.',
    access: 'member',
    result: DeviceConfig,
    errors: [304],
    handler: async ({ request, reply, params, principal, accountId }) => {
      const id = params.device_id ?? '';
      assertOwnDevice(principal, id);
      const device =
        principal.kind === 'device' ? principal.device : await getDevice(deps.store, accountId, id);
      const snapshot = await deps.snapshots.get(accountId);
      const etag = deviceConfigEtag(snapshot.version, device);
      reply.header('etag', etag);
      reply.header('cache-control', 'private, no-cache');
      if (etagMatches(request.headers['if-none-match'], etag)) {
        return reply.code(304).send();
      }
      return ok(deviceConfigFor(snapshot, device));
    },
  });
}
