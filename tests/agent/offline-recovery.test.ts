import { describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { agentStack } from '../support/agent-stack.js';
import { holdingFetch, waitForSnapshot } from './helpers.js';

const network = holdingFetch();
const stack = agentStack({
  agent: { fetch: network.fetch, requestTimeoutMs: 400 },
  ready: async ({ agent }) => {
    await agent.switchVnet({ vnet: 'vnet-London' });
  },
});

describe('faults: the control API goes away and comes back', () => {
  it('goes offline when the server dies, keeps the last egress as stale, and backs off', async () => {
    const before = await stack.agent.getState();
    const port = await stack.stopApi();
    const offline = await waitForSnapshot(stack.agent, (snapshot) => snapshot.status === 'offline');
    expect(offline.offline?.last_error).toMatch(/unreachable/);
    expect(offline.offline?.attempt).toBeGreaterThanOrEqual(1);
    expect(offline.offline?.next_retry_at).not.toBeNull();
    expect(offline.egress).toMatchObject({
      stale: true,
      vnet_id: DEMO_VNETS.london.id,
      resolved_at: before.egress?.resolved_at,
      egress: { ipv4: DEMO_EGRESS_IPS.lhr.ipv4 },
    });

    // It keeps retrying on its own, with the attempt counted and `since` kept.
    const later = await waitForSnapshot(stack.agent, (s) => (s.offline?.attempt ?? 0) >= 3);
    expect(later.offline?.since).toBe(offline.offline?.since);

    // A switch fails fast and changes nothing locally.
    await expect(stack.agent.switchVnet({ vnet: 'vnet-Amsterdam' })).rejects.toMatchObject({
      code: 'control_api_unreachable',
    });
    expect((await stack.agent.getState()).attached_vnet_id).toBe(DEMO_VNETS.london.id);

    // Same port, same database: the agent finds it again by itself.
    await stack.startApi(port);
    const back = await waitForSnapshot(stack.agent, (snapshot) => snapshot.status === 'connected');
    expect(back.egress?.stale).toBe(false);
    expect(back.device?.id).toBe(before.device?.id);
    expect(back.attached_vnet_id).toBe(DEMO_VNETS.london.id);

    // …and its event stream is live again: a config change arrives without any polling.
    await stack.admin.setEgressIpStatus(DEMO_EGRESS_IPS.lhr.id, 'down');
    const pushed = await waitForSnapshot(
      stack.agent,
      (snapshot) => snapshot.egress?.egress.ipv4 === DEMO_EGRESS_IPS.lcy.ipv4,
    );
    expect(pushed.egress?.fallback.used).toBe(true);
    await stack.admin.setEgressIpStatus(DEMO_EGRESS_IPS.lhr.id, 'healthy');
    await waitForSnapshot(
      stack.agent,
      (snapshot) => snapshot.egress?.egress.ipv4 === DEMO_EGRESS_IPS.lhr.ipv4,
    );
  });

  it('treats a server that stops answering in time as offline, and refresh retries at once', async () => {
    network.hang.enabled = true;
    try {
      const state = await stack.agent.refresh({});
      expect(state.status).toBe('offline');
      expect(state.offline?.last_error).toMatch(/did not answer in time/);
      expect(state.egress?.stale).toBe(true);
    } finally {
      network.hang.enabled = false;
    }
    const again = await stack.agent.refresh({});
    expect(again.status).toBe('connected');
    expect(again.egress?.stale).toBe(false);
  });
});
