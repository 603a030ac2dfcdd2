import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeWarp } from '../support/fake-warp-cli/state.js';
import { tempDir } from '../support/temp-dir.js';
import {
  type CloudflareStandIn,
  DEMO_VNETS,
  demoFakeVnets,
  fakeWarpFor,
  forbiddenRequests,
  startCloudflareStandIn,
  until,
  type WarpAgentSetup,
  warpAgent,
} from './support.js';

let dir: { dir: string; cleanup: () => void };
let standIn: CloudflareStandIn;
let warp: FakeWarp;
let setup: WarpAgentSetup | undefined;

beforeEach(async () => {
  dir = tempDir('warp-errors-');
  standIn = await startCloudflareStandIn(dir.dir);
  warp = fakeWarpFor(dir.dir, { vnets: demoFakeVnets(), accountId: standIn.accountId });
});

afterEach(async () => {
  await setup?.agent.stop();
  setup = undefined;
  await standIn.close();
  dir.cleanup();
});

async function started(options: Partial<Parameters<typeof warpAgent>[1]> = {}) {
  setup = warpAgent(dir.dir, { warp, standIn, ...options });
  await setup.agent.start();
  return setup.agent;
}

describe('WARP backend errors', () => {
  it('warp-cli not installed: an error naming where it looked', async () => {
    const agent = await started({ warpCli: `${dir.dir}/no-such/warp-cli` });
    const snapshot = await agent.getState({});
    expect(snapshot.status).toBe('error');
    expect(snapshot.error?.code).toBe('warp_not_installed');
    expect(snapshot.error?.message).toContain(`${dir.dir}/no-such/warp-cli`);
    await expect(agent.switchVnet({ vnet: 'vnet-London' })).rejects.toMatchObject({
      code: 'not_enrolled',
    });
  });

  it('the daemon not running: offline with the daemon message, and recovers by itself', async () => {
    warp.update((state) => {
      state.daemon_running = false;
    });
    const agent = await started();
    const offline = await agent.getState({});
    expect(offline.status).toBe('offline');
    expect(offline.offline?.last_error).toContain('Unable to connect to the CloudflareWARP daemon');
    warp.update((state) => {
      state.daemon_running = true;
    });
    await until(agent, (s) => s.status === 'connected');
  });

  it('not registered, and terms not accepted: errors that say what to do', async () => {
    warp.update((state) => {
      state.registered = false;
    });
    let agent = await started();
    let snapshot = await agent.getState({});
    expect(snapshot.error?.code).toBe('warp_not_registered');
    expect(snapshot.error?.message).toContain('registration new');
    await agent.stop();

    warp.update((state) => {
      state.registered = true;
      state.tos_accepted = false;
    });
    agent = await started();
    snapshot = await agent.getState({});
    expect(snapshot.error?.code).toBe('warp_tos_not_accepted');
    expect(snapshot.error?.message).toContain('Terms of Service');
    // Reads never accept the terms on the user's behalf.
    expect(warp.read().tos_accepted).toBe(false);
  });

  it('not connected: the egress is unavailable and a switch is refused, saying so', async () => {
    warp.update((state) => {
      state.connected = false;
    });
    const agent = await started();
    const snapshot = await agent.getState({});
    expect(snapshot.status).toBe('connected');
    expect(snapshot.egress?.egress.kind).toBe('unavailable');
    const refused = agent.switchVnet({ vnet: 'vnet-London' });
    await expect(refused).rejects.toMatchObject({ code: 'control_api_error' });
    await expect(refused).rejects.toThrow(/WARP is not connected .*warp-cli connect/);
    expect(warp.read().active_vnet_id).toBe(DEMO_VNETS.default.id);
  });

  it('a vnet the profile no longer allows is refused by name', async () => {
    const agent = await started();
    // The admin narrows the device profile after the agent listed the vnets.
    warp.update((state) => {
      state.vnets = state.vnets.filter((vnet) => vnet.name !== 'vnet-London');
    });
    const refused = agent.switchVnet({ vnet: 'vnet-London' });
    await expect(refused).rejects.toThrow(
      /vnet-London \(.*\) is not allowed by this device's WARP profile/,
    );
  });

  it('any non-Success answer is a refusal that shows what warp-cli said', async () => {
    const agent = await started();
    warp.update((state) => {
      state.vnet_answer = { status: 'Failure', error: 'SettingsLocked: managed by your admin' };
    });
    const refused = agent.switchVnet({ vnet: 'vnet-London' });
    await expect(refused).rejects.toThrow(/SettingsLocked: managed by your admin/);
    const after = await agent.getState({});
    expect(after.attached_vnet_id).toBe(DEMO_VNETS.default.id);
    expect(after.status).toBe('connected');
  });

  it("a token without permission: an error with Cloudflare's envelope and the permissions", async () => {
    standIn.fault = 'refuse_rules';
    const agent = await started();
    const snapshot = await agent.getState({});
    expect(snapshot.error?.code).toBe('cloudflare_token_refused');
    expect(snapshot.error?.message).toContain('10000 Authentication error');
    expect(snapshot.error?.message).toContain('Zero Trust Read');
  });

  it('a token that may not read vnets still works: names come from warp-cli', async () => {
    standIn.fault = 'refuse_vnets';
    const agent = await started();
    const snapshot = await agent.getState({});
    expect(snapshot.status).toBe('connected');
    expect(snapshot.vnets.map((vnet) => vnet.name)).toContain('vnet-London');
  });

  it('the API unreachable: offline with the last egress stale, backoff, recovery', async () => {
    const agent = await started();
    const before = await agent.getState({});
    expect(before.egress?.stale).toBe(false);
    standIn.fault = 'down';
    await agent.refresh({});
    const offline = await until(agent, (s) => s.status === 'offline');
    expect(offline.egress?.stale).toBe(true);
    expect(offline.offline?.last_error).toContain('Cloudflare API');
    await expect(agent.switchVnet({ vnet: 'vnet-London' })).rejects.toMatchObject({
      code: 'control_api_unreachable',
    });
    standIn.fault = 'none';
    const back = await until(agent, (s) => s.status === 'connected' && s.egress?.stale === false);
    expect(back.attached_vnet_id).toBe(DEMO_VNETS.default.id);
    expect(forbiddenRequests(standIn)).toEqual([]);
  });
});
