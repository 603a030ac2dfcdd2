import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type ApiMessage, ErrorCode } from '../shared/api/index.js';
import { zodIssueLines } from '../shared/text/zod-issues.js';
import { failure } from './envelope.js';
import { answerOnSocket, parserRefusal, routerRefusal } from './framework-refusals.js';
import { DatabaseUnavailableError } from './store/database-unavailable.js';

/** Every error a client can cause: one HTTP status and one or more envelope errors. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: ApiMessage[];

  constructor(status: number, code: number, message: string, more: ApiMessage[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errors = [{ code, message }, ...more];
  }
}

export const badRequest = (message: string, code: number = ErrorCode.VALIDATION_ERROR) =>
  new ApiError(400, code, message);
export const notFound = (message: string) => new ApiError(404, ErrorCode.NOT_FOUND, message);
export const conflict = (message: string, code: number = ErrorCode.CONFLICT) =>
  new ApiError(409, code, message);
export const unauthenticated = (message: string) =>
  new ApiError(401, ErrorCode.AUTHENTICATION_ERROR, message);
export const forbidden = (message: string) =>
  new ApiError(403, ErrorCode.AUTHENTICATION_ERROR, message);

/** Turns zod issues into 400s that name each field (`body.rule_settings.egress.ipv4: …`). */
export function validationError(where: 'body' | 'query' | 'path', error: z.ZodError): ApiError {
  const messages = zodIssueLines(error, { root: where, prefixed: true, limit: 10 });
  const [first = `${where}: invalid`, ...rest] = messages;
  return new ApiError(
    400,
    ErrorCode.VALIDATION_ERROR,
    first,
    rest.map((message) => ({ code: ErrorCode.VALIDATION_ERROR, message })),
  );
}

/** Fastify's own errors (body parsing and limits) mapped onto the envelope. */
function fromFastifyError(error: FastifyError): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest('the body is not valid JSON', ErrorCode.MALFORMED_JSON);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest(
        'the body is empty but the content type is application/json',
        ErrorCode.MALFORMED_JSON,
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, ErrorCode.PAYLOAD_TOO_LARGE, 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        415,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'send request bodies as application/json',
      );
    default:
      break;
  }
  if (error instanceof SyntaxError) {
    return badRequest('the body is not valid JSON', ErrorCode.MALFORMED_JSON);
  }
  // Any other 4xx Fastify raises (a Content-Length the body does not match…) is the client's.
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new ApiError(status, ErrorCode.MALFORMED_REQUEST, error.message);
  }
  return undefined;
}

/**
 * The router's own refusals (`frameworkErrors`): they happen before routing, so neither the
 * error handler nor the not-found handler sees them, and Fastify would answer in its format.
 */
export function onFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const refusal = routerRefusal(error);
  if (!refusal) reply.log.error({ err: error }, 'router error');
  const known = refusal
    ? new ApiError(refusal.status, ErrorCode.MALFORMED_REQUEST, refusal.message)
    : new ApiError(500, ErrorCode.INTERNAL_ERROR, 'internal error; see the server log');
  reply.header('x-should-retry', 'false');
  return reply.code(known.status).send(failure(known.errors));
}

/** Requests Node's HTTP parser refuses (`clientErrorHandler`), in the envelope. */
export function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const { status, message } = parserRefusal(error);
  answerOnSocket(socket, status, failure([{ code: ErrorCode.MALFORMED_REQUEST, message }]));
}

/** What the not-found handler needs to tell a 404 from a 405: every route's method and URL. */
export interface KnownRoute {
  method: string;
  url: string;
}

function routePattern(url: string): RegExp {
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/** Methods `path` answers to (HEAD with GET, as Fastify exposes it), in a stable order. */
function allowedMethods(routes: readonly KnownRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (!routePattern(route.url).test(path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods].sort();
}

export function installErrorHandlers(app: FastifyInstance, routes: readonly KnownRoute[]): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const known = error instanceof ApiError ? error : fromFastifyError(error);
    if (known) {
      reply.header('x-should-retry', 'false');
      return reply.code(known.status).send(failure(known.errors));
    }
    if (error instanceof DatabaseUnavailableError) {
      request.log.warn({ err: error.cause }, 'the database does not answer');
      reply.header('x-should-retry', 'true').header('retry-after', '1');
      return reply.code(503).send(
        failure([
          {
            code: ErrorCode.DATABASE_UNAVAILABLE,
            message: `the database does not answer (${error.message}); retry shortly`,
          },
        ]),
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    reply.header('x-should-retry', 'false');
    return reply
      .code(500)
      .send(
        failure([
          { code: ErrorCode.INTERNAL_ERROR, message: 'internal error; see the server log' },
        ]),
      );
  });

  app.setNotFoundHandler((request, reply) => {
    reply.header('x-should-retry', 'false');
    const path = request.url.split('?')[0] ?? request.url;
    const allowed = allowedMethods(routes, path);
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(
          failure([
            {
              code: ErrorCode.METHOD_NOT_ALLOWED,
              message: `${request.method} is not a method of ${path}; it takes ${allowed.join(', ')}`,
            },
          ]),
        );
    }
    return reply
      .code(404)
      .send(
        failure([{ code: ErrorCode.NO_ROUTE, message: `No route for ${request.method} ${path}` }]),
      );
  });
}
