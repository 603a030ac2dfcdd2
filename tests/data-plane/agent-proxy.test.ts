import { Agent as HttpAgent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import type { HeadlessAgent } from '../../src/main/agent/index.js';
import { headless, tempHome, waitForSnapshot } from '../agent/helpers.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { curl, viaHttpProxy } from '../support/data-plane/proxy-clients.js';

/**
 * The embedded default carries traffic: a zero-config agent (the local simulator, whose demo
 * gateways dial from 127.0.0.N) plus an origin on loopback. What the origin sees is the test.
 */

const home = tempHome();
let h: HeadlessAgent;
let origin: EchoOrigin;
let proxyPort: number;

function whoami(body: string | Buffer): string {
  return (JSON.parse(body.toString()) as { address: string }).address;
}

async function curlWhoami(): Promise<string> {
  const result = await curl(['-x', `http://127.0.0.1:${proxyPort}`, origin.url('/whoami')]);
  expect(result.stderr).toBe('');
  return whoami(result.stdout);
}

beforeAll(async () => {
  origin = await startEchoOrigin();
  h = await headless(`${home.dir}/agent`, { localSimulator: true, proxyPort: 0 });
  const ready = await waitForSnapshot(
    h.agent,
    (snapshot) => snapshot.status === 'connected' && snapshot.proxy.listening,
  );
  proxyPort = Number(ready.proxy.address.split(':').pop());
});

afterAll(async () => {
  await h?.stop();
  await origin?.close();
  home.cleanup();
});

describe('the agent’s local proxy on the local simulator', () => {
  it('puts its bound address in the snapshot', async () => {
    const { proxy } = await h.agent.getState();
    expect(proxy).toEqual({ address: `127.0.0.1:${proxyPort}`, listening: true, error: null });
    expect(proxyPort).toBeGreaterThan(0);
  });

  it('a destination sees a different source address per vnet after switching', async () => {
    await h.agent.switchVnet({ vnet: 'vnet-London' });
    expect(await curlWhoami()).toBe('127.0.0.10');
    await h.agent.switchVnet({ vnet: 'vnet-Amsterdam' });
    expect(await curlWhoami()).toBe('127.0.0.20');
    await h.agent.switchVnet({ vnet: 'vnet-US-East' });
    expect(await curlWhoami()).toBe('127.0.0.40');
  });

  it('logs each connection with its vnet, rule, egress and gateway', async () => {
    await h.agent.switchVnet({ vnet: 'vnet-London' });
    await curlWhoami();
    const [latest] = await h.agent.getConnections({ limit: 1 });
    expect(latest).toMatchObject({
      destination: { host: '127.0.0.1', port: origin.port, protocol: 'tcp' },
      outcome: 'ok',
      label: {
        vnet_id: DEMO_VNETS.london.id,
        vnet_name: 'vnet-London',
        rule: { name: 'Egress London' },
        egress_ipv4: DEMO_EGRESS_IPS.lhr.ipv4,
        egress_kind: 'dedicated',
        gateway: 'source 127.0.0.10',
      },
    });
    expect(latest?.bytes_down).toBeGreaterThan(0);
    const refused = await h.agent.getConnections({ outcome: 'refused' });
    expect(refused.every((entry) => entry.outcome === 'refused')).toBe(true);
  });

  it('closes a keep-alive connection on a switch; the next request arrives from the new address', async () => {
    await h.agent.switchVnet({ vnet: 'vnet-London' });
    const pool = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await viaHttpProxy(proxyPort, origin.url('/whoami'), { agent: pool });
      expect(whoami(first.body)).toBe('127.0.0.10');
      const [socket] = Object.values(pool.freeSockets).flat();
      expect(socket).toBeDefined();
      const closed = new Promise<void>((resolve) => socket?.once('close', () => resolve()));
      await h.agent.switchVnet({ vnet: 'vnet-Amsterdam' });
      await closed;
      const second = await viaHttpProxy(proxyPort, origin.url('/whoami'), { agent: pool });
      expect(whoami(second.body)).toBe('127.0.0.20');
    } finally {
      pool.destroy();
    }
  });

  it('keeps open connections on a switch when the setting says so', async () => {
    await h.agent.updateSettings({ keep_connections_on_switch: true });
    const pool = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    try {
      await h.agent.switchVnet({ vnet: 'vnet-London' });
      const first = await viaHttpProxy(proxyPort, origin.url('/whoami'), { agent: pool });
      expect(whoami(first.body)).toBe('127.0.0.10');
      await h.agent.switchVnet({ vnet: 'vnet-Amsterdam' });
      const [socket] = Object.values(pool.freeSockets).flat();
      expect(socket?.destroyed).toBe(false);
      // New connections take the new egress at once.
      expect(await curlWhoami()).toBe('127.0.0.20');
    } finally {
      pool.destroy();
      await h.agent.updateSettings({ keep_connections_on_switch: false });
    }
  });

  it('verifies through the proxy: the trace sees the resolved egress', async () => {
    const result = await h.agent.switchVnet({ vnet: 'vnet-London', verify: true });
    expect(result.verification).toMatchObject({
      status: 'match',
      expected: { ipv4: DEMO_EGRESS_IPS.lhr.ipv4 },
      observed: { ip: DEMO_EGRESS_IPS.lhr.ipv4 },
      via: { proxy: `127.0.0.1:${proxyPort}` },
    });
    expect(result.verification?.via?.url).toMatch(/\/cdn-cgi\/trace$/);
  });
});
