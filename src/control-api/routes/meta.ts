import type { FastifyInstance } from 'fastify';
import { HealthStatus } from '../../shared/api/index.js';
import { ok } from '../envelope.js';
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
