import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { PlainText } from '../shared/api/index.js';
import type { Authenticator, Principal } from './auth.js';
import type { ConfigSnapshots } from './config-snapshots.js';
import { forbidden, notFound, validationError } from './errors.js';
import type { ConfigEventHub } from './events.js';
import type { Store } from './store/store.js';

/**
 * Who may call a route: anyone, the admin token only, or any token of the account (admin or
 * device; handlers narrow further where a device may only touch itself).
 */
export type Access = 'public' | 'admin' | 'member';

/** What the OpenAPI document says about one operation. */
export interface OperationDoc {
  method: string;
  url: string;
  summary: string;
  description?: string | undefined;
  tag: string;
  access: Access;
  body?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  /** The `result` schema; `list` wraps it in an array with `result_info`. */
  result?: z.ZodType | undefined;
  list?: boolean | undefined;
  /** Non-JSON answers (SSE, plain text). */
  produces?: string | undefined;
  /** Statuses the operation documents besides 200 (and 401/403/404 for protected routes). */
  errors?: readonly number[] | undefined;
}

export interface RouteContext<B, Q> {
  request: FastifyRequest;
  reply: FastifyReply;
  body: B;
  query: Q;
  params: Record<string, string>;
  /** Set for every non-public route. */
  principal: Principal;
  /** The `:account_id` of the path, checked against the token. */
  accountId: string;
}

export interface RouteSpec<B, Q> extends Omit<OperationDoc, 'body' | 'query'> {
  body?: z.ZodType<B> | undefined;
  query?: z.ZodType<Q> | undefined;
  /** Runs on the raw body before `body` validation (for errors clearer than a schema's). */
  precheck?: ((raw: unknown) => void) | undefined;
  handler: (context: RouteContext<B, Q>) => unknown;
}

export interface RouteDeps {
  store: Store;
  auth: Authenticator;
  /** Every registered operation, for the OpenAPI document. */
  operations: OperationDoc[];
}

/** Everything the route modules share. */
export interface AppDeps extends RouteDeps {
  snapshots: ConfigSnapshots;
  events: ConfigEventHub;
}

/** Path parameters are strings a client sends like any other (`users/:email` stores one). */
const PathParams = z.record(z.string(), PlainText);

/** Fastify path of everything account-scoped. */
export const ACCOUNT_PATH = '/client/v4/accounts/:account_id';

/** Registers a route with its access check, zod validation and its OpenAPI entry. */
export function addRoute<B = undefined, Q = undefined>(
  app: FastifyInstance,
  deps: RouteDeps,
  spec: RouteSpec<B, Q>,
): void {
  const { handler, precheck, ...doc } = spec;
  deps.operations.push(doc);
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      const raw = request.params as Record<string, string>;
      const principal =
        spec.access === 'public' ? undefined : await deps.auth.authenticate(request);
      if (principal) await checkAccess(deps.store, spec, principal, raw.account_id);
      const parsedParams = PathParams.safeParse(raw);
      if (!parsedParams.success) throw validationError('path', parsedParams.error);
      const params = parsedParams.data;
      const accountId = params.account_id ?? principal?.accountId ?? '';
      let body = undefined as B;
      if (spec.body) {
        precheck?.(request.body);
        const parsed = spec.body.safeParse(request.body ?? undefined);
        if (!parsed.success) throw validationError('body', parsed.error);
        body = parsed.data;
      }
      let query = undefined as Q;
      if (spec.query) {
        const parsed = spec.query.safeParse(request.query);
        if (!parsed.success) throw validationError('query', parsed.error);
        query = parsed.data;
      }
      return handler({
        request,
        reply,
        body,
        query,
        params,
        principal: principal as Principal,
        accountId,
      });
    },
  });
}

async function checkAccess(
  store: Store,
  spec: OperationDoc,
  principal: Principal,
  pathAccountId: string | undefined,
): Promise<void> {
  if (pathAccountId !== undefined && pathAccountId !== principal.accountId) {
    if (!(await store.accounts.get(pathAccountId))) throw notFound(`no account ${pathAccountId}`);
    throw forbidden(`this token belongs to account ${principal.accountId}, not ${pathAccountId}`);
  }
  if (spec.access === 'admin' && principal.kind === 'device') {
    throw forbidden(
      `a device token cannot do this (${spec.summary}); it needs the admin token. ` +
        'Device tokens may read, resolve, and change only their own device’s vnet and location',
    );
  }
}
