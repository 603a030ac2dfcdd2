/**
 * egressctl round trips against a headless agent on the local simulator: `vnet <name>` (switch
 * and wait, alternating vnets) and `status --json`, each from process spawn to exit, next to a
 * bare `node -e 0` in the same run; `status --json` once more without the code cache, so what the
 * cache buys shows; plus the LocalAPI round trip alone (in-process client over the socket), so
 * the gap between "Node start-up" and "egressctl" is accounted for.
 */
import { createLocalAgentClient } from '../../src/main/agent/local-api/index.js';
import { egressctlBin as bin, ensureCliBuilt, startCliAgent, timeProcess } from '../cli-support.js';
import { median, percentile } from '../stats.js';
import type { BenchSection } from '../types.js';

const RUNS = 20;
const WARMUP = 2;

export default async function cliSection(): Promise<BenchSection> {
  const notes: string[] = [];
  const rebuilt = ensureCliBuilt();
  if (rebuilt) notes.push(rebuilt);

  // The CLI's code cache goes in this run's own directory: the warm-up runs write it.
  const agent = await startCliAgent('bench-cli-');
  const { env, socketPath } = agent;
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
      const node = await timeProcess(process.execPath, ['-e', '0'], env);
      const status = await timeProcess(process.execPath, [bin, 'status', '--json'], env);
      const statusUncached = await timeProcess(
        process.execPath,
        [bin, 'status', '--json'],
        uncached,
      );
      const target = targets[i % targets.length] ?? 'vnet-London';
      const vnet = await timeProcess(process.execPath, [bin, 'vnet', target, '--json'], env);
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
    await agent.close();
  }
}
