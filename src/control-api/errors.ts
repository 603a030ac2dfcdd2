import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { type ApiMessage, ErrorCode } from '../shared/api/index.js';
import { zodIssueLines } from '../shared/text/zod-issues.js';
import { failure } from './envelope.js';

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
  // Any other 4xx Fastify raises (bad content length, bad URL encoding) is still the client's.
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new ApiError(status, ErrorCode.VALIDATION_ERROR, error.message);
  }
  return undefined;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const known = error instanceof ApiError ? error : fromFastifyError(error);
    if (known) {
      reply.header('x-should-retry', 'false');
      return reply.code(known.status).send(failure(known.errors));
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
    return reply
      .code(404)
      .send(
        failure([{ code: ErrorCode.NO_ROUTE, message: `No route for ${request.method} ${path}` }]),
      );
  });
}
