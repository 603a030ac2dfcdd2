import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { ErrorCode, HealthStatus } from '../../shared/api/index.js';
import { ok } from '../envelope.js';
import { ApiError } from '../errors.js';
import { buildOpenApiDocument } from '../openapi.js';
import { type AppDeps, addRoute } from '../route-kit.js';

export function registerMetaRoutes(app: FastifyInstance, deps: AppDeps): void {
  addRoute(app, deps, {
    method: 'GET',
    url: '/healthz',
    tag: 'Meta',
    summary: 'Liveness',
    access: 'public',
    result: HealthStatus,
    handler: () => ok({ status: 'ok' as const }),
  });

  addRoute(app, deps, {
    method: 'GET',
    url: '/readyz',
    tag: 'Meta',
    summary: 'Readiness: the database answers and every migration is applied',
    description:
      'For load balancers: 503 (in the envelope, saying why) while this server cannot serve ' +
      'from its database; /healthz only says the process is alive.',
    access: 'public',
    result: z.object({ status: z.literal('ready'), schema_version: z.number().int() }),
    errors: [503],
    handler: async () => {
      const problem = await deps.store.readiness();
      if (typeof problem === 'string') {
        throw new ApiError(503, ErrorCode.INTERNAL_ERROR, `not ready: ${problem}`);
      }
      return ok({ status: 'ready' as const, schema_version: problem.schemaVersion });
    },
  });

  let document: unknown;
  addRoute(app, deps, {
    method: 'GET',
    url: '/client/v4/openapi.json',
    tag: 'Meta',
    summary: 'This document',
    access: 'public',
    produces: 'application/json',
    handler: () => {
      // Built on first use, when every route has registered its operation.
      document ??= buildOpenApiDocument(deps.operations);
      return document;
    },
  });
}
