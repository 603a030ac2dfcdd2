import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { ControlApiError, type FetchLike } from '../../../../shared/api/index.js';
import { AgentFault } from '../../agent-fault.js';
import type { ControlPlane, ControlPlaneConnection } from '../../ports/control-plane.js';
import { StartOnce } from '../start-once.js';
import {
  CloudflareApi,
  CloudflareApiError,
  CloudflareUnreachableError,
  DEFAULT_CLOUDFLARE_API_URL,
} from './cloudflare-api.js';
import { locateWarpCli } from './locate-warp-cli.js';
import { PlaceBook } from './place-book.js';
import { DEFAULT_VERIFY_URLS } from './verify-fetch.js';
import { startWarpAdapter, type WarpAdapterHandle } from './warp-adapter-server.js';
import { WarpBackend } from './warp-backend.js';
import { WarpCli } from './warp-cli.js';
import { WarpCliError } from './warp-cli-error.js';
import { WARP_ERROR_CODE } from './warp-error-code.js';

/** What the user chose for the Cloudflare WARP backend (settings or `egressctl agent --warp`). */
export interface WarpSpec {
  mode: 'cloudflare_warp';
  accountId: string;
  /** A Cloudflare API token: Zero Trust Read, and Cloudflare One Networks Read or Tunnel Read. */
  token: string;
  /** Default https://api.cloudflare.com/client/v4. */
  apiUrl?: string | null | undefined;
  /** Default: found on PATH and at the installers' paths. */
  warpCli?: string | null | undefined;
  /** Default: cloudflare.com/cdn-cgi/trace, then ipv4.icanhazip.com. */
  verifyUrl?: string | null | undefined;
  /** Re-read rules and vnets this often (Cloudflare has no event stream). Default 30 s. */
  refreshIntervalMs?: number | undefined;
}

export const DEFAULT_WARP_REFRESH_MS = 30_000;
/** warp-cli is local and cheap: disconnects and outside switches are noticed this fast. */
const CLIENT_WATCH_MS = 5_000;

export const TOKEN_PERMISSIONS =
  'the token needs Zero Trust Read (egress policies) and Cloudflare One Networks Read or ' +
  'Cloudflare Tunnel Read (virtual networks)';

export interface WarpControlPlaneOptions {
  spec: WarpSpec;
  /** PlaceBook's file lives here. */
  dataDir: string;
  logger: Logger;
  hostname: string;
  /** For the Cloudflare API reads (tests record them through it). */
  fetch?: FetchLike | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  /** Overrides for tests: how often the client is watched. */
  clientWatchMs?: number | undefined;
  switchPollMs?: number | undefined;
}

interface Running {
  adapter: WarpAdapterHandle;
  backend: WarpBackend;
  token: string;
  timers: NodeJS.Timeout[];
}

/** What the first read's failure means: something only the user can fix, or worth retrying. */
function startFailure(error: unknown): Error {
  if (error instanceof WarpCliError) {
    if (['not_installed', 'not_registered', 'tos_not_accepted'].includes(error.failure)) {
      return new AgentFault(`warp_${error.failure}`, error.message);
    }
    return new ControlApiError(503, WARP_ERROR_CODE, error.message);
  }
  if (error instanceof CloudflareApiError) {
    return new AgentFault(
      error.refusedToken ? 'cloudflare_token_refused' : 'cloudflare_api_refused',
      error.refusedToken ? `${error.message}: ${TOKEN_PERMISSIONS}` : error.message,
    );
  }
  if (error instanceof CloudflareUnreachableError) {
    return new ControlApiError(503, WARP_ERROR_CODE, error.message);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The Cloudflare WARP backend as a control plane: `connect` checks warp-cli and the token with a
 * first read, then serves the loopback adapter (see warp-adapter-server.ts) and re-reads on the
 * interval. WARP carries the traffic in this mode; our data plane's local proxy does not.
 */
export class WarpControlPlane implements ControlPlane {
  readonly mode = 'cloudflare_warp' as const;
  readonly #o: WarpControlPlaneOptions;
  readonly #running = new StartOnce(() => this.#start(), 'the WARP backend');

  constructor(options: WarpControlPlaneOptions) {
    this.#o = options;
  }

  async connect(): Promise<ControlPlaneConnection> {
    const running = await this.#running.get();
    return { url: running.adapter.url, token: running.token, kind: 'device', mode: this.mode };
  }

  /** The running backend (tests and the benchmark look at its last switch). */
  async backend(): Promise<WarpBackend> {
    return (await this.#running.get()).backend;
  }

  async labelEgressIp(ipv4: string, location: string | null): Promise<void> {
    (await this.#running.get()).backend.label(ipv4, location);
  }

  async close(): Promise<void> {
    const running = await this.#running.close();
    if (!running) return;
    for (const timer of running.timers) clearInterval(timer);
    await running.adapter.close();
  }

  async #start(): Promise<Running> {
    const { spec, logger } = this.#o;
    const log = logger.child({ component: 'warp' });
    let cliPath: string;
    try {
      cliPath = locateWarpCli({ explicit: spec.warpCli, pathEnv: this.#o.env?.PATH });
    } catch (error) {
      throw startFailure(error);
    }
    mkdirSync(this.#o.dataDir, { recursive: true, mode: 0o700 });
    const backend = new WarpBackend({
      cli: new WarpCli({ path: cliPath, env: this.#o.env }),
      api: new CloudflareApi({
        baseUrl: spec.apiUrl || DEFAULT_CLOUDFLARE_API_URL,
        accountId: spec.accountId,
        token: spec.token,
        fetch: this.#o.fetch,
      }),
      places: new PlaceBook({ dataDir: this.#o.dataDir, logger: log }),
      logger: log,
      verifyUrls: spec.verifyUrl ? [spec.verifyUrl] : DEFAULT_VERIFY_URLS,
      hostname: this.#o.hostname,
      pollMs: this.#o.switchPollMs,
    });
    try {
      await backend.load();
    } catch (error) {
      throw startFailure(error);
    }
    const token = `esw_${randomBytes(24).toString('base64url')}`;
    const adapter = await startWarpAdapter({
      backend,
      accountId: spec.accountId,
      token,
      logger: log,
    });
    const every = spec.refreshIntervalMs ?? DEFAULT_WARP_REFRESH_MS;
    const watch = Math.min(this.#o.clientWatchMs ?? CLIENT_WATCH_MS, every);
    const timers = [
      setInterval(() => void backend.reread(), every),
      setInterval(() => void backend.rereadClient(), watch),
    ];
    for (const timer of timers) timer.unref();
    log.info({ warpCli: cliPath, adapter: adapter.url }, 'Cloudflare WARP backend ready');
    return { adapter, backend, token, timers };
  }
}
