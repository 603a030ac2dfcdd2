/**
 * The local proxy on real loopback topologies: real microsocks and tinyproxy gateways (each bound
 * to a 127.0.0.x source address), a direct dial from a source address, and an echo origin that
 * reports the address it saw. Clients: curl and Node, through both fronts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRecord, LocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import { startLocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import type {
  Destination,
  RouteDecision,
  Upstream,
} from '../../src/main/agent/data-plane/route.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import {
  type PeerProxy,
  startMicrosocks,
  startTinyproxy,
} from '../support/data-plane/peer-proxies.js';
import {
  connectTunnel,
  curl,
  httpOverSocket,
  socksTunnel,
  viaHttpProxy,
} from '../support/data-plane/proxy-clients.js';
import { accept } from '../support/data-plane/route-fixtures.js';

let origin: EchoOrigin;
let proxy: LocalProxy;
const peers: PeerProxy[] = [];
const records: ConnectionRecord[] = [];
const asked: Destination[] = [];
let decision: RouteDecision;
const gateways = new Map<string, { upstream: Upstream; source: string }>();

beforeAll(async () => {
  origin = await startEchoOrigin();
  const socks = await startMicrosocks({ sourceAddress: '127.0.0.21' });
  const socksAuth = await startMicrosocks({
    sourceAddress: '127.0.0.24',
    username: 'qa',
    password: 's3cret',
  });
  const http = await startTinyproxy({ sourceAddress: '127.0.0.22' });
  const httpAuth = await startTinyproxy({
    sourceAddress: '127.0.0.25',
    username: 'qa',
    password: 's3cret',
  });
  peers.push(socks, socksAuth, http, httpAuth);
  gateways.set('SOCKS5 gateway (microsocks)', {
    upstream: { kind: 'socks5', host: socks.host, port: socks.port },
    source: '127.0.0.21',
  });
  gateways.set('SOCKS5 gateway with credentials', {
    upstream: {
      kind: 'socks5',
      host: socksAuth.host,
      port: socksAuth.port,
      username: 'qa',
      password: 's3cret',
    },
    source: '127.0.0.24',
  });
  gateways.set('HTTP CONNECT gateway (tinyproxy)', {
    upstream: { kind: 'http', host: http.host, port: http.port },
    source: '127.0.0.22',
  });
  gateways.set('HTTP gateway with credentials', {
    upstream: {
      kind: 'http',
      host: httpAuth.host,
      port: httpAuth.port,
      username: 'qa',
      password: 's3cret',
    },
    source: '127.0.0.25',
  });
  gateways.set('direct from a source address', {
    upstream: { kind: 'direct', localAddress: '127.0.0.23' },
    source: '127.0.0.23',
  });
  proxy = await startLocalProxy({
    port: 0,
    route: (destination) => {
      asked.push(destination);
      return decision;
    },
    onRecord: (record) => records.push(record),
  });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all(peers.map((peer) => peer.stop()));
  await origin?.close();
});

type Client = (path: string) => Promise<{ status: number; address: string }>;

const clients: Record<string, Client> = {
  'curl -x (absolute URI)': async (path) => {
    const result = await curl(['-x', proxy.url, origin.url(path)]);
    expect(result.stderr).toBe('');
    return { status: 200, address: JSON.parse(result.stdout).address };
  },
  'curl -p -x (CONNECT)': async (path) => {
    const result = await curl(['-p', '-x', proxy.url, origin.url(path)]);
    expect(result.stderr).toBe('');
    return { status: 200, address: JSON.parse(result.stdout).address };
  },
  'curl --socks5-hostname': async (path) => {
    const result = await curl(['--socks5-hostname', `127.0.0.1:${proxy.port}`, origin.url(path)]);
    expect(result.stderr).toBe('');
    return { status: 200, address: JSON.parse(result.stdout).address };
  },
  'Node, absolute URI': async (path) => {
    const answer = await viaHttpProxy(proxy.port, origin.url(path));
    return { status: answer.status, address: JSON.parse(answer.body.toString()).address };
  },
  'Node, CONNECT': async (path) => {
    const tunnel = await connectTunnel(proxy.port, `127.0.0.1:${origin.port}`);
    if (!tunnel.ok) throw new Error(`CONNECT answered ${tunnel.status}: ${tunnel.body}`);
    const answer = await httpOverSocket(tunnel.socket, origin.url(path));
    tunnel.socket.destroy();
    return { status: answer.status, address: JSON.parse(answer.body.toString()).address };
  },
  'Node, SOCKS5': async (path) => {
    const tunnel = await socksTunnel(proxy.port, '127.0.0.1', origin.port);
    if (!tunnel.ok) throw new Error(`SOCKS5 refused: ${tunnel.reply}`);
    const answer = await httpOverSocket(tunnel.socket, origin.url(path));
    tunnel.socket.destroy();
    return { status: answer.status, address: JSON.parse(answer.body.toString()).address };
  },
};

const gatewayNames = [
  'SOCKS5 gateway (microsocks)',
  'SOCKS5 gateway with credentials',
  'HTTP CONNECT gateway (tinyproxy)',
  'HTTP gateway with credentials',
  'direct from a source address',
];

describe.each(gatewayNames)('through a %s', (gatewayName) => {
  it.each(Object.keys(clients))(
    '%s: the origin sees the gateway source address',
    async (clientName) => {
      const gateway = gateways.get(gatewayName);
      const client = clients[clientName];
      if (gateway === undefined || client === undefined) throw new Error('fixture missing');
      decision = accept(gateway.upstream);
      const seen = await client('/whoami');
      expect(seen.status).toBe(200);
      expect(seen.address).toBe(gateway.source);
    },
  );
});

describe('what the decision and the log see', () => {
  it('a SOCKS5 host name reaches the decision unresolved (no ip) and is resolved past the proxy', async () => {
    decision = accept({ kind: 'direct', localAddress: '127.0.0.23' });
    asked.length = 0;
    const result = await curl([
      '--socks5-hostname',
      `127.0.0.1:${proxy.port}`,
      `http://localhost:${origin.port}/whoami`,
    ]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).address).toBe('127.0.0.23');
    expect(asked).toEqual([{ host: 'localhost', port: origin.port, protocol: 'tcp' }]);
  });

  it('an IP literal reaches the decision with ip set', async () => {
    decision = accept({ kind: 'direct' });
    asked.length = 0;
    await viaHttpProxy(proxy.port, origin.url('/whoami'));
    expect(asked).toEqual([
      { host: '127.0.0.1', port: origin.port, ip: '127.0.0.1', protocol: 'tcp' },
    ]);
  });

  it('absolute-URI forwarding strips hop-by-hop and Proxy-* headers and keeps the rest', async () => {
    decision = accept({ kind: 'direct' });
    const answer = await viaHttpProxy(proxy.port, origin.url('/whoami?x=1'), {
      headers: {
        'Proxy-Authorization': 'Basic c2VjcmV0',
        'Proxy-Connection': 'keep-alive',
        Connection: 'X-Private, keep-alive',
        'X-Private': 'hop',
        'X-Kept': 'yes',
      },
    });
    const seen = JSON.parse(answer.body.toString());
    expect(seen.url).toBe('/whoami?x=1');
    expect(seen.headers['x-kept']).toBe('yes');
    expect(seen.headers['x-private']).toBeUndefined();
    expect(seen.headers['proxy-authorization']).toBeUndefined();
    expect(seen.headers['proxy-connection']).toBeUndefined();
    expect(seen.headers.host).toBe(`127.0.0.1:${origin.port}`);
  });

  it('a request body is forwarded intact through an HTTP gateway', async () => {
    const gateway = gateways.get('HTTP gateway with credentials');
    if (gateway === undefined) throw new Error('fixture missing');
    decision = accept(gateway.upstream);
    const body = Buffer.alloc(3 * 1024 * 1024 + 7, 'x');
    const answer = await viaHttpProxy(proxy.port, origin.url('/echo'), { method: 'POST', body });
    expect(answer.status).toBe(200);
    expect(answer.body.equals(body)).toBe(true);
  });

  it('each request on one keep-alive client connection is decided on its own', async () => {
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const socks = gateways.get('SOCKS5 gateway (microsocks)');
    if (socks === undefined) throw new Error('fixture missing');
    decision = accept({ kind: 'direct', localAddress: '127.0.0.23' });
    const first = await viaHttpProxy(proxy.port, origin.url('/whoami'), { agent });
    decision = accept(socks.upstream);
    const second = await viaHttpProxy(proxy.port, origin.url('/whoami'), { agent });
    agent.destroy();
    expect(JSON.parse(first.body.toString()).address).toBe('127.0.0.23');
    expect(JSON.parse(second.body.toString()).address).toBe('127.0.0.21');
  });

  it('records each connection with its front, label, outcome and payload bytes', async () => {
    decision = accept({ kind: 'direct', localAddress: '127.0.0.23' });
    records.length = 0;
    const tunnel = await socksTunnel(proxy.port, '127.0.0.1', origin.port);
    if (!tunnel.ok) throw new Error(tunnel.reply);
    const body = Buffer.alloc(10_000, 'y');
    const answer = await httpOverSocket(tunnel.socket, origin.url('/echo'), {
      method: 'POST',
      body,
    });
    expect(answer.body.length).toBe(10_000);
    const closed = new Promise((resolve) => tunnel.socket.once('close', resolve));
    tunnel.socket.end();
    await closed;
    await expect.poll(() => records.length).toBe(1);
    const [record] = records;
    expect(record).toMatchObject({
      front: 'socks5',
      destination: { host: '127.0.0.1', port: origin.port },
      scope: null,
      outcome: 'ok',
      used_fallback: false,
      label: decision.label,
    });
    // The HTTP request and response heads ride on top of the 10,000 body bytes each way.
    expect(record?.bytes_up).toBeGreaterThan(10_000);
    expect(record?.bytes_up).toBeLessThan(10_400);
    expect(record?.bytes_down).toBeGreaterThan(10_000);
    expect(record?.bytes_down).toBeLessThan(10_400);
  });
});
