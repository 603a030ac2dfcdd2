import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { ErrorCode } from '../shared/api/index.js';
import { badRequest, installErrorHandlers, onClientError, onFrameworkError } from './errors.js';
import type { AppDeps } from './route-kit.js';
import { registerRoutes } from './routes/index.js';

export interface AppOptions {
  logger: Logger;
  /** Largest accepted request body in bytes; larger is a 413. */
  bodyLimit: number;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The Fastify instance with every route, not yet listening. */
export function buildApp(deps: AppDeps, options: AppOptions): FastifyInstance {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the instance's default generics.
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    logController: new LogController({
      disableRequestLogging: !options.logger.isLevelEnabled('debug'),
    }),
    // Cloudflare ids are path segments: never let a trailing slash or case split routes.
    routerOptions: { ignoreTrailingSlash: true },
    forceCloseConnections: true,
    // Errors raised before a route runs answer in the envelope too (see errors.ts).
    frameworkErrors: onFrameworkError,
    clientErrorHandler: onClientError,
  });

  // JSON only. An empty body is "no body" on GET/DELETE (SDKs send a content type anyway).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: options.bodyLimit },
    (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text === '' && !BODY_METHODS.has(request.method)) return done(null, undefined);
      return parseJson(request, text, (error, body) => {
        // Fastify reports a refused prototype key as "invalid JSON"; say what was refused.
        if (error && parsesAsJson(text)) {
          return done(
            badRequest(
              'the body has a "__proto__" or "constructor.prototype" key; such keys are refused',
              ErrorCode.MALFORMED_JSON,
            ),
            undefined,
          );
        }
        return done(error, body);
      });
    },
  );

  installErrorHandlers(app, deps.operations);
  registerRoutes(app, deps);
  return app;
}
