import type { FastifyInstance } from 'fastify';
import { Account } from '../../shared/api/index.js';
import { ok, okList } from '../envelope.js';
import { ACCOUNT_PATH, type AppDeps, addRoute } from '../route-kit.js';

export function registerAccountRoutes(app: FastifyInstance, deps: AppDeps): void {
  addRoute(app, deps, {
    method: 'GET',
    url: '/client/v4/accounts',
    tag: 'Accounts',
    summary: 'List the accounts this token can see',
    access: 'member',
    result: Account,
    list: true,
    handler: async ({ principal }) => {
      const account = await deps.store.accounts.get(principal.accountId);
      return okList(account ? [account] : []);
    },
  });

  addRoute(app, deps, {
    method: 'GET',
    url: ACCOUNT_PATH,
    tag: 'Accounts',
    summary: 'Get the account (with its config_version)',
    access: 'member',
    result: Account,
    handler: async ({ principal }) => ok(await deps.store.accounts.get(principal.accountId)),
  });
}
