/**
 * The Cloudflare WARP backend against the fake warp-cli (tests/support/fake-warp-cli): from a
 * switch request to the agent publishing the new egress once warp-cli says `Connected`, with
 * the fake's reconnect set to 0 ms (all of it is our overhead: warp-cli processes, status polls,
 * the local evaluation) and to 300 ms (WARP's own time, recorded apart); plus the parse cost of
 * warp-cli's answers. Our control API stands in for the Cloudflare API, as in the tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  parseStatus,
  parseVnetList,
} from '../../src/main/agent/control-plane/warp/warp-cli-output.js';
import { FAKE_WARP_CLI } from '../../tests/support/fake-warp-cli/state.js';
import {
  demoFakeVnets,
  fakeWarpFor,
  startCloudflareStandIn,
  warpAgent,
} from '../../tests/warp/support.js';
import { median, percentile } from '../stats.js';
import type { BenchSection } from '../types.js';

const SWITCHES = 12;
const TARGETS = ['vnet-London', 'vnet-Amsterdam'] as const;

function timeParse(run: () => unknown, iterations = 20_000): number {
  for (let i = 0; i < 1000; i++) run();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return ((performance.now() - start) * 1000) / iterations;
}

function fiftyVnets() {
  const vnets = Array.from({ length: 50 }, (_, i) => ({
    id: `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `vnet-${i}`,
    description: `egress location ${i}`,
    default: i === 0,
  }));
  const json = JSON.stringify({ active_vnet_id: vnets[3]?.id, virtual_networks: vnets });
  const text = [
    `Currently selected: ${vnets[3]?.id}`,
    ...vnets.flatMap((vnet) => [
      `  ID: ${vnet.id}`,
      `  Name: ${vnet.name}`,
      `  Description: ${vnet.description}`,
      `  Default: ${vnet.default}`,
      '',
    ]),
  ].join('\n');
  return { json, text };
}

export default async function warpSection(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-warp-'));
  const standIn = await startCloudflareStandIn(dir);
  const warp = fakeWarpFor(dir, { vnets: demoFakeVnets(), accountId: standIn.accountId });
  const { agent, planes } = warpAgent(dir, { warp, standIn });
  try {
    await agent.start();
    const state = await agent.getState({});
    if (state.status !== 'connected') throw new Error(`agent did not connect: ${state.status}`);
    const backend = await planes[0]?.backend();
    const measure = async (reconnectMs: number) => {
      warp.update((s) => {
        s.switch_ms = reconnectMs;
      });
      const totals: number[] = [];
      const warpTimes: number[] = [];
      for (let i = 0; i < SWITCHES; i++) {
        const name = TARGETS[i % TARGETS.length] ?? TARGETS[0];
        const start = performance.now();
        await agent.switchVnet({ vnet: name, verify: false });
        totals.push(performance.now() - start);
        warpTimes.push(backend?.lastSwitch?.connectedMs ?? Number.NaN);
      }
      return { totals, warpTimes };
    };
    const instant = await measure(0);
    const slow = await measure(300);
    const spawn: number[] = [];
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      execFileSync(FAKE_WARP_CLI, ['--json', 'status'], { env: { ...process.env, ...warp.env } });
      spawn.push(performance.now() - start);
    }
    const { json, text } = fiftyVnets();
    const overhead = slow.totals.map((total) => total - 300);
    return {
      title: 'Cloudflare WARP backend (fake warp-cli)',
      rows: [
        {
          name: 'switch → Connected, instant reconnect (median)',
          value: median(instant.totals),
          unit: 'ms',
        },
        {
          name: 'switch → Connected, instant reconnect (p95)',
          value: percentile(instant.totals, 95),
          unit: 'ms',
        },
        {
          name: 'switch → Connected, 300 ms reconnect (median)',
          value: median(slow.totals),
          unit: 'ms',
        },
        {
          name: '  warp-cli vnet <id> → Connected (recorded, median)',
          value: median(slow.warpTimes),
          unit: 'ms',
        },
        { name: '  our overhead beyond 300 ms (median)', value: median(overhead), unit: 'ms' },
        { name: 'one warp-cli process (fake, median)', value: median(spawn), unit: 'ms' },
        {
          name: 'parse `--json vnet`, 50 vnets',
          value: timeParse(() => parseVnetList(json)),
          unit: 'µs',
          // Re-read every few seconds: a millisecond would still be nothing.
          goal: '≤ 1,000',
          ok: timeParse(() => parseVnetList(json)) <= 1000,
        },
        {
          name: 'parse `vnet` text, 50 vnets',
          value: timeParse(() => parseVnetList(text)),
          unit: 'µs',
        },
        {
          name: 'parse `--json status`',
          value: timeParse(() =>
            parseStatus('{"status":"Disconnected","reason":{"ManualDisconnect":null}}'),
          ),
          unit: 'µs',
        },
      ],
      notes: [
        'Each switch runs warp-cli 3 times (vnet list and status in parallel, vnet <id>) plus status polls every 20 ms until Connected; each fake warp-cli is a Node process, so its start-up dominates our overhead (the real warp-cli is a native binary: compare "one warp-cli process").',
        "The 300 ms rows set the fake reconnect time; the recorded row is what the backend logs as WARP's time (from `vnet <id>` to Connected, the select process included).",
      ],
    };
  } finally {
    await agent.stop();
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
