import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { AgentApi, ScopeLease } from '../../shared/agent/index.js';
import { errorMessage } from '../../shared/text/error-message.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { listeningProxy, type ProxyAddress } from './proxy.js';
import { proxyEnvironment } from './proxy-env.js';

export interface ExecOptions {
  vnet?: string;
  /** Hidden: the scope's lease (tests shorten it to watch a killed egressctl's listener go). */
  leaseMs?: number;
}

/** Signals egressctl passes on to the child rather than dying of them itself. */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs one command with its traffic through the local proxy: its environment names the proxy
 * (HTTP_PROXY and friends, NODE_USE_ENV_PROXY=1 for Node's own fetch and http). With `--vnet`
 * the agent opens a listener that egresses as that vnet for as long as the command runs; the
 * device stays attached where it is. The child's exit code is egressctl's; a child killed by a
 * signal makes egressctl die by the same signal (128+n where it cannot).
 */
export async function runExec(
  ctx: CliContext,
  argv: readonly string[],
  options: ExecOptions,
): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined) {
    throw new CliError(ExitCode.usage, 'usage', 'exec needs a command: egressctl exec -- CMD …');
  }
  const agent = await ctx.agent();
  let lease: ScopeLease | undefined;
  let address: ProxyAddress;
  if (options.vnet !== undefined) {
    lease = await agent.openScope({
      vnet: options.vnet,
      ...(options.leaseMs !== undefined ? { lease_ms: options.leaseMs } : {}),
    });
    address = { host: lease.proxy.host, port: lease.proxy.port };
  } else {
    address = listeningProxy((await agent.getState({})).proxy);
  }
  const renewal = lease ? keepRenewing(ctx, agent, lease) : undefined;
  let ended: ChildEnd;
  try {
    ended = await runChild(command, args, {
      ...ctx.streams.env,
      ...proxyEnvironment(address.host, address.port),
      NODE_USE_ENV_PROXY: '1',
    });
  } finally {
    renewal?.stop();
    // Best effort: were the agent gone, the lease would end the listener anyway.
    if (lease) await agent.closeScope({ scope_id: lease.scope_id }).catch(() => undefined);
  }
  return 'signal' in ended ? dieBy(ended.signal) : ended.code;
}

type ChildEnd = { code: number } | { signal: NodeJS.Signals };

/** Renews every third of the lease; says once on stderr if the scope is lost. */
function keepRenewing(ctx: CliContext, agent: AgentApi, lease: ScopeLease): { stop(): void } {
  let warned = false;
  const timer = setInterval(
    () => {
      agent.renewScope({ scope_id: lease.scope_id }).catch((error: unknown) => {
        if (warned) return;
        warned = true;
        ctx.note(
          `egressctl exec: could not renew the ${lease.vnet.name} listener (${errorMessage(error)}); ` +
            'its connections are refused once it closes',
        );
      });
    },
    Math.max(100, Math.floor(lease.lease_ms / 3)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  return new Promise<ChildEnd>((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const release = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      release();
      const code = error.code === 'ENOENT' ? 127 : 126;
      const what = error.code === 'ENOENT' ? 'command not found' : errorMessage(error);
      reject(new CliError(code as ExitCode, 'exec_failed', `${command}: ${what}`));
    });
    child.once('exit', (code, signal) => {
      release();
      resolve(signal !== null ? { signal } : { code: code ?? ExitCode.internal });
    });
  });
}

/**
 * The child died of `signal`: so does egressctl, with its default disposition restored, so a
 * shell sees "Terminated" and `$?` of 128+n. Where that does not kill (a signal Node ignores),
 * the exit code says the same.
 */
function dieBy(signal: NodeJS.Signals): number {
  const number = constants.signals[signal] ?? 0;
  for (const name of FORWARDED) process.removeAllListeners(name);
  process.exitCode = 128 + number;
  process.kill(process.pid, signal);
  return 128 + number;
}
