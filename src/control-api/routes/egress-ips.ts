import type { FastifyInstance } from 'fastify';
import { EgressIp, EgressIpCreate, EgressIpPatch, PageQuery } from '../../shared/api/index.js';
import { ok, okList } from '../envelope.js';
import { ACCOUNT_PATH, type AppDeps, addRoute } from '../route-kit.js';
import {
  createEgressIp,
  deleteEgressIp,
  getEgressIp,
  updateEgressIp,
} from '../services/egress-ip-service.js';
import { toEgressIpResource } from '../store/egress-ips-repo.js';

const LIST = `${ACCOUNT_PATH}/gateway/egress_ips`;
const ONE = `${LIST}/:egress_ip_id`;
const tag = 'Dedicated egress IPs (extension)';

export function registerEgressIpRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { store } = deps;

  addRoute(app, deps, {
    method: 'GET',
    url: LIST,
    tag,
    summary: 'List the account’s dedicated egress IPs',
    access: 'member',
    query: PageQuery,
    result: EgressIp,
    list: true,
    handler: async ({ accountId, query }) =>
      okList((await store.egressIps.list(accountId)).map(toEgressIpResource), query),
  });

  addRoute(app, deps, {
    method: 'POST',
    url: LIST,
    tag,
    summary: 'Add a dedicated egress IP',
    description:
      'city and country come from the data-center catalog; an unknown colo is a 400. gateway: ' +
      '{"proxy_url": "socks5://[user:pass@]host:port" | "http://[user:pass@]host:port"} (a ' +
      'proxy in that data center; http means CONNECT), {"source_address": "<ip>"} (dial from ' +
      'that address of the agent’s machine) or null (decision only: connections resolved to ' +
      'it are refused). Reads mask the proxy password (user:***@).',
    access: 'admin',
    body: EgressIpCreate,
    result: EgressIp,
    errors: [400, 409],
    handler: async ({ accountId, body }) =>
      ok(toEgressIpResource(await createEgressIp(store, accountId, body))),
  });

  addRoute(app, deps, {
    method: 'GET',
    url: ONE,
    tag,
    summary: 'Get a dedicated egress IP',
    access: 'member',
    result: EgressIp,
    handler: async ({ accountId, params }) =>
      ok(toEgressIpResource(await getEgressIp(store, accountId, params.egress_ip_id ?? ''))),
  });

  addRoute(app, deps, {
    method: 'PATCH',
    url: ONE,
    tag,
    summary: 'Set an egress IP’s status or gateway',
    description:
      'status healthy or down is a manual status (the QA outage switch) that overrides the ' +
      'health probes until status auto hands it back to them (proxy_url gateways only). A new ' +
      'proxy_url gateway where none was probed starts probing; a source_address or null ' +
      'gateway is never probed (its status is manual). Every status change bumps ' +
      'config_version and is pushed on events. A source_address already used by another ' +
      'egress IP of the account is a 409.',
    access: 'admin',
    body: EgressIpPatch,
    result: EgressIp,
    errors: [400, 409],
    handler: async ({ accountId, params, body }) => {
      const ip = await updateEgressIp(store, accountId, params.egress_ip_id ?? '', body);
      return ok(toEgressIpResource(ip));
    },
  });

  addRoute(app, deps, {
    method: 'DELETE',
    url: ONE,
    tag,
    summary: 'Remove a dedicated egress IP',
    description: 'Refused (409, code 1007) while a rule egresses through it or falls back to it.',
    access: 'admin',
    result: EgressIp,
    errors: [409],
    handler: async ({ accountId, params }) =>
      ok(toEgressIpResource(await deleteEgressIp(store, accountId, params.egress_ip_id ?? ''))),
  });
}
