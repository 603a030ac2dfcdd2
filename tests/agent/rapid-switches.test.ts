import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { agentStack } from '../support/agent-stack.js';
import { holdingFetch, recordSnapshots, waitForSnapshot } from './helpers.js';

const network = holdingFetch();
const stack = agentStack({ agent: { fetch: network.fetch } });

afterEach(async () => {
  await stack.agent.switchVnet({ vnet: 'default' });
});

const isResolve = (method: string, url: string) =>
  method === 'POST' && url.endsWith('/gateway/egress/resolve');
const isAttach = (method: string, url: string) => method === 'PATCH' && url.includes('/devices/');

async function serverVnet(): Promise<string> {
  const id = (await stack.agent.getState()).device?.id ?? '';
  return (await stack.admin.getDevice(id)).vnet_id;
}

describe('rapid successive switches: the last request wins', () => {
  it('an older switch whose answer comes back last does not overwrite the newer state', async () => {
    const held = network.holdNext(isResolve);
    const first = stack.agent.switchVnet({ vnet: 'vnet-London' });
    const firstOutcome = first.catch((error: unknown) => error);
    await held.reached;
    const published = recordSnapshots(stack.agent);
    const second = await stack.agent.switchVnet({ vnet: 'vnet-Amsterdam' }).finally(held.release);
    expect(await firstOutcome).toMatchObject({ code: 'superseded' });
    published.stop();

    expect(second.egress.egress.ipv4).toBe(DEMO_EGRESS_IPS.ams.ipv4);
    const state = await stack.agent.getState();
    expect(state.status).toBe('connected');
    expect(state.attached_vnet_id).toBe(DEMO_VNETS.amsterdam.id);
    expect(state.egress?.egress.ipv4).toBe(DEMO_EGRESS_IPS.ams.ipv4);
    expect(await serverVnet()).toBe(DEMO_VNETS.amsterdam.id);
    const attached = published.snapshots.map((snapshot) => snapshot.attached_vnet_id);
    expect(attached).not.toContain(DEMO_VNETS.london.id);
    const history = await stack.agent.getHistory({ limit: 2 });
    expect(history[0]?.to.id).toBe(DEMO_VNETS.amsterdam.id);
    expect(history.map((entry) => entry.to.id)).not.toContain(DEMO_VNETS.london.id);
  });

  it('a newer switch waits for an older attach to settle, so the server ends on the newest', async () => {
    const held = network.holdNext(isAttach);
    const first = stack.agent.switchVnet({ vnet: 'vnet-London' }).catch((error: unknown) => error);
    await held.reached;
    // The server has already attached London; the agent has not heard back yet.
    const second = stack.agent.switchVnet({ vnet: 'vnet-Dublin' });
    try {
      // The state shows the newest target while the older attach is still unanswered.
      const switching = await waitForSnapshot(
        stack.agent,
        (snapshot) => snapshot.switching?.vnet_name === 'vnet-Dublin',
      );
      expect(switching.status).toBe('switching');
    } finally {
      held.release();
    }
    expect(await first).toMatchObject({ code: 'superseded' });
    expect((await second).egress.egress.ipv4).toBe(DEMO_EGRESS_IPS.dub.ipv4);
    expect(await serverVnet()).toBe(DEMO_VNETS.dublin.id);
    expect((await stack.agent.getState()).attached_vnet_id).toBe(DEMO_VNETS.dublin.id);
  });

  it('of three switches fired together only the last one completes', async () => {
    const outcomes = await Promise.allSettled([
      stack.agent.switchVnet({ vnet: 'vnet-London' }),
      stack.agent.switchVnet({ vnet: 'vnet-Amsterdam' }),
      stack.agent.switchVnet({ vnet: 'vnet-US-East' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    for (const outcome of outcomes.slice(0, 2)) {
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'superseded' });
    }
    expect(await serverVnet()).toBe(DEMO_VNETS.usEast.id);
    expect((await stack.agent.getState()).egress?.egress.ipv4).toBe(DEMO_EGRESS_IPS.iad.ipv4);
  });
});
