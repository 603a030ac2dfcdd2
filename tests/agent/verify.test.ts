import { describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { agentStack } from '../support/agent-stack.js';
import { waitForSnapshot } from './helpers.js';

const stack = agentStack();

describe('verify: the resolved egress against /cdn-cgi/trace, fetched through the local proxy', () => {
  it('matches after a switch, and records it in the snapshot and the history', async () => {
    const result = await stack.agent.switchVnet({ vnet: 'vnet-London', verify: true });
    expect(result.verification).toMatchObject({
      status: 'match',
      vnet_id: DEMO_VNETS.london.id,
      expected: { ipv4: DEMO_EGRESS_IPS.lhr.ipv4, colo: 'LHR', country: 'GB' },
      observed: {
        ip: DEMO_EGRESS_IPS.lhr.ipv4,
        colo: 'LHR',
        loc: 'GB',
        vnet: DEMO_VNETS.london.id,
      },
    });
    expect(result.verification?.message).toMatch(/^Verified: .*192\.0\.2\.10.*\.$/);
    const { proxy } = await stack.agent.getState();
    expect(result.verification?.via).toEqual({
      url: `${stack.api.url}/cdn-cgi/trace`,
      proxy: proxy.address,
    });
    expect((await stack.agent.getState()).verification?.status).toBe('match');
    expect((await stack.agent.getHistory({ limit: 1 }))[0]?.verification).toBe('match');
  });

  it('reports a mismatch when the server moved the device behind the agent’s back', async () => {
    const state = await stack.agent.getState();
    expect(state.attached_vnet_id).toBe(DEMO_VNETS.london.id);
    // Device records are not configuration: no event tells the agent about this.
    await stack.admin.attachDevice(state.device?.id ?? '', DEMO_VNETS.amsterdam.id);
    const verification = await stack.agent.verify({});
    expect(verification.status).toBe('mismatch');
    expect(verification.expected.ipv4).toBe(DEMO_EGRESS_IPS.lhr.ipv4);
    // The traffic still leaves as the agent decided (London); the trace's vnet is the server's
    // record of the device, which moved: the observation disagrees with the agent's picture.
    expect(verification.observed).toMatchObject({
      ip: DEMO_EGRESS_IPS.lhr.ipv4,
      colo: 'LHR',
      vnet: DEMO_VNETS.amsterdam.id,
    });
    expect(verification.message).toMatch(/^Mismatch \(vnet\)/);
    expect((await stack.agent.getHistory({ limit: 1 }))[0]?.verification).toBe('mismatch');
    // …and the agent re-reads the server, so its picture converges on the truth.
    const converged = await waitForSnapshot(
      stack.agent,
      (snapshot) => snapshot.attached_vnet_id === DEMO_VNETS.amsterdam.id,
    );
    expect(converged.egress?.egress.ipv4).toBe(DEMO_EGRESS_IPS.ams.ipv4);
    expect(converged.verification?.status).toBe('mismatch');
    expect((await stack.agent.verify({})).status).toBe('match');
  });

  it('says why when the egress is unavailable (no fallback, data center down)', async () => {
    const admin = stack.admin;
    await admin.setEgressIpStatus(DEMO_EGRESS_IPS.dub.id, 'down');
    try {
      const result = await stack.agent.switchVnet({ vnet: 'vnet-Dublin', verify: true });
      expect(result.egress.egress.kind).toBe('unavailable');
      expect(result.verification?.status).toBe('error');
      expect(result.verification?.observed).toBeNull();
      expect(result.verification?.message).toMatch(/^Could not verify: .*unavailable/);
      expect((await stack.agent.getHistory({ limit: 1 }))[0]?.verification).toBe('error');
    } finally {
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.dub.id, 'healthy');
    }
  });

  it('verifies a shared egress as leaving directly, not through a dedicated IP', async () => {
    const admin = stack.admin;
    // vnet-Amsterdam's rule falls back to the shared egress when its dedicated IP is down.
    await admin.setEgressIpStatus(DEMO_EGRESS_IPS.ams.id, 'down');
    try {
      const result = await stack.agent.switchVnet({ vnet: 'vnet-Amsterdam', verify: true });
      expect(result.egress.egress.kind).toBe('shared');
      expect(result.verification?.status).toBe('match');
      const seen = result.verification?.observed?.ip ?? '';
      const dedicated = Object.values(DEMO_EGRESS_IPS).map((ip) => ip.ipv4);
      expect(dedicated).not.toContain(seen);
      expect(result.verification?.message).toContain('this machine’s own connection');
    } finally {
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.ams.id, 'healthy');
    }
  });

  it('verifies after every switch when the setting says so', async () => {
    await stack.agent.updateSettings({ verify_after_switch: true });
    const result = await stack.agent.switchVnet({ vnet: 'vnet-US-East' });
    expect(result.verification?.status).toBe('match');
    const optedOut = await stack.agent.switchVnet({ vnet: 'vnet-London', verify: false });
    expect(optedOut.verification).toBeNull();
  });
});
