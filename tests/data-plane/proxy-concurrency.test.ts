/**
 * Many transfers at once through every kind of gateway arrive intact; open connections are
 * listed, and the ones whose egress changes are closed on request (a vnet switch) while the
 * others stay.
 */
import { createHash } from 'node:crypto';
import { Agent } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRecord, LocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import { startLocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import type {
  Destination,
  RouteDecision,
  Upstream,
} from '../../src/main/agent/data-plane/route.js';
import {
  type EchoOrigin,
  expectedBytesSha256,
  startEchoOrigin,
} from '../support/data-plane/echo-origin.js';
import {
  type PeerProxy,
  startMicrosocks,
  startTinyproxy,
} from '../support/data-plane/peer-proxies.js';
import {
  connectTunnel,
  httpOverSocket,
  socksTunnel,
  viaHttpProxy,
} from '../support/data-plane/proxy-clients.js';
import { accept, testLabel } from '../support/data-plane/route-fixtures.js';

let origin: EchoOrigin;
let proxy: LocalProxy;
let socksGateway: PeerProxy;
let httpGateway: PeerProxy;
const records: ConnectionRecord[] = [];
let decide: (destination: Destination) => RouteDecision = () => accept({ kind: 'direct' });

beforeAll(async () => {
  origin = await startEchoOrigin();
  socksGateway = await startMicrosocks({ sourceAddress: '127.0.0.51' });
  httpGateway = await startTinyproxy({ sourceAddress: '127.0.0.52' });
  proxy = await startLocalProxy({
    port: 0,
    route: (destination) => decide(destination),
    onRecord: (record) => records.push(record),
  });
});

afterAll(async () => {
  await proxy?.close();
  await socksGateway?.stop();
  await httpGateway?.stop();
  await origin?.close();
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('200 concurrent transfers', () => {
  it('arrive intact (sha256) through SOCKS5, CONNECT and absolute-URI fronts and three gateway kinds', async () => {
    const upstreams: Upstream[] = [
      { kind: 'socks5', host: socksGateway.host, port: socksGateway.port },
      { kind: 'http', host: httpGateway.host, port: httpGateway.port },
      { kind: 'direct', localAddress: '127.0.0.53' },
    ];
    // The decision picks the gateway from the port the client asked for… all the same origin here,
    // so the transfer's index rides in the path and the gateway rotates per front instead.
    let turn = 0;
    decide = () => accept(upstreams[turn++ % upstreams.length] as Upstream);
    const transfers = Array.from({ length: 200 }, async (_, i) => {
      const size = 60_000 + i * 997;
      const path = `/bytes?n=${size}&seed=${i}`;
      let body: Buffer;
      if (i % 4 === 3) {
        // An upload: the origin echoes it back.
        const upload = Buffer.alloc(size, i % 251);
        const answer = await viaHttpProxy(proxy.port, origin.url('/echo'), {
          method: 'POST',
          body: upload,
        });
        expect(answer.headers['x-body-sha256']).toBe(sha256(upload));
        expect(sha256(answer.body)).toBe(sha256(upload));
        return;
      }
      if (i % 4 === 0) {
        const tunnel = await socksTunnel(proxy.port, '127.0.0.1', origin.port);
        if (!tunnel.ok) throw new Error(tunnel.reply);
        body = (await httpOverSocket(tunnel.socket, origin.url(path))).body;
        tunnel.socket.destroy();
      } else if (i % 4 === 1) {
        const tunnel = await connectTunnel(proxy.port, `127.0.0.1:${origin.port}`);
        if (!tunnel.ok) throw new Error(tunnel.body);
        body = (await httpOverSocket(tunnel.socket, origin.url(path))).body;
        tunnel.socket.destroy();
      } else {
        body = (await viaHttpProxy(proxy.port, origin.url(path))).body;
      }
      expect(body.length).toBe(size);
      expect(sha256(body)).toBe(expectedBytesSha256(size, i));
    });
    await Promise.all(transfers);
    await expect.poll(() => proxy.counters().open_sockets).toBe(0);
    const counters = proxy.counters();
    expect(counters.failed).toBe(0);
    expect(counters.ok).toBeGreaterThanOrEqual(200);
    // A bound for a loaded machine (tests run in parallel on two cores), not a speed claim.
  }, 120_000);
});

function onClose(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

describe('closing open connections', () => {
  const london = testLabel({ vnet_id: 'vnet-London', egress_ipv4: '203.0.113.61' });
  const amsterdam = testLabel({ vnet_id: 'vnet-Amsterdam', egress_ipv4: '203.0.113.62' });
  const viaLondon = (): RouteDecision => ({
    ok: true,
    upstream: { kind: 'direct', localAddress: '127.0.0.61' },
    label: london,
  });
  const viaAmsterdam = (): RouteDecision => ({
    ok: true,
    upstream: { kind: 'direct', localAddress: '127.0.0.62' },
    label: amsterdam,
  });

  it('lists open tunnels with their decision, and closeWhere closes the ones it picks', async () => {
    decide = viaLondon;
    records.length = 0;
    const tunnel = await connectTunnel(proxy.port, `127.0.0.1:${origin.port}`);
    if (!tunnel.ok) throw new Error(tunnel.body);
    // A keep-alive tunnel: one request, then it stays open.
    await httpOverSocket(tunnel.socket, origin.url('/whoami'), {
      headers: { Connection: 'keep-alive' },
    });
    const open = proxy
      .connections()
      .filter((c) => c.front === 'http-connect' && c.label?.vnet_id === 'vnet-London');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      label: london,
      upstream: { kind: 'direct', localAddress: '127.0.0.61' },
    });
    expect(open[0]?.bytes_down).toBeGreaterThan(0);
    const closed = onClose(tunnel.socket);
    expect(proxy.closeWhere((c) => c.label?.vnet_id === 'vnet-Amsterdam')).toBe(0);
    expect(proxy.closeWhere((c) => c.label?.vnet_id === 'vnet-London', 'test says so')).toBe(1);
    await closed;
    await expect.poll(() => records.length).toBe(1);
    expect(records[0]).toMatchObject({
      front: 'http-connect',
      outcome: 'ok',
      reason: 'test says so',
    });
  });

  it('reconsider closes an idle keep-alive client whose egress moved; its next request leaves the new way', async () => {
    decide = viaLondon;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await viaHttpProxy(proxy.port, origin.url('/whoami'), { agent });
    expect(JSON.parse(first.body.toString()).address).toBe('127.0.0.61');
    const clientSocket = Object.values(agent.freeSockets).flat()[0];
    if (clientSocket === undefined) throw new Error('the agent kept no socket');
    const closed = onClose(clientSocket);
    expect(proxy.reconsider()).toBe(0);
    decide = viaAmsterdam;
    expect(proxy.reconsider()).toBe(1);
    await closed;
    const second = await viaHttpProxy(proxy.port, origin.url('/whoami'), { agent });
    expect(JSON.parse(second.body.toString()).address).toBe('127.0.0.62');
    agent.destroy();
  });

  it('reconsider closes only the tunnels whose egress changed, and keeps one a fallback still carries', async () => {
    const gatewayDown: Upstream = { kind: 'socks5', host: '127.0.0.1', port: 9 };
    const fallbackLabel = testLabel({ vnet_id: 'vnet-London', egress_ipv4: '203.0.113.63' });
    const londonWithFallback = (): RouteDecision => ({
      ok: true,
      upstream: gatewayDown,
      label: london,
      fallback: { upstream: { kind: 'direct', localAddress: '127.0.0.63' }, label: fallbackLabel },
    });
    decide = (destination) =>
      destination.port === origin.port ? viaLondon() : londonWithFallback();
    const second = await startEchoOrigin();
    try {
      const moving = await socksTunnel(proxy.port, '127.0.0.1', origin.port);
      const staying = await socksTunnel(proxy.port, '127.0.0.1', second.port);
      if (!moving.ok || !staying.ok) throw new Error('tunnel refused');
      const seen = await httpOverSocket(staying.socket, second.url('/whoami'), {
        headers: { Connection: 'keep-alive' },
      });
      expect(JSON.parse(seen.body.toString()).address).toBe('127.0.0.63');
      expect(
        proxy.connections().find((c) => c.destination.port === second.port)?.used_fallback,
      ).toBe(true);
      const closed = onClose(moving.socket);
      // The switch: the first destination now goes through Amsterdam; the second's rule is unchanged.
      decide = (destination) =>
        destination.port === origin.port ? viaAmsterdam() : londonWithFallback();
      expect(proxy.reconsider()).toBe(1);
      await closed;
      expect(staying.socket.destroyed).toBe(false);
      const again = await httpOverSocket(staying.socket, second.url('/whoami'));
      expect(JSON.parse(again.body.toString()).address).toBe('127.0.0.63');
      staying.socket.destroy();
    } finally {
      await second.close();
    }
  });

  it('close() ends every open connection and stops listening', async () => {
    const local = await startLocalProxy({ port: 0, route: () => accept({ kind: 'direct' }) });
    const tunnel = await socksTunnel(local.port, '127.0.0.1', origin.port);
    if (!tunnel.ok) throw new Error(tunnel.reply);
    const closed = onClose(tunnel.socket);
    await local.close();
    await closed;
    const again = await socksTunnel(local.port, '127.0.0.1', origin.port);
    expect(again.ok).toBe(false);
  });
});
