/**
 * egressctl round trips against a headless agent on the local simulator: `vnet <name>` (switch
 * and wait, alternating vnets) and `status --json`, each from process spawn to exit, next to a
 * bare `node -e 0` in the same run; `status --json` once more without the code cache, so what the
 * cache buys shows; plus the LocalAPI round trip alone (in-process client over the socket), so
 * the gap between "Node start-up" and "egressctl" is accounted for.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createHeadlessAgent } from '../../src/main/agent/index.js';
import { createLocalAgentClient, serveLocalApi } from '../../src/main/agent/local-api/index.js';
import { median, percentile } from '../stats.js';
import type { BenchSection } from '../types.js';

const RUNS = 20;
const WARMUP = 2;
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'egressctl.cjs');

function newestMtime(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .reduce(
      (newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs),
      0,
    );
}

/** Measures what `npm run build:node` produced; rebuilds when the sources are newer. */
function ensureBuilt(): string | null {
  const bundle = join(root, 'dist', 'cli', 'egressctl.cjs');
  const sources = ['src/cli', 'src/main/agent', 'src/shared', 'src/control-api'].map((dir) =>
    newestMtime(join(root, dir)),
  );
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(...sources)) return null;
  spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
  });
  spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
  if (!existsSync(bundle)) throw new Error(`npm run build:node did not produce ${bundle}`);
  return 'dist/ was older than the sources: rebuilt with npm run build:node first';
}

function timeProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

export default async function cliSection(): Promise<BenchSection> {
  const notes: string[] = [];
  const rebuilt = ensureBuilt();
  if (rebuilt) notes.push(rebuilt);

  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  const socketPath = join(dir, 'agent.sock');
  const headless = await createHeadlessAgent({
    dataDir: join(dir, 'home'),
    localSimulator: true,
    logger: pino({ level: 'silent' }),
  });
  const local = await serveLocalApi(headless.agent, { socketPath });
  // The CLI's code cache goes in this run's own directory: the warm-up runs write it.
  const env = {
    ...process.env,
    EGRESS_SWITCHER_SOCKET: socketPath,
    EGRESS_SWITCHER_HOME: join(dir, 'cli-home'),
    NO_COLOR: '1',
  };
  const uncached = { ...env, NODE_DISABLE_COMPILE_CACHE: '1' };
  const targets = ['vnet-London', 'vnet-Amsterdam'];
  const samples = {
    node: [] as number[],
    status: [] as number[],
    vnet: [] as number[],
    uncached: [] as number[],
  };
  try {
    // Interleaved, so a slow spell on the machine hits all of them alike.
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const node = await timeProcess(['-e', '0'], env);
      const status = await timeProcess([bin, 'status', '--json'], env);
      const statusUncached = await timeProcess([bin, 'status', '--json'], uncached);
      const target = targets[i % targets.length] ?? 'vnet-London';
      const vnet = await timeProcess([bin, 'vnet', target, '--json'], env);
      const switched = JSON.parse(vnet.stdout) as {
        vnet: { name: string };
        egress: { ipv4: string };
      };
      if (switched.vnet.name !== target || !switched.egress.ipv4) {
        throw new Error(`egressctl vnet ${target} answered ${vnet.stdout}`);
      }
      JSON.parse(status.stdout);
      JSON.parse(statusUncached.stdout);
      if (i < WARMUP) continue;
      samples.node.push(node.ms);
      samples.status.push(status.ms);
      samples.vnet.push(vnet.ms);
      samples.uncached.push(statusUncached.ms);
    }

    // The transport alone: the same client egressctl uses, without a process around it.
    const { api } = createLocalAgentClient({ socketPath });
    const roundTrips: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await api.getState({});
      roundTrips.push(performance.now() - started);
    }
    const switches: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await api.switchVnet({ vnet: targets[i % targets.length] ?? 'vnet-London', origin: 'api' });
      switches.push(performance.now() - started);
    }

    const nodeMedian = median(samples.node);
    const vnetMedian = median(samples.vnet);
    const statusMedian = median(samples.status);
    const vnetRatio = vnetMedian / nodeMedian;
    const statusRatio = statusMedian / nodeMedian;
    const uncachedMedian = median(samples.uncached);
    notes.push(
      `${RUNS} runs each after ${WARMUP} warm-up, interleaved; times are spawn → exit of a child process`,
      `egressctl − node start-up (vnet, medians): ${(vnetMedian - nodeMedian).toFixed(1)} ms, of which the LocalAPI switch itself is ${median(switches).toFixed(1)} ms`,
      `egressctl runs as one CommonJS bundle (dist/cli/egressctl.cjs, scripts/build-cli.mjs) compiled from a V8 code cache; the cache saves ${(uncachedMedian - statusMedian).toFixed(1)} ms on status (medians)`,
      'the rest: Node built-ins (http, net, streams; child_process for commander), zod building the agent contract and validating the answer (egressctl validates every answer), and GC; see docs/egressctl.md, Performance',
    );
    return {
      title: 'egressctl round trips (headless agent, local simulator)',
      rows: [
        { name: 'node -e 0 (median)', value: nodeMedian, unit: 'ms' },
        { name: 'node -e 0 (p95)', value: percentile(samples.node, 95), unit: 'ms' },
        { name: 'egressctl vnet <name> --json (median)', value: vnetMedian, unit: 'ms' },
        {
          name: 'egressctl vnet <name> --json (p95)',
          value: percentile(samples.vnet, 95),
          unit: 'ms',
        },
        { name: 'egressctl status --json (median)', value: statusMedian, unit: 'ms' },
        {
          name: 'egressctl status --json (p95)',
          value: percentile(samples.status, 95),
          unit: 'ms',
        },
        {
          name: 'vnet switch ÷ node start-up (medians)',
          value: vnetRatio,
          unit: '×',
          // "Dominated by Node start-up": a bare Node is at least half of the round trip.
          goal: '≤ 2',
          ok: vnetRatio <= 2,
        },
        {
          name: 'status ÷ node start-up (medians)',
          value: statusRatio,
          unit: '×',
          goal: '≤ 2',
          ok: statusRatio <= 2,
        },
        {
          name: 'egressctl status --json without the code cache (median)',
          value: uncachedMedian,
          unit: 'ms',
        },
        {
          name: 'LocalAPI getState over the socket (median)',
          value: median(roundTrips),
          unit: 'ms',
        },
        {
          name: 'LocalAPI switchVnet over the socket (median)',
          value: median(switches),
          unit: 'ms',
        },
        {
          name: 'agent + LocalAPI share of the vnet round trip',
          value: (100 * median(switches)) / vnetMedian,
          unit: '%',
        },
      ],
      notes,
    };
  } finally {
    await local.close();
    await headless.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
