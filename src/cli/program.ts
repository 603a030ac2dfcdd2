import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { registerAgentCommands } from './commands/agent-program.js';
import { EXIT_CODES_HELP, type ExitCode } from './exit-codes.js';
import { execute, jsonRequested, streams } from './run-command.js';

/**
 * The command line: every command, its options and its help. Actions import their command
 * module when they run, so parsing loads nothing but commander.
 */

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

function integer(min: number, max: number, what: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected ${what} (an integer ${min}–${max})`);
    }
    return number;
  };
}

function seconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('expected a number of seconds greater than 0');
  }
  return number;
}

/** What `net.protocol` can be; anything else would silently match no rule. */
const PROTOCOLS = ['tcp', 'udp', 'icmp'] as const;

function protocolName(value: string): string {
  const protocol = value.trim().toLowerCase();
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new InvalidArgumentError(`expected one of ${PROTOCOLS.join(', ')}`);
  }
  return protocol;
}

function destination(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new InvalidArgumentError('expected a host name or an IP address');
  return trimmed;
}

function countryCode(value: string): string {
  if (!/^[A-Za-z]{2}$/.test(value)) {
    throw new InvalidArgumentError('expected an ISO 3166-1 alpha-2 country code such as GB');
  }
  return value.toUpperCase();
}

export function buildProgram(): Command {
  const program = new Command('egressctl')
    .description('Switch virtual networks and see where your traffic egresses, and why.')
    .version(version(), '-V, --version')
    .option('--json', 'machine-readable output with a versioned schema (see `egressctl schema`)')
    .option(
      '--socket <path>',
      "the agent's socket (default: $EGRESS_SWITCHER_SOCKET, else the user runtime dir)",
    )
    .addOption(
      new Option('--timeout <seconds>', 'how long to wait for the agent')
        .argParser(seconds)
        .default(60),
    )
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      // With --json stderr carries one error@1 document (written by main()), never help text.
      writeErr: (text) => {
        if (!jsonRequested) streams.stderr.write(text);
      },
      // With --json the error is reported once, as JSON, by the catch in main().
      outputError: (text, write) => {
        if (!jsonRequested) write(text);
      },
    })
    .addHelpText(
      'after',
      `\n${EXIT_CODES_HELP}\n\nJSON schemas: egressctl schema [name]; docs: docs/egressctl.md`,
    );

  program
    .command('status')
    .description('where you egress now, why, and whether it was verified')
    .action((_options, command: Command) =>
      execute(command, async (ctx) => (await import('./commands/status.js')).runStatus(ctx)),
    );

  program
    .command('vnet')
    .argument('[vnet]', 'id or name to switch to; without it, list virtual networks')
    .description('list virtual networks with egress previews, or switch to one and wait')
    .option('--verify', 'check the new egress with /cdn-cgi/trace after switching')
    .option('--no-verify', 'do not check, whatever the agent settings say')
    .option('--measure', 'list only: measure every gateway’s latency now, then list')
    .action(
      (
        target: string | undefined,
        options: { verify?: boolean; measure?: boolean },
        command: Command,
      ) =>
        execute(command, async (ctx) => {
          const vnet = await import('./commands/vnet.js');
          if (target !== undefined && options.measure === true) {
            const { usageError } = await import('./cli-error.js');
            throw usageError('--measure applies to the list: egressctl vnet --measure');
          }
          if (target !== undefined) return vnet.runVnetSwitch(ctx, target, options);
          if (options.verify !== undefined) {
            const { usageError } = await import('./cli-error.js');
            throw usageError(
              '--verify and --no-verify apply when switching: egressctl vnet <id|name> --verify',
            );
          }
          return vnet.runVnetList(ctx, { measure: options.measure === true });
        }),
    );

  program
    .command('verify')
    .description('compare the resolved egress with what a destination sees')
    .action((_options, command: Command) =>
      execute(command, async (ctx) => (await import('./commands/verify.js')).runVerify(ctx)),
    );

  program
    .command('resolve')
    .description('where a destination would egress from, and the rule trace that decided it')
    .requiredOption('--dst <host|ip>', 'destination host name or IP address', destination)
    .option('--port <n>', 'destination port', integer(0, 65535, 'a port'))
    .option('--protocol <p>', `protocol: ${PROTOCOLS.join(', ')}`, protocolName)
    .option('--country <cc>', "destination's country (ISO code)", countryCode)
    .option('--vnet <id|name>', 'resolve as if attached to this vnet (default: the attached one)')
    .action((options, command: Command) =>
      execute(command, async (ctx) =>
        (await import('./commands/resolve.js')).runResolve(ctx, options),
      ),
    );

  program
    .command('history')
    .description('switch history, newest first (--csv: oldest first, for spreadsheets)')
    .option('--csv', 'RFC 4180 CSV with a header row')
    .option(
      '--limit <n>',
      'at most this many entries (default 20 for people, all for --json/--csv)',
      integer(1, 10_000, 'a count'),
    )
    .action((options, command: Command) =>
      execute(command, async (ctx) =>
        (await import('./commands/history.js')).runHistory(ctx, options),
      ),
    );

  program
    .command('watch')
    .description('one JSON line per change of state, until interrupted')
    .option('--count <n>', 'stop after this many lines', integer(1, 1_000_000, 'a count'))
    .action((options, command: Command) =>
      execute(command, async (ctx) => (await import('./commands/watch.js')).runWatch(ctx, options)),
    );

  program
    .command('location')
    .argument('[where]', 'IATA code, city, country, "lat,lon", or "auto"; without it, show')
    .description('show or set where you physically are (drives "nearest location")')
    .action((where: string | undefined, _options, command: Command) =>
      execute(command, async (ctx) =>
        (await import('./commands/location.js')).runLocation(ctx, where),
      ),
    );

  program
    .command('label-ip')
    .argument('<ipv4>', "one of the account's dedicated egress IPs")
    .argument('[where]', 'IATA code or city, e.g. LHR or "London"')
    .option('--clear', 'forget the label')
    .description('Cloudflare WARP: say where a dedicated egress IP is (no Cloudflare API does)')
    .action(
      (ipv4: string, where: string | undefined, options: { clear?: boolean }, command: Command) =>
        execute(command, async (ctx) => {
          if (!options.clear && !where) {
            const { usageError } = await import('./cli-error.js');
            throw usageError('label-ip needs <where> (or --clear)');
          }
          return (await import('./commands/label-ip.js')).runLabelIp(
            ctx,
            ipv4,
            where,
            options.clear === true,
          );
        }),
    );

  const favourite = program.command('favourite').alias('favorite').description('pinned vnets');
  for (const [name, pinned] of [
    ['add', true],
    ['remove', false],
  ] as const) {
    favourite
      .command(name)
      .argument('<vnet>', 'id or name')
      .description(pinned ? 'pin a vnet' : 'unpin a vnet')
      .action((vnet: string, _options, command: Command) =>
        execute(command, async (ctx) =>
          (await import('./commands/favourite.js')).runFavourite(ctx, { vnet, favourite: pinned }),
        ),
      );
  }
  favourite
    .command('list', { isDefault: true })
    .description('list favourites in pinned order')
    .action((_options, command: Command) =>
      execute(command, async (ctx) =>
        (await import('./commands/favourite.js')).runFavourite(ctx, null),
      ),
    );

  program
    .command('proxy')
    .description("the local proxy's address (HTTP and SOCKS5 on one loopback port)")
    .option(
      '--env',
      'print the shell lines that point a shell at it: eval "$(egressctl proxy --env)"',
    )
    .option('--shell <shell>', 'with --env: sh (default), fish or powershell')
    .action((options: { env?: boolean; shell?: string }, command: Command) =>
      execute(command, async (ctx) => (await import('./commands/proxy.js')).runProxy(ctx, options)),
    );

  program
    .command('exec')
    .argument('<command...>', 'the command and its arguments, after --')
    .description(
      "run one command with its traffic through the local proxy (--vnet: egress as that vnet for this command only; the device stays attached where it is); its exit code is egressctl's",
    )
    .option('--vnet <id|name>', "egress as this vnet (the device's attachment does not change)")
    .addOption(
      new Option('--lease-ms <n>', "the scoped listener's lease")
        .argParser(integer(200, 600_000, 'milliseconds'))
        .hideHelp(),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  egressctl exec -- curl -s https://example.com\n' +
        '  egressctl exec --vnet London -- npx playwright test\n' +
        'The child gets HTTP_PROXY, HTTPS_PROXY, ALL_PROXY (and lower case), NO_PROXY empty and\n' +
        'NODE_USE_ENV_PROXY=1. A child killed by a signal kills egressctl with the same signal.',
    )
    .action((argv: string[], options: { vnet?: string; leaseMs?: number }, command: Command) =>
      execute(
        command,
        async (ctx) =>
          (await import('./commands/exec.js')).runExec(ctx, argv, options) as Promise<ExitCode>,
      ),
    );

  program
    .command('connections')
    .description("the local proxy's connection log, newest first (--watch: live, JSON lines)")
    .option('--watch', 'one JSON line per connection as it ends, until interrupted')
    .option('--csv', 'RFC 4180 CSV with a header row (oldest first)')
    .option('--vnet <id|name>', 'only connections that egressed as this vnet')
    .option('--host <text>', 'only destinations whose host contains this')
    .option('--refused', 'only refused connections')
    .option(
      '--limit <n>',
      'at most this many (default 50 for people, all for --json/--csv)',
      integer(1, 10_000, 'a count'),
    )
    .option(
      '--count <n>',
      'with --watch: stop after this many lines',
      integer(1, 1_000_000, 'a count'),
    )
    .action((options, command: Command) =>
      execute(command, async (ctx) =>
        (await import('./commands/connections.js')).runConnections(ctx, options),
      ),
    );

  registerAgentCommands(program, integer);

  program
    .command('schema')
    .argument(
      '[name]',
      'one output (status, vnets, switch, verify, resolve, history, watch, location, favourites, agent, agent-start, agent-status, agent-stop, proxy, connections, connection, error)',
    )
    .description('the JSON Schema of each --json output')
    .action((name: string | undefined, _options, command: Command) =>
      execute(command, async (ctx) => (await import('./commands/schema.js')).runSchema(ctx, name)),
    );

  return program;
}
