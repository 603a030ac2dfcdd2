import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import {
  answerOnSocket,
  parserRefusal,
  routerRefusal,
} from '../../../control-api/framework-refusals.js';
import { type AgentApi, AgentError } from '../../../shared/agent/index.js';
import { errorMessage } from '../../../shared/text/error-message.js';
import { registerCommandRoutes } from './command-routes.js';
import { invalidRequest, toErrorReply } from './error-mapping.js';
import { registerEventsRoute } from './events-route.js';
import { type AgentIdentity, registerHealthRoute } from './health.js';
import { type AllowedOrigins, corsHeaders, installTcpGuard } from './tcp-guard.js';

export interface LocalApiAppOptions {
  /** Set for the loopback TCP listener: bearer token and browser origins. */
  guard?: { token: string; allowedOrigins: AllowedOrigins } | undefined;
  logger?: Logger | undefined;
  keepAliveMs?: number | undefined;
  /** Default 64 KiB: every command's request is tiny. */
  bodyLimit?: number | undefined;
  /** What `GET /v1/health` names. Default: headless, version unknown, no socket. */
  health?: { identity: AgentIdentity; socket: string | null } | undefined;
}

/** The LocalAPI as a Fastify instance, not yet listening: commands, events and health. */
export function buildLocalApiApp(
  agent: AgentApi,
  options: LocalApiAppOptions = {},
): FastifyInstance {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger as FastifyBaseLogger } : {}),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    forceCloseConnections: true,
    logController: new LogController({ disableRequestLogging: true }),
    // Refusals from before routing answer in the contract's error shape too, not Fastify's.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const refusal = routerRefusal(error);
      if (!refusal) return reply.code(500).send(AgentError.from(error).toBody());
      return reply.code(refusal.status).send(invalidRequest(refusal.message).toBody());
    },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (error.code === 'ECONNRESET') return void socket.destroy();
      const { status, message } = parserRefusal(error);
      answerOnSocket(socket, status, invalidRequest(message).toBody());
    },
  });

  const guard = options.guard;
  if (guard) installTcpGuard(app, guard);

  app.setErrorHandler((error: unknown, request, reply) => {
    const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
    // Fastify's own 4xx (malformed JSON, body too large, wrong content type): the caller's mistake.
    if (!(error instanceof AgentError) && typeof statusCode === 'number' && statusCode < 500) {
      return reply.code(statusCode).send(invalidRequest(errorMessage(error)).toBody());
    }
    const { status, body } = toErrorReply(error);
    if (status >= 500) request.log.error({ err: error }, 'LocalAPI command failed');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send(
        new AgentError('not_found', `No LocalAPI route ${request.method} ${request.url}.`).toBody(),
      );
  });

  const health = options.health ?? {
    identity: { front: 'headless', version: 'unknown' },
    socket: null,
  };
  registerHealthRoute(app, health.identity, health.socket);
  registerCommandRoutes(app, agent);
  registerEventsRoute(app, agent, {
    keepAliveMs: options.keepAliveMs,
    ...(guard ? { extraHeaders: (origin) => corsHeaders(origin, guard.allowedOrigins) } : {}),
  });
  return app;
}
