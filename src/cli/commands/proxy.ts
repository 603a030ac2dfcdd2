import type { ProxyState } from '../../shared/agent/index.js';
import { CliError, usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output/schemas.js';
import { proxyEnvironment, SHELLS, type ShellKind, shellLines } from './proxy-env.js';

export interface ProxyAddress {
  host: string;
  port: number;
}

/** `127.0.0.1:40000` or `[::1]:40000` → its parts. */
export function parseAddress(address: string): ProxyAddress | null {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!match?.[1] || !match[2]) return null;
  return { host: match[1], port: Number(match[2]) };
}

/** The main listener's address, or a clear error saying why it is not listening. */
export function listeningProxy(proxy: ProxyState): ProxyAddress {
  const parsed = proxy.listening ? parseAddress(proxy.address) : null;
  if (parsed) return parsed;
  const why = proxy.error ?? `it is still starting on ${proxy.address}`;
  throw new CliError(
    ExitCode.internal,
    'proxy_not_listening',
    `The agent's local proxy is not listening: ${why}.`,
  );
}

export function proxyOutput(address: ProxyAddress): Output<'proxy'> {
  const env = proxyEnvironment(address.host, address.port);
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    schema: 'egressctl/proxy@1',
    address: `${host}:${address.port}`,
    host: address.host,
    port: address.port,
    http_url: `http://${host}:${address.port}`,
    socks_url: `socks5h://${host}:${address.port}`,
    env,
  };
}

export async function runProxy(
  ctx: CliContext,
  options: { env?: boolean; shell?: string },
): Promise<ExitCode> {
  const shell = options.shell ?? (options.env ? 'sh' : undefined);
  if (shell !== undefined && !(SHELLS as readonly string[]).includes(shell)) {
    throw usageError(`--shell takes one of ${SHELLS.join(', ')}`);
  }
  if (shell !== undefined && ctx.json) throw usageError('choose one of --json and --env');
  const agent = await ctx.agent();
  const output = proxyOutput(listeningProxy((await agent.getState({})).proxy));
  if (ctx.json) ctx.printJson(output);
  else if (shell !== undefined)
    ctx.streams.stdout.write(shellLines(output.env, shell as ShellKind));
  // One line, so `curl -x "$(egressctl proxy)"` works; SOCKS5 clients use the same port.
  else ctx.print(output.http_url);
  return ExitCode.ok;
}
