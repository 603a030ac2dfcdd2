import type { FastifyInstance } from 'fastify';
import { Email, PageQuery, User, UserPut } from '../../shared/api/index.js';
import { now } from '../clock.js';
import { ok, okList } from '../envelope.js';
import { badRequest, notFound } from '../errors.js';
import { ACCOUNT_PATH, type AppDeps, addRoute } from '../route-kit.js';

const LIST = `${ACCOUNT_PATH}/users`;
const ONE = `${LIST}/:email`;
const tag = 'Users and groups (extension)';

function emailParam(raw: string | undefined): string {
  const parsed = Email.safeParse(raw ?? '');
  if (!parsed.success) throw badRequest(`path email: "${raw}" is not an email address`);
  return parsed.data;
}

export function registerUserRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { store } = deps;

  addRoute(app, deps, {
    method: 'GET',
    url: LIST,
    tag,
    summary: 'List users and their groups',
    access: 'admin',
    query: PageQuery,
    result: User,
    list: true,
    handler: async ({ accountId, query }) => okList(await store.users.list(accountId), query),
  });

  addRoute(app, deps, {
    method: 'GET',
    url: ONE,
    tag,
    summary: 'Get a user',
    access: 'admin',
    result: User,
    handler: async ({ accountId, params }) => {
      const email = emailParam(params.email);
      const user = await store.users.get(accountId, email);
      if (!user) throw notFound(`no user ${email}`);
      return ok(user);
    },
  });

  addRoute(app, deps, {
    method: 'PUT',
    url: ONE,
    tag,
    summary: 'Set a user’s groups (creating the user)',
    description: 'Groups feed identity.groups.name in rule expressions; emails are lower-cased.',
    access: 'admin',
    body: UserPut,
    result: User,
    errors: [400],
    handler: async ({ accountId, params, body }) => {
      const email = emailParam(params.email);
      const groups = [...new Set(body.groups)];
      const user = await store.changeConfig(accountId, async () => {
        await store.users.put(accountId, email, groups, now());
        return store.users.get(accountId, email);
      });
      return ok(user);
    },
  });
}
