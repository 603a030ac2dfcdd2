import { parseProbeTarget } from '../../main/agent/data-plane/latency/probe-target.js';
import type { AgentSnapshot } from '../../shared/agent/index.js';
import { CliError, usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output/schemas.js';
import { formatFields } from '../output/table.js';

export interface AgentCommandOptions {
  apiUrl?: string;
  token?: string;
  localSimulator?: boolean;
  tcpPort?: number;
  tcpToken?: string;
  proxyPort?: number;
  /** `$EGRESS_SWITCHER_PROXY_PORT`, used when `--proxy-port` is not given. */
  proxyPortEnv?: string | undefined;
  verifyUrl?: string;
  /** `host:port` latency probes connect to. */
  latencyTarget?: string;
  userEmail?: string;
  /** `--warp` and its companions; the token comes from $CLOUDFLARE_API_TOKEN or a prompt. */
  warp?: boolean;
  warpCli?: string;
  accountId?: string;
  cloudflareApiUrl?: string;
  refreshInterval?: number;
  cloudflareToken?: string;
  dataDir?: string;
  logLevel: string;
  /** egressctl's version, for the health endpoint. */
  version: string;
}

/** `$EGRESS_SWITCHER_PROXY_PORT`: absent or empty is no choice; anything but a port is refused. */
function portFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw usageError(`EGRESS_SWITCHER_PROXY_PORT=${value} is not a port (0–65535)`);
  }
  return port;
}

/** Give up on a clean stop after this long (a hung control API call, a stuck close). */
const STOP_DEADLINE_MS = 10_000;

/**
 * Resolves on the first SIGINT/SIGTERM. Later ones are ignored rather than treated as "force
 * quit": conf's file writer (atomically → when-exit) re-raises the signal it saw, so a single
 * Ctrl+C arrives twice. A stop that hangs ends at the deadline instead.
 */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) return;
      received = true;
      setTimeout(() => process.exit(ExitCode.internal), STOP_DEADLINE_MS).unref();
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function describeControlApi(snapshot: AgentSnapshot): string {
  const { mode, url } = snapshot.control_api;
  const label =
    mode === 'local_simulator'
      ? 'local simulator'
      : mode === 'cloudflare_warp'
        ? 'Cloudflare WARP'
        : 'remote';
  return url ? `${label} · ${url}` : label;
}

/**
 * `--warp`: the account id, API and warp-cli flags, and the Cloudflare API token from
 * $CLOUDFLARE_API_TOKEN or asked on the terminal (never a flag: it would show in `ps`). The
 * agent stores it like the device token (0600 file) and never prints or logs it.
 */
async function warpOptions(options: AgentCommandOptions) {
  const given = ['warpCli', 'accountId', 'cloudflareApiUrl', 'refreshInterval'] as const;
  if (!options.warp) {
    const stray = given.find((key) => options[key] !== undefined);
    if (stray)
      throw usageError(`--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --warp`);
    return undefined;
  }
  if (options.localSimulator || options.apiUrl) {
    throw usageError('choose one of --warp, --local-simulator and --api-url');
  }
  if (!options.accountId)
    throw usageError('--warp needs --account-id (your Cloudflare account id)');
  if (
    options.cloudflareApiUrl !== undefined &&
    !/^https?:\/\/[^/]/i.test(options.cloudflareApiUrl)
  ) {
    throw usageError('--cloudflare-api-url needs an http:// or https:// URL');
  }
  const { promptSecret } = await import('../prompt-secret.js');
  const token =
    options.cloudflareToken?.trim() || (await promptSecret('Cloudflare API token (not shown): '));
  if (!token) {
    throw usageError(
      '--warp needs a Cloudflare API token: set CLOUDFLARE_API_TOKEN (Zero Trust Read, and ' +
        'Cloudflare One Networks Read or Cloudflare Tunnel Read), or run in a terminal to be asked',
    );
  }
  return {
    accountId: options.accountId,
    token,
    apiUrl: options.cloudflareApiUrl,
    warpCli: options.warpCli,
    verifyUrl: options.verifyUrl,
    refreshIntervalMs:
      options.refreshInterval === undefined ? undefined : options.refreshInterval * 1000,
  };
}

/**
 * `egressctl agent`: the agent in the foreground (CI machines, containers, scripts), serving the
 * LocalAPI on the socket egressctl uses. The only command that loads the agent core, Fastify
 * and the control API.
 */
export async function runAgent(
  ctx: CliContext,
  options: AgentCommandOptions,
  socketOverride: string | undefined,
): Promise<ExitCode> {
  if (options.localSimulator && options.apiUrl) {
    throw usageError('choose either --local-simulator or --api-url');
  }
  if (options.apiUrl && !options.token) {
    throw usageError('--api-url needs --token (an admin or device token)');
  }
  const warp = await warpOptions(options);
  if (options.verifyUrl !== undefined && !/^https?:\/\/[^/]/i.test(options.verifyUrl)) {
    throw usageError('--verify-url needs an http:// or https:// URL');
  }
  const latencyTarget =
    options.latencyTarget === undefined ? undefined : parseProbeTarget(options.latencyTarget);
  if (latencyTarget === null) {
    throw usageError(
      '--latency-target needs host:port (e.g. 203.0.113.7:443 or [2001:db8::1]:443)',
    );
  }
  const proxyPort = options.proxyPort ?? portFromEnv(options.proxyPortEnv);
  const signal = untilSignal();
  const [{ makeHeadlessAgent }, localApi, { AgentAlreadyRunningError }, { default: pino }] =
    await Promise.all([
      import('../../main/agent/headless.js'),
      import('../../main/agent/local-api/server.js'),
      import('../../main/agent/local-api/socket-file.js'),
      import('pino'),
    ]);
  const { deferredAgent } = await import('../../main/agent/local-api/deferred-agent.js');
  // stdout carries what scripts read (the socket line or JSON); logs go to stderr.
  const logger = pino({ level: options.logLevel }, pino.destination(2));
  const pending = deferredAgent();
  let api: Awaited<ReturnType<typeof localApi.serveLocalApi>>;
  try {
    // First, before reading settings, starting a simulator or enrolling a device: claim the
    // socket. Of two agents started at once exactly one gets it; the other stops here.
    api = await localApi.serveLocalApi(pending.api, {
      ...(socketOverride !== undefined ? { socketPath: socketOverride } : {}),
      ...(options.tcpPort !== undefined
        ? {
            tcp: {
              host: '127.0.0.1' as const,
              port: options.tcpPort,
              ...(options.tcpToken ? { token: options.tcpToken } : {}),
            },
          }
        : {}),
      logger,
      identity: { front: 'headless', version: options.version },
    });
  } catch (error) {
    if (error instanceof AgentAlreadyRunningError) {
      throw new CliError(ExitCode.internal, 'already_running', error.message);
    }
    throw error;
  }
  let headless: ReturnType<typeof makeHeadlessAgent> | undefined;
  try {
    headless = makeHeadlessAgent({
      dataDir: options.dataDir,
      apiUrl: options.apiUrl,
      token: options.token,
      localSimulator: options.localSimulator,
      warp,
      userEmail: options.userEmail,
      proxyPort,
      verifyUrl: options.verifyUrl,
      latencyTarget,
      logger,
    });
    pending.resolve(headless.agent);
    await headless.agent.start();
  } catch (error) {
    pending.reject(error);
    await headless?.stop();
    await api.close();
    throw error;
  }

  const snapshot = await headless.agent.getState({});
  const socket = api.socketPath ?? ctx.socketPath;
  // A token given to us is not echoed into logs; a generated one must be, or nobody could use it.
  const shownToken = api.tcpToken !== undefined && !options.tcpToken ? api.tcpToken : null;
  if (ctx.json) {
    const started: Output<'agent'> = {
      schema: 'egressctl/agent@1',
      pid: process.pid,
      socket,
      tcp_url: api.tcpUrl ?? null,
      tcp_token: shownToken,
      proxy: { ...snapshot.proxy },
    };
    ctx.printJsonLine(started);
  } else {
    ctx.print(`Egress Switcher agent running (pid ${process.pid}). Stop it with Ctrl+C.`);
    ctx.print(
      formatFields([
        ['  Socket', socket],
        [
          '  TCP',
          api.tcpUrl ? `${api.tcpUrl}${shownToken ? ` (bearer token: ${shownToken})` : ''}` : null,
        ],
        [
          '  Proxy',
          snapshot.proxy.listening
            ? `http://${snapshot.proxy.address} (HTTP and SOCKS5)`
            : snapshot.proxy.error,
        ],
        ['  Control API', describeControlApi(snapshot)],
        ['  Status', snapshot.status],
      ]),
    );
  }

  const received = await signal;
  logger.info({ signal: received }, 'stopping');
  // The socket is the one-agent lock: give it up only once the simulator and settings are saved.
  await headless.stop();
  await api.close();
  return ExitCode.ok;
}
