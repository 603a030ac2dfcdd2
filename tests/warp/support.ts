import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { DEMO_RULES, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { type ControlApiHandle, startControlApi } from '../../src/control-api/server.js';
import { Agent } from '../../src/main/agent/agent.js';
import { WarpControlPlane } from '../../src/main/agent/control-plane/warp/warp-control-plane.js';
import type { ControlPlaneSpec } from '../../src/main/agent/ports/control-plane.js';
import { FileSecretStore } from '../../src/main/agent/secrets/file-secret-store.js';
import { ConfSettingsStore } from '../../src/main/agent/settings/conf-settings-store.js';
import type { AgentSnapshot } from '../../src/shared/agent/index.js';
import { createFakeWarp, type FakeVnet, type FakeWarp } from '../support/fake-warp-cli/state.js';

export { DEMO_RULES, DEMO_VNETS };
export const CF_TOKEN = 'cf-test-token-0123456789abcdef';

/** What the real API's only two reads are; anything else recorded fails a test. */
export const ALLOWED_UPSTREAM = [
  /^GET \/client\/v4\/accounts\/[^/]+\/teamnet\/virtual_networks(\?.*)?$/,
  /^GET \/client\/v4\/accounts\/[^/]+\/gateway\/rules$/,
];

export type UpstreamFault = 'none' | 'down' | 'refuse_all' | 'refuse_rules' | 'refuse_vnets';

/**
 * Our control API standing in for api.cloudflare.com at its /client/v4 base, behind a recording
 * proxy: every request is kept (method and path) so a test can prove only real Cloudflare reads
 * were made; faults answer as Cloudflare does (its 403 envelope) or not at all; `extraRules`
 * adds rules our API would refuse to store (selectors our language does not have) to the list.
 */
export interface CloudflareStandIn {
  api: ControlApiHandle;
  /** `http://127.0.0.1:N/client/v4` */
  baseUrl: string;
  accountId: string;
  requests: string[];
  fault: UpstreamFault;
  extraRules: Record<string, unknown>[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

const REFUSED = JSON.stringify({
  success: false,
  errors: [{ code: 10000, message: 'Authentication error' }],
  messages: [],
  result: null,
});

export async function startCloudflareStandIn(dir: string): Promise<CloudflareStandIn> {
  const api = await startControlApi({
    db: join(dir, 'cloudflare.db'),
    port: 0,
    adminToken: CF_TOKEN,
    adminTokenFile: null,
    logLevel: 'silent',
    seed: 'demo',
  });
  const standIn: CloudflareStandIn = {
    api,
    baseUrl: '',
    accountId: api.accountId,
    requests: [],
    fault: 'none',
    extraRules: [],
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    standIn.requests.push(`${req.method} ${path}`);
    const fault = standIn.fault;
    if (fault === 'down') {
      req.socket.destroy();
      return;
    }
    const refuse =
      fault === 'refuse_all' ||
      (fault === 'refuse_rules' && path.includes('/gateway/rules')) ||
      (fault === 'refuse_vnets' && path.includes('/teamnet/virtual_networks'));
    if (refuse) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(REFUSED);
      return;
    }
    const body = await bodyOf(req);
    // During teardown the API may close under an in-flight read: answer as a dead upstream.
    const upstream = await fetch(api.url + path, {
      method: req.method ?? 'GET',
      headers: {
        authorization: req.headers.authorization ?? '',
        'content-type': 'application/json',
      },
      body: body.length > 0 ? body : undefined,
    }).catch(() => undefined);
    if (!upstream) {
      req.socket.destroy();
      return;
    }
    let text = await upstream.text();
    if (path.endsWith('/gateway/rules') && standIn.extraRules.length > 0 && upstream.ok) {
      const json = JSON.parse(text);
      json.result = [...json.result, ...standIn.extraRules];
      text = JSON.stringify(json);
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(text);
  });
  const port = await listen(server);
  standIn.baseUrl = `http://127.0.0.1:${port}/client/v4`;
  standIn.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
  };
  return standIn;
}

/** Requests the backend made that are not one of the two real Cloudflare reads. */
export function forbiddenRequests(standIn: CloudflareStandIn): string[] {
  return standIn.requests.filter((line) => !ALLOWED_UPSTREAM.some((allowed) => allowed.test(line)));
}

/** An egress check stand-in: `/cdn-cgi/trace` lines, and the icanhazip form at `/ip`. */
export interface TraceStandIn {
  traceUrl: string;
  icanhazipUrl: string;
  seen: { ip: string; colo: string; loc: string };
  hits: number;
  close(): Promise<void>;
}

export async function startTraceStandIn(): Promise<TraceStandIn> {
  const standIn: TraceStandIn = {
    traceUrl: '',
    icanhazipUrl: '',
    seen: { ip: '192.0.2.10', colo: 'MAN', loc: 'GB' },
    hits: 0,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    standIn.hits += 1;
    const { ip, colo, loc } = standIn.seen;
    res.writeHead(200, { 'content-type': 'text/plain' });
    if (req.url === '/ip') {
      res.end(`${ip}\n`);
      return;
    }
    res.end(
      [
        'fl=1f1',
        'h=cloudflare.com',
        `ip=${ip}`,
        `ts=${Date.now() / 1000}`,
        'visit_scheme=https',
        'uag=egress-switcher',
        `colo=${colo}`,
        'sliver=none',
        'http=http/1.1',
        `loc=${loc}`,
        'tls=TLSv1.3',
        'sni=plaintext',
        'warp=on',
        'gateway=on',
        'rbi=off',
        'kex=X25519',
        '',
      ].join('\n'),
    );
  });
  const port = await listen(server);
  standIn.traceUrl = `http://127.0.0.1:${port}/cdn-cgi/trace`;
  standIn.icanhazipUrl = `http://127.0.0.1:${port}/ip`;
  standIn.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return standIn;
}

/** The demo account's vnets as warp-cli lists them; `hide` leaves some out (a device profile). */
export function demoFakeVnets(hide: string[] = []): FakeVnet[] {
  return Object.values(DEMO_VNETS)
    .filter((vnet) => !hide.includes(vnet.name))
    .map((vnet) => ({
      id: vnet.id,
      name: vnet.name,
      description: '',
      default: vnet.name === 'default',
    }));
}

export function fakeWarpFor(dir: string, options: Parameters<typeof createFakeWarp>[1]): FakeWarp {
  return createFakeWarp(dir, options);
}

export interface WarpAgentSetup {
  agent: Agent;
  planes: WarpControlPlane[];
  spec: ControlPlaneSpec & { mode: 'cloudflare_warp' };
}

/** An agent on the WARP backend with fast test timings, its settings and secrets in `dir`. */
export function warpAgent(
  dir: string,
  options: {
    warp: FakeWarp;
    standIn: CloudflareStandIn;
    verifyUrl?: string;
    warpCli?: string;
    refreshIntervalMs?: number;
    /** Start from the saved settings and token only (no spec given), as `egressctl agent` does. */
    fromSettings?: boolean;
  },
): WarpAgentSetup {
  const logger = pino({ level: 'silent' });
  const planes: WarpControlPlane[] = [];
  const spec = {
    mode: 'cloudflare_warp' as const,
    accountId: options.standIn.accountId,
    token: CF_TOKEN,
    apiUrl: options.standIn.baseUrl,
    warpCli:
      options.warpCli ?? join(import.meta.dirname, '..', 'support', 'fake-warp-cli', 'warp-cli'),
    verifyUrl: options.verifyUrl,
    refreshIntervalMs: options.refreshIntervalMs ?? 60_000,
  };
  const agent = new Agent({
    settings: new ConfSettingsStore({ dir, logger }),
    secrets: new FileSecretStore({ dir, logger }),
    controlPlanes: (given) => {
      if (given.mode !== 'cloudflare_warp') throw new Error(`unexpected plane ${given.mode}`);
      const plane = new WarpControlPlane({
        spec: given,
        dataDir: join(dir, 'warp'),
        logger,
        hostname: 'test-host',
        env: { ...process.env, ...options.warp.env },
        clientWatchMs: 300,
        switchPollMs: 20,
      });
      planes.push(plane);
      return plane;
    },
    controlPlane: options.fromSettings ? undefined : spec,
    logger,
    backoff: { baseMs: 20, capMs: 150 },
    random: () => 0.5,
    requestTimeoutMs: 5000,
    hostname: 'test-host',
    timeZone: 'Europe/London',
  });
  return { agent, planes, spec };
}

/** The first snapshot that satisfies `predicate` (the timeout only turns a hang into a failure). */
export function until(
  agent: Agent,
  predicate: (snapshot: AgentSnapshot) => boolean,
  timeoutMs = 10_000,
): Promise<AgentSnapshot> {
  return new Promise((resolve, reject) => {
    let last: AgentSnapshot | undefined;
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(`no matching snapshot; last: ${JSON.stringify(last, null, 1)?.slice(0, 2000)}`),
      );
    }, timeoutMs);
    unsubscribe = agent.subscribe((snapshot) => {
      last = snapshot;
      if (predicate(snapshot)) {
        clearTimeout(timer);
        queueMicrotask(() => unsubscribe());
        resolve(snapshot);
      }
    });
  });
}
