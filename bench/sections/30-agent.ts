/**
 * The agent's switch latency alone, on the local simulator: from `switchVnet` being called to the
 * snapshot with the new egress being published to subscribers (what the tray and the popover
 * see), over switches alternating between two vnets. The CLI round trip is measured elsewhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createHeadlessAgent } from '../../src/main/agent/index.js';
import { median, percentile } from '../stats.js';
import type { BenchSection } from '../types.js';

const WARMUP = 10;
const SWITCHES = 60;
const TARGETS = ['vnet-London', 'vnet-Amsterdam'] as const;

export default async function agentSection(): Promise<BenchSection> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-agent-'));
  const { agent, stop } = await createHeadlessAgent({
    dataDir,
    localSimulator: true,
    logger: pino({ level: 'silent' }),
    timeZone: 'Europe/London',
  });
  try {
    const state = await agent.getState();
    if (state.status !== 'connected') throw new Error(`agent did not connect: ${state.status}`);
    const ids = new Map(state.vnets.map((vnet) => [vnet.name, vnet.id]));
    let publishedAt = 0;
    let waitingFor: string | undefined;
    const unsubscribe = agent.subscribe((snapshot) => {
      if (
        waitingFor !== undefined &&
        snapshot.status === 'connected' &&
        snapshot.egress?.vnet_id === waitingFor
      ) {
        publishedAt = performance.now();
        waitingFor = undefined;
      }
    });
    const published: number[] = [];
    const completed: number[] = [];
    for (let i = 0; i < WARMUP + SWITCHES; i++) {
      const name = TARGETS[i % TARGETS.length] ?? TARGETS[0];
      waitingFor = ids.get(name);
      const start = performance.now();
      await agent.switchVnet({ vnet: name, verify: false, origin: 'api' });
      const end = performance.now();
      if (waitingFor !== undefined) throw new Error(`no snapshot published for ${name}`);
      if (i >= WARMUP) {
        published.push(publishedAt - start);
        completed.push(end - start);
      }
    }
    unsubscribe();
    const publishedMedian = median(published);
    return {
      title: `Agent switch latency (local simulator, ${SWITCHES} switches alternating two vnets)`,
      rows: [
        {
          name: 'request → state published, median',
          value: publishedMedian,
          unit: 'ms',
          goal: '< 20',
          ok: publishedMedian < 20,
        },
        { name: 'request → state published, p95', value: percentile(published, 95), unit: 'ms' },
        {
          name: 'request → state published, max',
          value: Math.max(...published),
          unit: 'ms',
        },
        { name: 'switchVnet() resolved, median', value: median(completed), unit: 'ms' },
      ],
      notes: [
        'Each switch: PATCH the device on the control API, resolve with the per-rule trace, publish.',
        `After ${WARMUP} warm-up switches; settings are written after the publish, not before.`,
      ],
    };
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
