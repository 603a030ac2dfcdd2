import { mkdirSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { Agent, type AgentOptions } from './agent.js';
import { headlessControlPlanes } from './control-plane/headless-control-planes.js';
import type { WarpSpec } from './control-plane/warp/warp-control-plane.js';
import { type AgentDirs, agentDirs } from './data-dirs.js';
import type { ControlPlaneSpec } from './ports/control-plane.js';
import { FileSecretStore } from './secrets/file-secret-store.js';
import { ConfSettingsStore } from './settings/conf-settings-store.js';

/** The agent's own tuning knobs pass straight through; the ports are chosen here. */
type PassThroughOptions = Pick<
  AgentOptions,
  | 'userEmail'
  | 'clock'
  | 'random'
  | 'backoff'
  | 'fetch'
  | 'requestTimeoutMs'
  | 'hostname'
  | 'timeZone'
  | 'proxyPort'
  | 'verifyUrl'
  | 'latencyTarget'
  | 'latencyIntervalMs'
>;

export interface HeadlessAgentOptions extends PassThroughOptions {
  /** Default: `$EGRESS_SWITCHER_HOME`, else the platform's per-user directories. */
  dataDir?: string | undefined;
  /** A remote control API (with `token`: an admin or a device token). */
  apiUrl?: string | undefined;
  token?: string | undefined;
  /** Run the control API in this process with the demo seed. */
  localSimulator?: boolean | undefined;
  /** The real Cloudflare One (WARP) client and the account's API (`egressctl agent --warp`). */
  warp?: Omit<WarpSpec, 'mode'> | undefined;
  logger?: Logger | undefined;
  /** When no logger is given. Default `info`. */
  logLevel?: string | undefined;
}

export interface HeadlessAgent {
  agent: Agent;
  dirs: AgentDirs;
  /** Stops the agent (event stream, timers, local simulator) and saves; idempotent. */
  stop(): Promise<void>;
}

/** No flags: whatever the settings say (local simulator by default). */
function specFrom(options: HeadlessAgentOptions): ControlPlaneSpec | undefined {
  if (options.warp) {
    if (options.localSimulator || options.apiUrl) {
      throw new Error('choose Cloudflare WARP, the local simulator or a control API URL: one');
    }
    return { mode: 'cloudflare_warp', ...options.warp };
  }
  if (options.localSimulator && options.apiUrl) {
    throw new Error('choose either the local simulator or a control API URL, not both');
  }
  if (options.localSimulator) return { mode: 'local_simulator' };
  if (options.apiUrl === undefined) return undefined;
  if (!options.token) throw new Error('a control API URL needs a token (admin or device)');
  return { mode: 'remote', url: options.apiUrl, token: options.token };
}

/**
 * The agent wired for a process without Electron (egressctl agent, CI, tests): settings on
 * `conf`, the device token in a 0600 file, the simulator in-process. Not started yet: this
 * already reads (and may write) the settings, so claim the socket first (see serveLocalApi).
 */
export function makeHeadlessAgent(options: HeadlessAgentOptions = {}): HeadlessAgent {
  const controlPlane = specFrom(options);
  const dirs = agentDirs(options.dataDir);
  // conf would create it world-readable; the settings name the device and its history.
  mkdirSync(dirs.config, { recursive: true, mode: 0o700 });
  const logger = options.logger ?? pino({ level: options.logLevel ?? 'info' });
  const agent = new Agent({
    settings: new ConfSettingsStore({ dir: dirs.config, logger }),
    secrets: new FileSecretStore({ dir: dirs.config, logger }),
    controlPlanes: headlessControlPlanes({ dataDir: dirs.data, logger }),
    controlPlane,
    userEmail: options.userEmail,
    logger,
    clock: options.clock,
    random: options.random,
    backoff: options.backoff,
    fetch: options.fetch,
    requestTimeoutMs: options.requestTimeoutMs,
    hostname: options.hostname,
    timeZone: options.timeZone,
    proxyPort: options.proxyPort,
    verifyUrl: options.verifyUrl,
    latencyTarget: options.latencyTarget,
    latencyIntervalMs: options.latencyIntervalMs,
  });
  return { agent, dirs, stop: () => agent.stop() };
}

/**
 * {@link makeHeadlessAgent}, started: resolves once the first connection attempt has finished
 * (the snapshot says how it went).
 */
export async function createHeadlessAgent(
  options: HeadlessAgentOptions = {},
): Promise<HeadlessAgent> {
  const headless = makeHeadlessAgent(options);
  await headless.agent.start();
  return headless;
}
