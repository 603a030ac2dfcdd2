/**
 * The agent measures its vnets' latency on a real control API: vnet-London's LHR gateway is a
 * microsocks behind a relay that waits 150 ms (a far data center), Amsterdam dials from its
 * loopback source address, US-East's IAD has no gateway. The probe target is the control API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import type { ControlApiHandle } from '../../src/control-api/server.js';
import type { HeadlessAgent } from '../../src/main/agent/index.js';
import type { VnetEntry } from '../../src/shared/agent/index.js';
import {
  ADMIN_TOKEN,
  adminClient,
  headless,
  startApi,
  tempHome,
  waitForSnapshot,
} from '../agent/helpers.js';
import { type DelayingRelay, startDelayingRelay } from '../support/data-plane/delaying-relay.js';
import { type PeerProxy, startMicrosocks } from '../support/data-plane/peer-proxies.js';

const INJECTED_MS = 150;
const home = tempHome();
let api: ControlApiHandle;
let h: HeadlessAgent;
let gateway: PeerProxy;
let relay: DelayingRelay;

const byName = (vnets: readonly VnetEntry[], name: string) => {
  const vnet = vnets.find((entry) => entry.name === name);
  if (vnet === undefined) throw new Error(`no ${name}`);
  return vnet;
};

beforeAll(async () => {
  api = await startApi(home.dir);
  gateway = await startMicrosocks({ sourceAddress: '127.0.0.10' });
  relay = await startDelayingRelay({ target: gateway, delayMs: INJECTED_MS });
  const admin = adminClient(api);
  await admin.updateEgressIp(DEMO_EGRESS_IPS.lhr.id, {
    gateway: { proxy_url: `socks5://127.0.0.1:${relay.port}` },
  });
  await admin.updateEgressIp(DEMO_EGRESS_IPS.iad.id, { gateway: null });
  h = await headless(`${home.dir}/agent`, { apiUrl: api.url, token: ADMIN_TOKEN, proxyPort: 0 });
  await waitForSnapshot(h.agent, (s) => s.status === 'connected');
});

afterAll(async () => {
  await h?.stop();
  await api?.close();
  await relay?.close();
  await gateway?.stop();
  home.cleanup();
});

describe('measured latency per vnet', () => {
  it('measure_latency answers each vnet with what its gateway adds over a direct connect', async () => {
    const vnets = await h.agent.measureLatency({});
    const target = `127.0.0.1:${new URL(api.url).port}`;

    const london = byName(vnets, DEMO_VNETS.london.name);
    expect(london.preview?.egress.ipv4).toBe(DEMO_EGRESS_IPS.lhr.ipv4);
    expect(london.gateway_up).toBe(true);
    expect(london.latency?.target).toBe(target);
    expect(london.latency?.gateway_rtt_ms).toBeGreaterThanOrEqual(INJECTED_MS);
    expect(london.latency?.added_ms).toBeGreaterThanOrEqual(INJECTED_MS * 0.8);

    const amsterdam = byName(vnets, DEMO_VNETS.amsterdam.name);
    expect(amsterdam.gateway_up).toBe(true);
    expect(amsterdam.latency?.added_ms).toBeTypeOf('number');
    expect(amsterdam.latency?.added_ms).toBeLessThan(INJECTED_MS / 2);

    const usEast = byName(vnets, DEMO_VNETS.usEast.name);
    expect(usEast.preview?.egress.ipv4).toBe(DEMO_EGRESS_IPS.iad.ipv4);
    expect(usEast.latency?.added_ms).toBeNull();
    expect(usEast.latency?.error).toMatch(/no gateway/);
    expect(usEast.gateway_up).toBeNull();

    // The snapshot every front sees carries the same figures.
    const snapshot = await h.agent.getState();
    expect(byName(snapshot.vnets, DEMO_VNETS.london.name).latency).toEqual(london.latency);
  });

  it('a vnet whose data centers are both down says unknown and its gateway down', async () => {
    const admin = adminClient(api);
    try {
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lhr.id, 'down');
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lcy.id, 'down');
      const snapshot = await waitForSnapshot(
        h.agent,
        (s) => byName(s.vnets, DEMO_VNETS.london.name).preview?.egress.kind === 'unavailable',
      );
      const london = byName(snapshot.vnets, DEMO_VNETS.london.name);
      expect(london.gateway_up).toBe(false);
      expect(london.latency?.added_ms).toBeNull();
      expect(london.latency?.error).toMatch(/no egress/);
    } finally {
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lhr.id, 'healthy');
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lcy.id, 'healthy');
    }
    // Back: measured again from the new config.
    const back = await waitForSnapshot(h.agent, (s) => {
      const london = byName(s.vnets, DEMO_VNETS.london.name);
      return london.gateway_up === true && typeof london.latency?.added_ms === 'number';
    });
    expect(byName(back.vnets, DEMO_VNETS.london.name).latency?.added_ms).toBeGreaterThanOrEqual(
      INJECTED_MS * 0.8,
    );
  });
});
