import type { FastifyInstance } from 'fastify';
import {
  Device,
  DeviceEnrol,
  DevicePatch,
  EnrolledDevice,
  PageQuery,
} from '../../shared/api/index.js';
import { ok, okList } from '../envelope.js';
import { ACCOUNT_PATH, type AppDeps, addRoute } from '../route-kit.js';
import {
  assertOwnDevice,
  deleteDevice,
  enrolDevice,
  getDevice,
  patchDevice,
} from '../services/device-service.js';
import { toDeviceResource } from '../store/devices-repo.js';

const LIST = `${ACCOUNT_PATH}/devices`;
const ONE = `${LIST}/:device_id`;
const tag = 'Devices (extension)';

export function registerDeviceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { store } = deps;

  addRoute(app, deps, {
    method: 'GET',
    url: LIST,
    tag,
    summary: 'List enrolled devices',
    access: 'admin',
    query: PageQuery,
    result: Device,
    list: true,
    handler: async ({ accountId, query }) =>
      okList((await store.devices.list(accountId)).map(toDeviceResource), query),
  });

  addRoute(app, deps, {
    method: 'POST',
    url: LIST,
    tag,
    summary: 'Enrol a device for a user',
    description:
      'The device starts on the default virtual network. The answer carries the device token; ' +
      'it is shown only here (the server keeps a hash).',
    access: 'admin',
    body: DeviceEnrol,
    result: EnrolledDevice,
    errors: [400],
    handler: async ({ accountId, body }) => ok(await enrolDevice(store, accountId, body)),
  });

  addRoute(app, deps, {
    method: 'GET',
    url: ONE,
    tag,
    summary: 'Get a device (a device token: only its own)',
    access: 'member',
    result: Device,
    handler: async ({ accountId, params, principal }) => {
      const id = params.device_id ?? '';
      assertOwnDevice(principal, id);
      return ok(toDeviceResource(await getDevice(store, accountId, id)));
    },
  });

  addRoute(app, deps, {
    method: 'PATCH',
    url: ONE,
    tag,
    summary: 'Attach a device to a vnet, report its location',
    description:
      'A device token may change only its own device’s vnet_id and location; the admin token ' +
      'may also change name and user_email.',
    access: 'member',
    body: DevicePatch,
    result: Device,
    errors: [400],
    handler: async ({ accountId, params, body, principal }) => {
      const id = params.device_id ?? '';
      return ok(toDeviceResource(await patchDevice(store, principal, accountId, id, body)));
    },
  });

  addRoute(app, deps, {
    method: 'DELETE',
    url: ONE,
    tag,
    summary: 'Remove a device (its token stops working)',
    access: 'admin',
    result: Device,
    handler: async ({ accountId, params }) =>
      ok(toDeviceResource(await deleteDevice(store, accountId, params.device_id ?? ''))),
  });
}
