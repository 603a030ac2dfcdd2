import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AgentError } from '../../../shared/agent/index.js';

/**
 * Which browser origins may call the loopback listener: `loopback` (any port of 127.0.0.1,
 * localhost or [::1], where the dev bridge's renderer is served), or an explicit list.
 */
export type AllowedOrigins = 'loopback' | readonly string[];

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;

export function isAllowedOrigin(origin: string, allowed: AllowedOrigins): boolean {
  return allowed === 'loopback' ? LOOPBACK_ORIGIN.test(origin) : allowed.includes(origin);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Equal-length digests, so the comparison time says nothing about the token. */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

export function corsHeaders(
  origin: string | undefined,
  allowed: AllowedOrigins,
): Record<string, string> {
  if (origin === undefined || !isAllowedOrigin(origin, allowed)) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

function refuse(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="egress-switcher-agent"')
    .send(new AgentError('unauthorized', message).toBody());
}

/**
 * The loopback TCP listener, unlike the socket, is reachable by every local user and every web
 * page: each request needs the bearer token, and browsers only get CORS for allowed origins.
 */
export function installTcpGuard(
  app: FastifyInstance,
  options: { token: string; allowedOrigins: AllowedOrigins },
): void {
  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, options.allowedOrigins)) {
      reply
        .code(403)
        .send(new AgentError('unauthorized', `Origin ${origin} is not allowed.`).toBody());
      return;
    }
    for (const [name, value] of Object.entries(corsHeaders(origin, options.allowedOrigins))) {
      reply.header(name, value);
    }
    // Preflights carry no credentials by design; they only learn what may be asked.
    if (request.method === 'OPTIONS' && origin !== undefined) {
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
        // last-event-id: the SSE client sends it when it reconnects.
        .header('access-control-allow-headers', 'authorization, content-type, last-event-id')
        .header('access-control-max-age', '600')
        .send();
      return;
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] === undefined) {
      refuse(reply, 'This listener needs "Authorization: Bearer <token>".');
      return;
    }
    if (!tokenMatches(match[1], options.token)) {
      refuse(reply, 'Wrong bearer token.');
      return;
    }
    done();
  });
}
