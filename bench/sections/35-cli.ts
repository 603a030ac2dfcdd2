/**
 * egressctl round trips against a headless agent on the local simulator: `vnet <name>` (switch
 * and wait, alternating vnets) and `status --json`, each from process spawn to exit, next to a
 * bare `node -e 0` in the same run; plus the LocalAPI round trip alone (in-process client over
 * the socket), so the gap between "Node start-up" and "egressctl" is accounted for.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createHeadlessAgent } from '../../src/main/agent/index.js';
import { createLocalAgentClient, serveLocalApi } from '../../src/main/agent/local-api/index.js';
import type { BenchSection } from '../types.js';

const RUNS = 20;
const WARMUP = 2;
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'egressctl.js');

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
  const entry = join(root, 'dist', 'cli', 'main.js');
  const sources = ['src/cli', 'src/main/agent', 'src/shared'].map((dir) =>
    newestMtime(join(root, dir)),
  );
  if (existsSync(entry) && statSync(entry).mtimeMs >= Math.max(...sources)) return null;
  spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
  });
  if (!existsSync(entry)) throw new Error('npm run build:node did not produce dist/cli/main.js');
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

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
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
  const env = { ...process.env, EGRESS_SWITCHER_SOCKET: socketPath, NO_COLOR: '1' };
  const targets = ['vnet-London', 'vnet-Amsterdam'];
  const samples = { node: [] as number[], status: [] as number[], vnet: [] as number[] };
  try {
    // Interleaved, so a slow spell on the machine hits all three alike.
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const node = await timeProcess(['-e', '0'], env);
      const status = await timeProcess([bin, 'status', '--json'], env);
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
      if (i < WARMUP) continue;
      samples.node.push(node.ms);
      samples.status.push(status.ms);
      samples.vnet.push(vnet.ms);
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

    const nodeMedian = percentile(samples.node, 50);
    const vnetMedian = percentile(samples.vnet, 50);
    const statusMedian = percentile(samples.status, 50);
    const vnetRatio = vnetMedian / nodeMedian;
    notes.push(
      `${RUNS} runs each after ${WARMUP} warm-up, interleaved; times are spawn → exit of a child process`,
      `egressctl − node start-up (vnet, medians): ${(vnetMedian - nodeMedian).toFixed(1)} ms, of which the LocalAPI switch itself is ${percentile(switches, 50).toFixed(1)} ms`,
      'the rest is module loading: commander, zod (≈95 ES modules, its locales included) and the agent contract (egressctl validates every answer); a bundled CLI measured ≈ 2.4× node in a trial, see docs/egressctl.md',
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
        { name: 'status ÷ node start-up (medians)', value: statusMedian / nodeMedian, unit: '×' },
        {
          name: 'LocalAPI getState over the socket (median)',
          value: percentile(roundTrips, 50),
          unit: 'ms',
        },
        {
          name: 'LocalAPI switchVnet over the socket (median)',
          value: percentile(switches, 50),
          unit: 'ms',
        },
        {
          name: 'agent + LocalAPI share of the vnet round trip',
          value: (100 * percentile(switches, 50)) / vnetMedian,
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
