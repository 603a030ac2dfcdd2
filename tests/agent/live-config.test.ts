import { describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_RULES } from '../../src/control-api/seed/demo.js';
import { agentStack } from '../support/agent-stack.js';
import { ADMIN_TOKEN, waitForSnapshot } from './helpers.js';

const stack = agentStack({
  ready: async ({ agent }) => {
    await agent.switchVnet({ vnet: 'vnet-London' });
  },
});

describe('live: configuration changes arrive over Server-Sent Events', () => {
  it('re-resolves when an admin takes a data center down (fallback in the other London DC)', async () => {
    const before = await stack.agent.getState();
    await stack.admin.setEgressIpStatus(DEMO_EGRESS_IPS.lhr.id, 'down');
    const after = await waitForSnapshot(
      stack.agent,
      (snapshot) => snapshot.egress?.egress.ipv4 === DEMO_EGRESS_IPS.lcy.ipv4,
    );
    expect(after.egress?.fallback.used).toBe(true);
    expect(after.egress?.config_version).toBeGreaterThan(before.egress?.config_version ?? 0);
    expect(after.vnets.find((vnet) => vnet.name === 'vnet-London')?.preview?.egress.colo).toBe(
      'LCY',
    );
    expect(after.status).toBe('connected');
  });

  it('lists a vnet an admin creates, with its preview', async () => {
    const response = await fetch(
      `${stack.api.url}/client/v4/accounts/${stack.api.accountId}/teamnet/virtual_networks`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'vnet-Lab', comment: 'pushed' }),
      },
    );
    expect(response.status).toBe(200);
    const created = await waitForSnapshot(stack.agent, (s) =>
      s.vnets.some((v) => v.name === 'vnet-Lab'),
    );
    const lab = created.vnets.find((vnet) => vnet.name === 'vnet-Lab');
    expect(lab?.comment).toBe('pushed');
    expect(lab?.preview?.decided_by.type).toBe('nearest');
  });

  it('follows an admin disabling the rule of the attached vnet', async () => {
    const admin = stack.admin;
    const rule = (await admin.listGatewayRules()).find((r) => r.id === DEMO_RULES.london.id);
    const response = await fetch(
      `${stack.api.url}/client/v4/accounts/${stack.api.accountId}/gateway/rules/${DEMO_RULES.london.id}`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...rule, enabled: false }),
      },
    );
    expect(response.status).toBe(200);
    const after = await waitForSnapshot(
      stack.agent,
      (snapshot) => snapshot.egress?.decided_by.type === 'nearest',
    );
    expect(after.egress?.vnet_name).toBe('vnet-London');
    expect(
      after.egress?.trace?.find((step) => step.rule.id === DEMO_RULES.london.id)?.outcome,
    ).toBe('disabled');
  });
});
