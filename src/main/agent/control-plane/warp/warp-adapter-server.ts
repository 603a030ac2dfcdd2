import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import * as z from 'zod';
import {
  apiPaths,
  DevicePatch,
  ErrorCode,
  formatTraceText,
  ResolveRequest,
} from '../../../../shared/api/index.js';
import { errorMessage } from '../../../../shared/text/error-message.js';
import { CloudflareApiError, CloudflareUnreachableError } from './cloudflare-api.js';
import { type WarpBackend, WarpSwitchError } from './warp-backend.js';
import { WarpCliError } from './warp-cli-error.js';
import { WARP_ERROR_CODE } from './warp-error-code.js';
import { dedicatedIpsOf } from './warp-rules.js';

/**
 * Why a loopback adapter rather than a second agent code path: the agent already speaks our
 * control API's HTTP shape to every backend (session, switcher, live config, verification), so
 * the WARP backend serves the part of that shape the agent uses — accounts, the device, its vnets,
 * resolve (previews and trace included), events, `/cdn-cgi/trace` — on 127.0.0.1 with a fresh
 * token, backed by warp-cli, two real Cloudflare API reads and our resolver. Nothing of the
 * agent's state machine (offline/backoff, last-request-wins, staleness) is duplicated.
 */

const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** How each failure reaches the agent: 503 (offline, it retries by itself) or 409 (refused). */
function httpErrorOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof WarpCliError) {
    const refused = ['vnet_not_allowed', 'not_connected', 'refused'].includes(error.failure);
    return new HttpError(refused ? 409 : 503, WARP_ERROR_CODE, error.message);
  }
  if (error instanceof WarpSwitchError) return new HttpError(409, WARP_ERROR_CODE, error.message);
  if (error instanceof CloudflareApiError || error instanceof CloudflareUnreachableError) {
    return new HttpError(503, WARP_ERROR_CODE, error.message);
  }
  if (error instanceof z.ZodError) {
    return new HttpError(400, ErrorCode.INVALID_RESPONSE, z.prettifyError(error));
  }
  return new HttpError(500, WARP_ERROR_CODE, errorMessage(error));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

function ok(res: ServerResponse, result: unknown): void {
  const list = Array.isArray(result);
  send(res, 200, {
    success: true,
    errors: [],
    messages: [],
    result,
    ...(list
      ? {
          result_info: {
            page: 1,
            per_page: result.length,
            count: result.length,
            total_count: result.length,
          },
        }
      : {}),
  });
}

function fail(res: ServerResponse, error: HttpError): void {
  send(res, error.status, {
    success: false,
    errors: [{ code: error.code, message: error.message }],
    messages: [],
    result: null,
  });
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_BODY) throw new HttpError(413, 1005, 'request body too large');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 1004, 'the request body is not JSON');
  }
}

export interface WarpAdapterOptions {
  backend: WarpBackend;
  accountId: string;
  token: string;
  logger: Logger;
}

export interface WarpAdapterHandle {
  url: string;
  close(): Promise<void>;
}

/** Serves the adapter on 127.0.0.1 (a free port). */
export async function startWarpAdapter(options: WarpAdapterOptions): Promise<WarpAdapterHandle> {
  const { backend, accountId, token } = options;
  const expected = Buffer.from(`Bearer ${token}`);
  const streams = new Set<ServerResponse>();
  const unsubscribe = backend.onChange((version) => {
    for (const res of streams) res.write(`event: config\ndata: {"config_version":${version}}\n\n`);
  });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  const account = () => ({
    id: accountId,
    name: backend.snapshot.registration.organization ?? 'Cloudflare account',
    type: 'standard',
    created_at: new Date(0).toISOString(),
    config_version: backend.version,
  });
  const base = apiPaths.account(accountId);
  const deviceId = () => backend.device().id;
  const healthy = () => {
    if (backend.failure) throw httpErrorOf(backend.failure);
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
      throw new HttpError(401, 10000, 'Authentication error');
    }
    if (method === 'GET' && path === apiPaths.accounts()) return ok(res, [account()]);
    if (method === 'GET' && path === base) return ok(res, account());
    if (path === apiPaths.device(accountId, deviceId())) {
      if (method === 'GET') {
        // The agent reads its device after every (re)connect and on refresh: read it all again.
        await backend.load();
        return ok(res, backend.device());
      }
      if (method === 'PATCH') {
        const patch = DevicePatch.parse(await readBody(req));
        if (patch.location !== undefined) backend.setLocation(patch.location);
        if (patch.vnet_id !== undefined) await backend.switchTo(patch.vnet_id);
        return ok(res, backend.device());
      }
    }
    if (method === 'GET' && path === apiPaths.virtualNetworks(accountId)) {
      healthy();
      return ok(res, backend.vnets());
    }
    if (method === 'POST' && path === apiPaths.resolve(accountId)) {
      healthy();
      const request = ResolveRequest.parse(await readBody(req));
      if (request.device_id !== undefined && request.device_id !== deviceId()) {
        throw new HttpError(403, 10000, 'this token acts only as this device');
      }
      return ok(res, backend.resolve(request));
    }
    if (method === 'GET' && path === apiPaths.events(accountId)) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`event: config\ndata: {"config_version":${backend.version}}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (method === 'GET' && path === apiPaths.trace()) return trace(res);
    if (method === 'GET' && path === apiPaths.health()) return ok(res, { status: 'ok' });
    throw new HttpError(404, 7003, 'No route for the URI');
  }

  async function trace(res: ServerResponse): Promise<void> {
    healthy();
    const { status, list } = backend.snapshot;
    if (status.status !== 'Connected') {
      throw new HttpError(
        503,
        ErrorCode.EGRESS_UNAVAILABLE,
        `WARP is not connected (${status.status}${status.reason ? `: ${status.reason}` : ''}), so a destination does not see a Cloudflare egress`,
      );
    }
    let observed: Awaited<ReturnType<WarpBackend['observe']>>;
    try {
      observed = await backend.observe();
    } catch (error) {
      throw new HttpError(503, ErrorCode.EGRESS_UNAVAILABLE, errorMessage(error));
    }
    const keys = ['fl', 'h', 'ip', 'ts', 'visit_scheme', 'uag', 'colo', 'sliver', 'http', 'loc'];
    const more = ['tls', 'sni', 'warp', 'gateway', 'rbi', 'kex'];
    const fields: Record<string, string> = {};
    for (const key of [...keys, ...more]) fields[key] = observed.fields[key] ?? '';
    // The vnet WARP itself reports (not ours), the rules' IPs, and where the answer came from.
    fields.vnet = list.activeVnetId ?? '';
    fields.egress_ips = dedicatedIpsOf(backend.rules).join(',');
    fields.verify_url = observed.url;
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    res.end(formatTraceText(fields));
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const failure = httpErrorOf(error);
      if (failure.status >= 500 && failure.status !== 503) {
        options.logger.error({ err: error }, 'WARP adapter failed');
      }
      if (!res.headersSent) fail(res, failure);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
