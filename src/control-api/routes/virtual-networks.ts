import type { FastifyInstance } from 'fastify';
import {
  VirtualNetwork,
  VirtualNetworkCreate,
  VirtualNetworkDeleteQuery,
  VirtualNetworkListQuery,
  VirtualNetworkUpdate,
} from '../../shared/api/index.js';
import { ok, okList } from '../envelope.js';
import { ACCOUNT_PATH, type AppDeps, addRoute } from '../route-kit.js';
import {
  createVnet,
  deleteVnet,
  filterVnets,
  getVnet,
  updateVnet,
} from '../services/vnet-service.js';

const LIST = `${ACCOUNT_PATH}/teamnet/virtual_networks`;
const ONE = `${LIST}/:vnet_id`;
const tag = 'Virtual networks';

export function registerVirtualNetworkRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { store } = deps;

  addRoute(app, deps, {
    method: 'GET',
    url: LIST,
    tag,
    summary: 'List and filter virtual networks',
    access: 'member',
    query: VirtualNetworkListQuery,
    result: VirtualNetwork,
    list: true,
    handler: async ({ accountId, query }) =>
      okList(filterVnets(await store.vnets.list(accountId), query), query),
  });

  addRoute(app, deps, {
    method: 'POST',
    url: LIST,
    tag,
    summary: 'Create a virtual network',
    description: 'Names are unique among non-deleted vnets; is_default demotes the old default.',
    access: 'admin',
    body: VirtualNetworkCreate,
    result: VirtualNetwork,
    errors: [400, 409],
    handler: async ({ accountId, body }) => ok(await createVnet(store, accountId, body)),
  });

  addRoute(app, deps, {
    method: 'GET',
    url: ONE,
    tag,
    summary: 'Get a virtual network (deleted ones too)',
    access: 'member',
    result: VirtualNetwork,
    handler: async ({ accountId, params }) =>
      ok(await getVnet(store, accountId, params.vnet_id ?? '')),
  });

  addRoute(app, deps, {
    method: 'PATCH',
    url: ONE,
    tag,
    summary: 'Update a virtual network',
    description:
      'is_default_network:true makes it the default (demoting the old one); un-setting the ' +
      'default directly is refused (400, code 1006).',
    access: 'admin',
    body: VirtualNetworkUpdate,
    result: VirtualNetwork,
    errors: [400, 409],
    handler: async ({ accountId, params, body }) =>
      ok(await updateVnet(store, accountId, params.vnet_id ?? '', body)),
  });

  addRoute(app, deps, {
    method: 'DELETE',
    url: ONE,
    tag,
    summary: 'Delete (soft) a virtual network',
    description:
      'The default cannot be deleted (400, code 1006). A vnet with devices attached or rules ' +
      'referencing it is refused (409, code 1007) unless ?force=true: then its devices move to ' +
      'the default vnet and those rules are disabled, both reported in messages.',
    access: 'admin',
    query: VirtualNetworkDeleteQuery,
    result: VirtualNetwork,
    errors: [400, 409],
    handler: async ({ accountId, params, query }) => {
      const force = query.force === true;
      const outcome = await deleteVnet(store, accountId, params.vnet_id ?? '', force);
      return ok(outcome.result, outcome.messages);
    },
  });
}
