import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AgentApi } from '../../../shared/agent/index.js';
import { buildLocalApiApp } from './app.js';
import type { AgentIdentity } from './health.js';
import { claimSocketPath, removeOwnSocket } from './socket-file.js';
import { resolveSocketPath, SOCKET_PATH_ENV } from './socket-path.js';
import type { AllowedOrigins } from './tcp-guard.js';

export interface LocalApiTcpOptions {
  /** Loopback only: the token is the whole protection. Default 127.0.0.1. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** Default 0 (a free port). */
  port?: number;
  /** Bearer token every request must carry. Default: 32 random bytes, in the handle. */
  token?: string;
  /** Browser origins given CORS. Default `loopback` (http://127.0.0.1:*, http://localhost:*). */
  allowedOrigins?: AllowedOrigins;
}

export interface LocalApiOptions {
  /**
   * Where to listen: a Unix socket path or Windows pipe. Default: `EGRESS_SWITCHER_SOCKET`, else
   * the user's runtime directory (see socket-path.ts). `null`: no socket (TCP only).
   */
  socketPath?: string | null;
  tcp?: LocalApiTcpOptions;
  logger?: Logger;
  /** SSE keep-alive comment interval. Default 15 s. */
  keepAliveMs?: number;
  /** What `GET /v1/health` names. Default: headless, version unknown. */
  identity?: AgentIdentity;
}

export interface LocalApiHandle {
  socketPath: string | null;
  /** `http://127.0.0.1:<port>` when TCP was asked for. */
  tcpUrl?: string;
  /** The TCP bearer token (given or generated) when TCP was asked for. */
  tcpToken?: string;
  close(): Promise<void>;
}

function listenOnSocket(app: FastifyInstance, socketPath: string, privateDir: boolean) {
  return claimSocketPath(socketPath, { privateDir }, async () => {
    await app.listen({ path: socketPath });
  });
}

/**
 * Serves the agent contract (commands, SSE events, health) on the user's Unix socket (mode 0600
 * in a 0700 directory; a named pipe on Windows) and, when asked, on loopback TCP with a bearer
 * token. Refuses to start when another agent answers on the socket (an
 * `AgentAlreadyRunningError` naming it): call this before the agent touches shared state, with a
 * `deferredAgent()` if the agent is not made yet, and the socket is the one-agent-per-user lock.
 */
export async function serveLocalApi(
  agent: AgentApi,
  options: LocalApiOptions = {},
): Promise<LocalApiHandle> {
  const explicit = options.socketPath;
  const socketPath = explicit === null ? null : resolveSocketPath(explicit);
  // Only the default location is ours to lock down; an override's existing dir is left as is.
  const privateDir = explicit === undefined && !process.env[SOCKET_PATH_ENV];
  const identity = options.identity ?? { front: 'headless', version: 'unknown' };
  const apps: FastifyInstance[] = [];
  let inode: number | null = null;
  const closeAll = async () => {
    await Promise.allSettled(apps.map((app) => app.close()));
    if (socketPath !== null) removeOwnSocket(socketPath, inode);
  };

  try {
    const handle: LocalApiHandle = { socketPath, close: closeAll };
    if (socketPath !== null) {
      const app = buildLocalApiApp(agent, {
        logger: options.logger,
        keepAliveMs: options.keepAliveMs,
        health: { identity, socket: socketPath },
      });
      apps.push(app);
      inode = await listenOnSocket(app, socketPath, privateDir);
    }
    if (options.tcp) {
      const token = options.tcp.token ?? randomBytes(32).toString('base64url');
      const app = buildLocalApiApp(agent, {
        logger: options.logger,
        keepAliveMs: options.keepAliveMs,
        health: { identity, socket: socketPath },
        guard: { token, allowedOrigins: options.tcp.allowedOrigins ?? 'loopback' },
      });
      apps.push(app);
      const host = options.tcp.host ?? '127.0.0.1';
      await app.listen({ host, port: options.tcp.port ?? 0 });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      handle.tcpUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      handle.tcpToken = token;
    }
    return handle;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
