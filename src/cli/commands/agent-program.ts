import { type Command, Option } from 'commander';
import type { GlobalOptions } from '../context.js';
import { execute, streams } from '../run-command.js';
import type { AgentCommandOptions } from './agent.js';

/**
 * `egressctl agent …`: the agent in the foreground (the default, also `agent run`), or started,
 * stopped and asked about in the background. Its flags are defined once, in
 * {@link addAgentFlags}, so `agent start` takes exactly what the foreground does. Loads nothing
 * but commander: each action imports its command module when it runs.
 */

export type IntegerParser = (min: number, max: number, what: string) => (value: string) => number;

/** Every flag of the agent itself, shared by the foreground `agent` and `agent start`. */
export function addAgentFlags(command: Command, integer: IntegerParser): Command {
  return command
    .option('--local-simulator', 'run the control API in-process with the demo data')
    .option('--api-url <url>', 'a remote control API')
    .option('--token <token>', 'its admin or device token (or $EGRESS_SWITCHER_TOKEN)')
    .option('--user-email <email>', 'the user the device is enrolled for')
    .option(
      '--warp',
      'use the real Cloudflare One (WARP) client and the Cloudflare API (token: $CLOUDFLARE_API_TOKEN, else asked)',
    )
    .option(
      '--warp-cli <path>',
      'the warp-cli to run (default: found on PATH or where WARP installs it)',
    )
    .option('--account-id <id>', 'the Cloudflare account id (with --warp)')
    .option(
      '--cloudflare-api-url <url>',
      'the Cloudflare API base (with --warp; default https://api.cloudflare.com/client/v4)',
    )
    .option(
      '--refresh-interval <seconds>',
      'with --warp: re-read vnets and egress policies this often (default 30)',
      integer(5, 3600, 'a number of seconds'),
    )
    .option(
      '--data-dir <dir>',
      'settings and data (default: $EGRESS_SWITCHER_HOME or per-user dirs)',
    )
    .option(
      '--tcp-port <n>',
      'also serve on 127.0.0.1:<n> with a bearer token (0: any free port)',
      integer(0, 65535, 'a port'),
    )
    .option(
      '--tcp-token <token>',
      'that bearer token (or $EGRESS_SWITCHER_TCP_TOKEN; default: generated and printed)',
    )
    .option(
      '--proxy-port <n>',
      'the local proxy, HTTP and SOCKS5, on 127.0.0.1:<n> (or $EGRESS_SWITCHER_PROXY_PORT; default 40000; 0: any)',
      integer(0, 65535, 'a port'),
    )
    .option(
      '--verify-url <url>',
      'what verify fetches through the proxy (default: the control API /cdn-cgi/trace)',
    )
    .option(
      '--latency-target <host:port>',
      'where latency probes connect, directly and through each gateway (default: the control API)',
    )
    .addOption(
      new Option('--log-level <level>', 'log level (logs go to stderr)')
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info'),
    );
}

/** The flags as the agent takes them: tokens fall back to their environment variables. */
function agentOptions(options: Record<string, unknown>, version: string) {
  return {
    ...options,
    version,
    token: options.token ?? streams.env.EGRESS_SWITCHER_TOKEN,
    tcpToken: options.tcpToken ?? streams.env.EGRESS_SWITCHER_TCP_TOKEN,
    proxyPortEnv: streams.env.EGRESS_SWITCHER_PROXY_PORT,
    cloudflareToken: streams.env.CLOUDFLARE_API_TOKEN,
  } as AgentCommandOptions;
}

export function registerAgentCommands(program: Command, integer: IntegerParser): void {
  const agent = program
    .command('agent')
    .description(
      'the agent: in the foreground (CI, containers), or start/stop/status in the background',
    )
    .addHelpText(
      'after',
      '\nThe agent options (shared by `agent` and `agent start`): egressctl agent run --help',
    );

  addAgentFlags(
    agent
      .command('run', { isDefault: true })
      .description('run the agent in the foreground (the default); stops on SIGINT/SIGTERM'),
    integer,
  ).action((options: Record<string, unknown>, command: Command) =>
    execute(command, async (ctx) => {
      const { runAgent } = await import('./agent.js');
      const globals = command.optsWithGlobals<GlobalOptions>();
      return runAgent(ctx, agentOptions(options, program.version() ?? 'unknown'), globals.socket);
    }),
  );

  addAgentFlags(
    agent
      .command('start')
      .description(
        'start the agent in the background; returns once it answers (waits up to --timeout)',
      ),
    integer,
  ).action((_options: Record<string, unknown>, command: Command) =>
    execute(command, async (ctx) => (await import('./agent-start.js')).runAgentStart(ctx, command)),
  );

  agent
    .command('stop')
    .description('stop the background agent and wait until it has (none running: exit 0)')
    .action((_options, command: Command) =>
      execute(command, async (ctx) => (await import('./agent-stop.js')).runAgentStop(ctx)),
    );

  agent
    .command('status')
    .description('whether an agent runs for this user: its pid, front, socket and status')
    .action((_options, command: Command) =>
      execute(command, async (ctx) => (await import('./agent-status.js')).runAgentStatus(ctx)),
    );
}
