import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeWarp } from '../support/fake-warp-cli/state.js';
import { tempDir } from '../support/temp-dir.js';
import {
  CF_TOKEN,
  type CloudflareStandIn,
  DEMO_RULES,
  DEMO_VNETS,
  demoFakeVnets,
  fakeWarpFor,
  forbiddenRequests,
  startCloudflareStandIn,
  startTraceStandIn,
  type TraceStandIn,
  until,
  type WarpAgentSetup,
  warpAgent,
} from './support.js';

let dir: { dir: string; cleanup: () => void };
let standIn: CloudflareStandIn;
let traceStandIn: TraceStandIn;
let warp: FakeWarp;
let setup: WarpAgentSetup | undefined;

async function deleteRule(id: string): Promise<void> {
  const response = await fetch(
    `${standIn.api.url}/client/v4/accounts/${standIn.accountId}/gateway/rules/${id}`,
    {
      method: 'DELETE',
      headers: { authorization: `Bearer ${CF_TOKEN}` },
    },
  );
  expect(response.status).toBe(200);
}

beforeEach(async () => {
  dir = tempDir('warp-agent-');
  standIn = await startCloudflareStandIn(dir.dir);
  traceStandIn = await startTraceStandIn();
  // The groups rule makes every answer "uncertain"; these tests want certain ones.
  await deleteRule(DEMO_RULES.contractors.id);
  standIn.requests.length = 0;
  warp = fakeWarpFor(dir.dir, {
    vnets: demoFakeVnets(['vnet-Dublin']),
    accountId: standIn.accountId,
  });
});

afterEach(async () => {
  await setup?.agent.stop();
  setup = undefined;
  await traceStandIn.close();
  await standIn.close();
  dir.cleanup();
});

describe('the Cloudflare WARP backend', () => {
  it('lists only the vnets this device may select, with the API names, and the active one', async () => {
    setup = warpAgent(dir.dir, { warp, standIn, verifyUrl: traceStandIn.traceUrl });
    await setup.agent.start();
    const snapshot = await setup.agent.getState({});
    expect(snapshot.status, snapshot.offline?.last_error ?? snapshot.error?.message).toBe(
      'connected',
    );
    expect(snapshot.control_api).toEqual({
      mode: 'cloudflare_warp',
      url: standIn.baseUrl,
      account_id: standIn.accountId,
    });
    expect(snapshot.vnets.map((vnet) => vnet.name)).toEqual([
      'default',
      'vnet-Amsterdam',
      'vnet-London',
      'vnet-US-East',
    ]);
    expect(snapshot.attached_vnet_id).toBe(DEMO_VNETS.default.id);
    expect(snapshot.device?.user_email).toBe('qa@example.com');
    // WARP carries the traffic: the local proxy does not claim to.
    expect(snapshot.proxy.listening).toBe(false);
    expect(snapshot.proxy.error).toContain('WARP client carries the traffic');
    const london = snapshot.vnets.find((vnet) => vnet.name === 'vnet-London');
    expect(london?.preview?.egress.ipv4).toBe('192.0.2.10');
    expect(london?.preview?.decided_by.summary).toContain('Egress London');
    expect(forbiddenRequests(standIn)).toEqual([]);
  });

  it('switches through warp-cli, waits for Connected, explains and verifies', async () => {
    warp.update((state) => {
      state.switch_ms = 300;
    });
    setup = warpAgent(dir.dir, { warp, standIn, verifyUrl: traceStandIn.traceUrl });
    await setup.agent.start();
    const result = await setup.agent.switchVnet({ vnet: 'london' });
    expect(result.egress.vnet_id).toBe(DEMO_VNETS.london.id);
    expect(result.egress.egress.ipv4).toBe('192.0.2.10');
    expect(result.egress.decided_by.rule?.name).toBe('Egress London');
    expect(result.egress.trace?.find((entry) => entry.outcome === 'matched')?.rule.name).toBe(
      'Egress London',
    );
    expect(warp.calls()).toContainEqual(['--accept-tos', '--json', 'vnet', DEMO_VNETS.london.id]);
    expect(warp.read().active_vnet_id).toBe(DEMO_VNETS.london.id);
    const backend = await setup.planes[0]?.backend();
    // The reconnect took the fake's 300 ms, and the switch waited for it.
    expect(backend?.lastSwitch?.connectedMs).toBeGreaterThanOrEqual(300);
    expect(result.duration_ms).toBeGreaterThanOrEqual(300);

    // A different colo is the serving data center, not a mismatch; loc= teaches the country.
    traceStandIn.seen = { ip: '192.0.2.10', colo: 'MAN', loc: 'GB' };
    const verified = await setup.agent.verify({});
    expect(verified.status).toBe('match');
    expect(verified.observed?.colo).toBe('MAN');
    const learned = await until(setup.agent, (s) => s.egress?.egress.country === 'GB');
    expect(learned.egress?.egress.ipv4).toBe('192.0.2.10');

    traceStandIn.seen = { ip: '198.51.100.99', colo: 'LHR', loc: 'GB' };
    const mismatch = await setup.agent.verify({});
    expect(mismatch.status).toBe('mismatch');
    expect(mismatch.message).toContain('expected 192.0.2.10');
    expect(forbiddenRequests(standIn)).toEqual([]);
  });

  it('a later start without flags uses the saved WARP choice and token', async () => {
    setup = warpAgent(dir.dir, { warp, standIn });
    await setup.agent.start();
    await setup.agent.stop();
    setup = warpAgent(dir.dir, { warp, standIn, fromSettings: true });
    await setup.agent.start();
    const snapshot = await setup.agent.getState({});
    expect(snapshot.status, snapshot.error?.message).toBe('connected');
    expect(snapshot.control_api.mode).toBe('cloudflare_warp');
    expect(snapshot.control_api.account_id).toBe(standIn.accountId);
  });

  it('what-if per destination, and previews per vnet', async () => {
    setup = warpAgent(dir.dir, { warp, standIn });
    await setup.agent.start();
    const here = await setup.agent.whatIf({ destination: { host: 'example.com', port: 443 } });
    expect(here.trace?.length).toBeGreaterThan(0);
    const there = await setup.agent.whatIf({
      destination: { port: 443 },
      vnet_id: 'vnet-Amsterdam',
    });
    expect(there.egress.ipv4).toBe('192.0.2.20');
    expect(forbiddenRequests(standIn)).toEqual([]);
  });

  it("the user labels a dedicated IP: its place shows, and it must be one of the rules' IPs", async () => {
    setup = warpAgent(dir.dir, { warp, standIn });
    await setup.agent.start();
    await setup.agent.switchVnet({ vnet: 'vnet-Amsterdam' });
    await setup.agent.updateSettings({ egress_ip_label: { ipv4: '192.0.2.20', location: 'AMS' } });
    const labelled = await until(setup.agent, (s) => s.egress?.egress.city === 'Amsterdam');
    expect(labelled.egress?.egress).toMatchObject({ colo: 'AMS', country: 'NL' });
    await expect(
      setup.agent.updateSettings({ egress_ip_label: { ipv4: '203.0.113.77', location: 'AMS' } }),
    ).rejects.toThrow(/not one of the account's dedicated egress IPs/);
    await expect(
      setup.agent.updateSettings({ egress_ip_label: { ipv4: '192.0.2.20', location: 'Atlantis' } }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await setup.agent.updateSettings({ egress_ip_label: { ipv4: '192.0.2.20', location: null } });
    await until(setup.agent, (s) => s.egress?.egress.city === null);
  });

  it('follows a vnet changed outside the app, and a disconnect', async () => {
    setup = warpAgent(dir.dir, { warp, standIn });
    await setup.agent.start();
    warp.update((state) => {
      state.active_vnet_id = DEMO_VNETS.amsterdam.id;
    });
    const moved = await until(setup.agent, (s) => s.attached_vnet_id === DEMO_VNETS.amsterdam.id);
    expect(moved.egress?.egress.ipv4).toBe('192.0.2.20');
    warp.update((state) => {
      state.connected = false;
    });
    const down = await until(setup.agent, (s) => s.egress?.egress.kind === 'unavailable');
    expect(down.egress?.fallback.reason).toContain('WARP is not connected');
  });
});
