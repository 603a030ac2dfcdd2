import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { agentDirs } from '../../main/agent/data-dirs.js';
import type { AgentStatus } from '../../shared/agent/index.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output/schemas.js';
import { formatFields } from '../output/table.js';
import { alreadyRunning, sleep, socketOccupant } from './agent-running.js';

/** Flags whose values would show in `ps` for the agent's whole life: handed over in its env. */
const SECRET_FLAGS: Record<string, string> = {
  token: 'EGRESS_SWITCHER_TOKEN',
  tcpToken: 'EGRESS_SWITCHER_TCP_TOKEN',
};

/**
 * The agent flags given to `agent start`, as arguments for the foreground `agent run`. Read
 * from the command's own option list, so a flag added to the agent (agent-program.ts) is
 * passed on with no change here; defaults are left for the agent to apply.
 */
export function forwardedAgentFlags(command: Command): { args: string[]; env: NodeJS.ProcessEnv } {
  const args: string[] = [];
  const env: NodeJS.ProcessEnv = {};
  const values = command.opts<Record<string, unknown>>();
  for (const option of command.options) {
    const key = option.attributeName();
    const value = values[key];
    const source = command.getOptionValueSource(key);
    if (value === undefined || source === undefined || source === 'default') continue;
    const flag = option.long ?? option.short;
    if (flag === undefined) continue;
    const secretEnv = Object.hasOwn(SECRET_FLAGS, key) ? SECRET_FLAGS[key] : undefined;
    if (secretEnv !== undefined) {
      env[secretEnv] = String(value);
    } else if (typeof value === 'boolean') {
      // `--x` sets true, `--no-x` false: the flag that was given says which.
      args.push(flag);
    } else {
      for (const item of Array.isArray(value) ? value : [value]) args.push(flag, String(item));
    }
  }
  return { args, env };
}

/** The foreground agent's `agent@1` line: it serves (and says on which TCP URL, if asked). */
interface ServingLine {
  pid: number;
  tcp_url: string | null;
  tcp_token: string | null;
}

function servingLine(logText: string, pid: number): ServingLine | null {
  for (const line of logText.split('\n')) {
    if (!line.startsWith('{"schema":"egressctl/agent@1"')) continue;
    try {
      const parsed = JSON.parse(line) as ServingLine;
      if (parsed.pid === pid) return parsed;
    } catch {}
  }
  return null;
}

/** The agent's own report of why it stopped: the `error@1` line it wrote with --json. */
function agentError(logText: string, exitCode: number | null, log: string): CliError {
  const lines = logText.split('\n').filter((line) => line.trim() !== '');
  for (const line of [...lines].reverse()) {
    try {
      const parsed = JSON.parse(line) as {
        schema?: unknown;
        error?: { code?: unknown; message?: unknown; suggestions?: unknown };
        exit_code?: unknown;
      };
      if (parsed.schema !== 'egressctl/error@1' || typeof parsed.error?.message !== 'string') {
        continue;
      }
      const code = typeof parsed.error.code === 'string' ? parsed.error.code : 'internal';
      const exit =
        typeof parsed.exit_code === 'number' ? (parsed.exit_code as ExitCode) : ExitCode.internal;
      const suggestions = Array.isArray(parsed.error.suggestions)
        ? parsed.error.suggestions.map(String)
        : [];
      return new CliError(exit, code, parsed.error.message, suggestions);
    } catch {}
  }
  const tail = lines.slice(-5).join('\n');
  return new CliError(
    ExitCode.internal,
    'internal',
    `The agent exited (code ${exitCode}) before it answered; its log (${log}) ends:\n${tail}`,
  );
}

/**
 * `egressctl agent start [agent flags]`: the foreground agent (`agent run`) as a background
 * process — detached, its own process group, stdout and stderr appended to agent.log in the data
 * dir — and returns once it says it serves and answers on the socket. This process's own streams
 * are never handed to the agent, so `$(egressctl agent start)` and pipes end when it returns.
 * Fails with the agent's own error when it cannot start, or after --timeout (the agent is then
 * stopped: no orphan).
 */
export async function runAgentStart(ctx: CliContext, command: Command): Promise<ExitCode> {
  const before = await socketOccupant(ctx);
  if (before.running) throw await alreadyRunning(ctx, before);

  const flags = forwardedAgentFlags(command);
  // The background agent has no terminal to ask on: ask for the WARP token here, as the
  // foreground agent would, and hand it over in the environment.
  if (command.opts<{ warp?: boolean }>().warp && !ctx.streams.env.CLOUDFLARE_API_TOKEN?.trim()) {
    const { promptSecret } = await import('../prompt-secret.js');
    const token = await promptSecret('Cloudflare API token (not shown): ');
    if (token) flags.env.CLOUDFLARE_API_TOKEN = token;
  }
  const dataDir = command.opts<{ dataDir?: string }>().dataDir;
  const dirs = agentDirs(dataDir, ctx.streams.env);
  mkdirSync(dirs.data, { recursive: true, mode: 0o700 });
  const log = join(dirs.data, 'agent.log');
  // The log may hold a generated TCP token (the agent prints it): user-only.
  const fd = openSync(log, 'a', 0o600);
  let fromOffset: number;
  let child: ReturnType<typeof spawn>;
  try {
    writeSync(fd, `\n--- egressctl agent start, ${new Date().toISOString()}\n`);
    fromOffset = fstatSync(fd).size;
    const entry = process.argv[1];
    if (entry === undefined) throw new Error('cannot tell which egressctl to run');
    // The child resolves the socket as this process did (same flag, same environment), so the
    // default location keeps its own handling (a private directory, tightened to 0700).
    const socketFlag = command.optsWithGlobals<{ socket?: string }>().socket;
    const globals = socketFlag !== undefined ? ['--socket', socketFlag] : [];
    child = spawn(process.execPath, [entry, ...globals, '--json', 'agent', 'run', ...flags.args], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...ctx.streams.env, ...flags.env },
      windowsHide: true,
    });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    const failure = await new Promise<Error>((resolve) => child.once('error', resolve));
    throw new CliError(ExitCode.internal, 'internal', `Cannot start the agent: ${failure.message}`);
  }
  let exitCode: number | null | undefined;
  child.once('exit', (code, signal) => {
    exitCode = code ?? (signal ? 128 : null);
  });
  child.unref();

  const stopChild = () => {
    try {
      // Its own process group: anything it started goes too.
      process.kill(-pid, 'SIGTERM');
    } catch {}
  };
  const deadline = Date.now() + ctx.timeoutMs;
  let status: AgentStatus | null = null;
  let serving: ServingLine | null = null;
  let front: 'desktop_app' | 'headless' = 'headless';
  let version = 'unknown';
  for (;;) {
    const text = readFileSync(log, 'utf8').slice(fromOffset);
    if (exitCode !== undefined) throw agentError(text, exitCode, log);
    // It prints that line once it serves and its first connection attempt is done.
    serving ??= servingLine(text, pid);
    const occupant = serving ? await socketOccupant(ctx, 1000) : null;
    // Another agent may have won a race to the socket: ours then exits with already_running.
    if (occupant?.running && occupant.health?.pid === pid) {
      front = occupant.health.front;
      version = occupant.health.version;
      const snapshot = await (await ctx.agent()).getState({}).catch(() => null);
      if (snapshot !== null) {
        status = snapshot.status;
        break;
      }
    }
    if (Date.now() > deadline) {
      stopChild();
      throw new CliError(
        ExitCode.internal,
        'start_timeout',
        `The agent did not answer within ${ctx.timeoutMs / 1000} s (--timeout) and was stopped; ` +
          `see its log: ${log}`,
      );
    }
    await sleep(50);
  }

  if (ctx.json) {
    const output: Output<'agent-start'> = {
      schema: 'egressctl/agent-start@1',
      pid,
      front,
      version,
      socket: ctx.socketPath,
      status,
      log,
      tcp_url: serving?.tcp_url ?? null,
      tcp_token: serving?.tcp_token ?? null,
    };
    ctx.printJson(output);
  } else {
    ctx.print(`Egress Switcher agent started (pid ${pid}). Stop it with: egressctl agent stop`);
    ctx.print(
      formatFields([
        ['  Socket', ctx.socketPath],
        ['  Status', status],
        [
          '  TCP',
          serving?.tcp_url
            ? `${serving.tcp_url}${serving.tcp_token ? ` (bearer token: ${serving.tcp_token})` : ''}`
            : null,
        ],
        ['  Log', log],
      ]),
    );
  }
  return ExitCode.ok;
}
