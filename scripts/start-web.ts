/**
 * `npm run start:web`: the popover in a browser, for anyone without the Electron binary. Starts
 * the real stack on loopback — the agent (headless) with its local simulator, the agent's
 * LocalAPI on TCP with a fresh token (the dev bridge), and the built renderer — then prints the
 * address to open. Ctrl+C stops everything.
 */
import { Command, InvalidArgumentError } from 'commander';
import { rendererBuildIsStale } from '../tests/e2e/harness/renderer-build.js';
import { startWebStack } from '../tests/e2e/harness/web-stack.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError('expected a port number (0 for any free port)');
  }
  return n;
}

const program = new Command('start:web')
  .description('Serve the popover in a browser, talking to a real agent and control API.')
  .option('-p, --port <port>', 'port for the popover page (0: any free port)', port, 5178)
  .option('--data-dir <dir>', 'keep the agent and simulator state here (default: a fresh temp dir)')
  .option(
    '--own-control-api',
    'run the control API beside the agent instead of inside it, and print its admin token',
  )
  .option('--time-zone <zone>', 'where you are, for "nearest location"', 'Europe/London')
  .parse();

const options = program.opts<{
  port: number;
  dataDir?: string;
  ownControlApi?: boolean;
  timeZone: string;
}>();

if (rendererBuildIsStale()) console.log('Building the popover…');
const stack = await startWebStack({
  controlApi: options.ownControlApi ? 'separate' : 'agent-simulator',
  staticPort: options.port,
  dataDir: options.dataDir,
  timeZone: options.timeZone,
  logLevel: 'warn',
});

const lines = [
  '',
  'Egress Switcher popover is ready. Open:',
  '',
  `  ${stack.pageUrl}`,
  '',
  `Agent LocalAPI (dev bridge): ${stack.bridgeUrl}  token ${stack.bridgeToken}`,
];
if (stack.controlApi) {
  lines.push(
    `Control API: ${stack.controlApi.url}  account ${stack.controlApi.accountId}`,
    `  admin token ${stack.controlApi.adminToken}`,
  );
} else {
  lines.push('Control API: the agent’s local simulator (demo seed).');
}
lines.push(
  options.dataDir ? `State kept in ${options.dataDir}` : 'State is temporary.',
  'Ctrl+C to stop.',
);
console.log(lines.join('\n'));

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
