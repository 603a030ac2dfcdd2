import type { FastifyInstance } from 'fastify';
import {
  GatewayRule,
  GatewayRuleCreate,
  GatewayRuleUpdate,
  PageQuery,
} from '../../shared/api/index.js';
import { ok, okList } from '../envelope.js';
import { ACCOUNT_PATH, type AppDeps, addRoute } from '../route-kit.js';
import { createRule, deleteRule, getRule, replaceRule } from '../services/rule-service.js';
import { precheckEgressOnly } from '../services/rule-validation.js';

const LIST = `${ACCOUNT_PATH}/gateway/rules`;
const ONE = `${LIST}/:rule_id`;
const tag = 'Gateway rules (egress policies)';
const writeRules =
  'Egress policies only: action "egress", filters ["egress"] (default when omitted). ' +
  'Expressions are parsed on write (400, code 1003, naming field, line and column); ' +
  'net.vnet_id values must be live vnets; rule_settings.egress.ipv4 must be an account egress ' +
  'IP and ipv4_fallback "0.0.0.0" or an account IP in another data center (400, code 1005). ' +
  'Precedences are unique (409).';

export function registerGatewayRuleRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { store } = deps;

  addRoute(app, deps, {
    method: 'GET',
    url: LIST,
    tag,
    summary: 'List egress rules in evaluation order',
    access: 'member',
    query: PageQuery,
    result: GatewayRule,
    list: true,
    handler: async ({ accountId, query }) => okList(await store.rules.list(accountId), query),
  });

  addRoute(app, deps, {
    method: 'POST',
    url: LIST,
    tag,
    summary: 'Create an egress rule',
    description: `${writeRules} Without precedence the rule goes last (max + 1..100, from 1000).`,
    access: 'admin',
    body: GatewayRuleCreate,
    precheck: precheckEgressOnly,
    result: GatewayRule,
    errors: [400, 409],
    handler: async ({ accountId, body }) => {
      const outcome = await createRule(store, accountId, body);
      return ok(outcome.result, outcome.messages);
    },
  });

  addRoute(app, deps, {
    method: 'GET',
    url: ONE,
    tag,
    summary: 'Get an egress rule',
    access: 'member',
    result: GatewayRule,
    handler: async ({ accountId, params }) =>
      ok(await getRule(store, accountId, params.rule_id ?? '')),
  });

  addRoute(app, deps, {
    method: 'PUT',
    url: ONE,
    tag,
    summary: 'Replace an egress rule',
    description: `${writeRules} Without precedence the rule keeps its place.`,
    access: 'admin',
    body: GatewayRuleUpdate,
    precheck: precheckEgressOnly,
    result: GatewayRule,
    errors: [400, 409],
    handler: async ({ accountId, params, body }) =>
      ok(await replaceRule(store, accountId, params.rule_id ?? '', body)),
  });

  addRoute(app, deps, {
    method: 'DELETE',
    url: ONE,
    tag,
    summary: 'Delete an egress rule',
    access: 'admin',
    result: GatewayRule,
    handler: async ({ accountId, params }) =>
      ok(await deleteRule(store, accountId, params.rule_id ?? '')),
  });
}
