import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_RULES } from '../../src/control-api/seed/demo.js';
import type { ControlApiHandle } from '../../src/control-api/server.js';
import type { HeadlessAgent } from '../../src/main/agent/index.js';
import {
  ADMIN_TOKEN,
  adminClient,
  headless,
  startApi,
  tempHome,
  waitForSnapshot,
} from './helpers.js';

const home = tempHome();
let api: ControlApiHandle;
let h: HeadlessAgent;

beforeAll(async () => {
  api = await startApi(home.dir);
  h = await headless(`${home.dir}/agent`, { apiUrl: api.url, token: ADMIN_TOKEN });
  await h.agent.switchVnet({ vnet: 'vnet-London' });
});

afterAll(async () => {
  await h?.stop();
  await api?.close();
  home.cleanup();
});

describe('live: configuration changes arrive over Server-Sent Events', () => {
  it('re-resolves when an admin takes a data center down (fallback in the other London DC)', async () => {
    const before = await h.agent.getState();
    await adminClient(api).setEgressIpStatus(DEMO_EGRESS_IPS.lhr.id, 'down');
    const after = await waitForSnapshot(
      h.agent,
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
      `${api.url}/client/v4/accounts/${api.accountId}/teamnet/virtual_networks`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'vnet-Lab', comment: 'pushed' }),
      },
    );
    expect(response.status).toBe(200);
    const created = await waitForSnapshot(h.agent, (s) =>
      s.vnets.some((v) => v.name === 'vnet-Lab'),
    );
    const lab = created.vnets.find((vnet) => vnet.name === 'vnet-Lab');
    expect(lab?.comment).toBe('pushed');
    expect(lab?.preview?.decided_by.type).toBe('nearest');
  });

  it('follows an admin disabling the rule of the attached vnet', async () => {
    const admin = adminClient(api);
    const rule = (await admin.listGatewayRules()).find((r) => r.id === DEMO_RULES.london.id);
    const response = await fetch(
      `${api.url}/client/v4/accounts/${api.accountId}/gateway/rules/${DEMO_RULES.london.id}`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...rule, enabled: false }),
      },
    );
    expect(response.status).toBe(200);
    const after = await waitForSnapshot(
      h.agent,
      (snapshot) => snapshot.egress?.decided_by.type === 'nearest',
    );
    expect(after.egress?.vnet_name).toBe('vnet-London');
    expect(
      after.egress?.trace?.find((step) => step.rule.id === DEMO_RULES.london.id)?.outcome,
    ).toBe('disabled');
  });
});
