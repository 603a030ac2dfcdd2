import { execFile } from 'node:child_process';
import { createServer, Agent as HttpAgent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import type { HeadlessAgent } from '../../src/main/agent/index.js';
import { createSocketFetch, serveLocalApi } from '../../src/main/agent/local-api/index.js';
import { ConnectionEntry } from '../../src/shared/agent/index.js';
import {
  headless,
  proxyPortOf,
  tempHome,
  waitForProxyPort,
  waitForSnapshot,
} from '../agent/helpers.js';
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

async function curlWhoami(port = proxyPort): Promise<string> {
  const result = await curl(['-x', `http://127.0.0.1:${port}`, origin.url('/whoami')]);
  expect(result.stderr).toBe('');
  return whoami(result.stdout);
}

beforeAll(async () => {
  origin = await startEchoOrigin();
  h = await headless(`${home.dir}/agent`, { localSimulator: true, proxyPort: 0 });
  proxyPort = await waitForProxyPort(h.agent);
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
      expect(socket?.destroyed).toBe(false);
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

  it('Node with NODE_USE_ENV_PROXY=1: fetch and http.get both go through it', async () => {
    await h.agent.switchVnet({ vnet: 'vnet-Amsterdam' });
    const script = `
      const url = process.argv[1];
      const viaFetch = await (await fetch(url)).json();
      const http = await import('node:http');
      const viaHttp = await new Promise((resolve, reject) => {
        http.get(url, (res) => {
          let body = '';
          res.on('data', (chunk) => { body += chunk; });
          res.on('end', () => resolve(JSON.parse(body)));
        }).on('error', reject);
      });
      console.log(JSON.stringify([viaFetch.address, viaHttp.address]));
    `;
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script, origin.url('/whoami')],
        {
          timeout: 15_000,
          env: {
            ...process.env,
            NODE_USE_ENV_PROXY: '1',
            HTTP_PROXY: `http://127.0.0.1:${proxyPort}`,
            NO_PROXY: '',
          },
        },
        (error, stdout, stderr) =>
          error ? reject(new Error(stderr || error.message)) : resolve(stdout),
      );
    });
    expect(JSON.parse(out)).toEqual(['127.0.0.20', '127.0.0.20']);
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

/** An icanhazip-like destination: answers the address it saw, nothing else. */
async function plainAddressServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.end(`${req.socket.remoteAddress?.replace(/^::ffff:/, '')}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('verify with another verify URL (a plain-address answer)', () => {
  it('reports a mismatch naming both addresses when the destination sees another one', async () => {
    const plain = await plainAddressServer();
    try {
      await h.agent.updateSettings({ verify_url: plain.url });
      await h.agent.switchVnet({ vnet: 'vnet-London' });
      const verification = await h.agent.verify({});
      // The demo's egress IPs are documentation addresses: only the control API's trace maps
      // the loopback source back; a plain destination sees the gateway's own address.
      expect(verification).toMatchObject({
        status: 'mismatch',
        expected: { ipv4: DEMO_EGRESS_IPS.lhr.ipv4 },
        observed: { ip: '127.0.0.10', colo: '', loc: '', vnet: null },
        via: { url: plain.url, proxy: `127.0.0.1:${proxyPort}` },
      });
      expect(verification.message).toContain(DEMO_EGRESS_IPS.lhr.ipv4);
      expect(verification.message).toContain('127.0.0.10');
    } finally {
      await h.agent.updateSettings({ verify_url: null });
      plain.server.close();
    }
  });
});

describe('the connection log on the LocalAPI', () => {
  it('answers GET /v1/connections with filters and streams connection events on request', async () => {
    const socketPath = `${home.dir}/agent.sock`;
    const api = await serveLocalApi(h.agent, { socketPath });
    const controller = new AbortController();
    try {
      const socketFetch = createSocketFetch(socketPath);
      const events = await socketFetch('http://agent.local/v1/events?connections=true', {
        signal: controller.signal,
      });
      const reader = events.body?.getReader();
      if (!reader) throw new Error('no event stream');
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (pattern: RegExp) => {
        while (!pattern.test(text)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`the stream ended: ${text}`);
          text += decoder.decode(value);
        }
      };
      // Once the stream has sent its first snapshot it is subscribed to connections too.
      await readUntil(/event: state/);
      await curlWhoami();
      await readUntil(/event: connection\ndata: .*\n\n/);
      const data = /event: connection\ndata: (.*)\n\n/.exec(text)?.[1] ?? '';
      const streamed = ConnectionEntry.parse(JSON.parse(data));
      expect(streamed.destination.port).toBe(origin.port);

      const answer = await socketFetch(
        `http://agent.local/v1/connections?host=127.0.0.1&outcome=ok&limit=2`,
        {},
      );
      const listed = ConnectionEntry.array().parse(JSON.parse(await answer.text()));
      expect(listed).toHaveLength(2);
      expect(listed[0]?.id).toBeGreaterThan(listed[1]?.id ?? Infinity);
      expect(listed.some((entry) => entry.id === streamed.id)).toBe(true);
      const invalid = await socketFetch('http://agent.local/v1/connections?limit=0', {});
      expect(invalid.status).toBe(400);
    } finally {
      controller.abort();
      await api.close();
    }
  });
});

describe('more agents on the same machine', () => {
  it('a taken port is reported in the snapshot and the agent keeps running; a new port works', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const second = await headless(`${home.dir}/second`, { localSimulator: true, proxyPort: port });
    try {
      const snapshot = await waitForSnapshot(
        second.agent,
        (s) => s.status === 'connected' && s.proxy.error !== null,
      );
      expect(snapshot.proxy).toMatchObject({ address: `127.0.0.1:${port}`, listening: false });
      expect(snapshot.proxy.error).toMatch(/127\.0\.0\.1:\d+: the port is in use.*--proxy-port/);
      expect((await second.agent.verify({})).message).toMatch(/local proxy is not listening/);
      await second.agent.updateSettings({ proxy_port: 0 });
      const moved = await second.agent.getState();
      expect(moved.proxy.listening).toBe(true);
      expect(moved.settings.proxy_port).toBe(0);
      expect(await curlWhoami(proxyPortOf(moved))).toMatch(/^127\.0\.0\./);
    } finally {
      await second.stop();
      taken.close();
    }
  });

  it('a contractor leaves through the shared egress: direct, from the machine itself', async () => {
    const contractor = await headless(`${home.dir}/contractor`, {
      localSimulator: true,
      userEmail: 'contractor@example.com',
    });
    try {
      const port = await waitForProxyPort(contractor.agent);
      await contractor.agent.switchVnet({ vnet: 'vnet-London' });
      expect(await curlWhoami(port)).toBe('127.0.0.1');
      const [entry] = await contractor.agent.getConnections({ limit: 1 });
      expect(entry?.label).toMatchObject({
        egress_kind: 'shared',
        egress_ipv4: null,
        gateway: 'direct',
        rule: { name: 'Contractors use the shared egress' },
      });
    } finally {
      await contractor.stop();
    }
  });
});
