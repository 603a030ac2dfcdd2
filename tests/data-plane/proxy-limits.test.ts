/**
 * Limits and bad input on the proxy port: the connection cap refuses clearly, garbage, oversized
 * or slow handshakes and invalid CONNECT targets get an error — and a transfer already under way
 * carries on untouched.
 */
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalProxy, startLocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import type { Destination } from '../../src/main/agent/data-plane/route.js';
import {
  type EchoOrigin,
  expectedBytesSha256,
  startEchoOrigin,
} from '../support/data-plane/echo-origin.js';
import {
  connectTunnel,
  rawExchange,
  socksTunnel,
  viaHttpProxy,
} from '../support/data-plane/proxy-clients.js';
import { accept } from '../support/data-plane/route-fixtures.js';

let origin: EchoOrigin;
const asked: Destination[] = [];
const route = (destination: Destination) => {
  asked.push(destination);
  return accept({ kind: 'direct' });
};
const opened: Socket[] = [];
const proxies: LocalProxy[] = [];

async function proxyWith(
  limits: Parameters<typeof startLocalProxy>[0]['limits'] = {},
): Promise<LocalProxy> {
  const proxy = await startLocalProxy({ port: 0, route, limits });
  proxies.push(proxy);
  return proxy;
}

function hold(port: number, bytes?: string): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      if (bytes !== undefined) socket.write(bytes);
      resolve(socket);
    });
    socket.on('error', () => {});
    opened.push(socket);
  });
}

beforeAll(async () => {
  origin = await startEchoOrigin();
});
afterEach(() => {
  for (const socket of opened.splice(0)) socket.destroy();
  asked.length = 0;
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await origin?.close();
});

describe('the connection cap', () => {
  it('refuses beyond it with a reason (HTTP 503, SOCKS5 general failure) and serves again below it', async () => {
    const proxy = await proxyWith({ maxConnections: 3 });
    const held = [await hold(proxy.port), await hold(proxy.port), await hold(proxy.port)];
    await expect.poll(() => proxy.counters().open_sockets).toBe(3);
    const refused = await viaHttpProxy(proxy.port, origin.url('/whoami'));
    expect(refused.status).toBe(503);
    expect(refused.headers['x-egress-error']).toBe('over-capacity');
    expect(refused.body.toString()).toContain('limit of 3 open connections');
    expect(await socksTunnel(proxy.port, '127.0.0.1', origin.port)).toEqual({
      ok: false,
      reply: 'Failure',
    });
    expect(asked).toEqual([]);
    expect(proxy.counters().over_capacity).toBe(2);
    held[0]?.destroy();
    await expect.poll(() => proxy.counters().open_sockets).toBe(2);
    expect((await viaHttpProxy(proxy.port, origin.url('/whoami'))).status).toBe(200);
  });
});

describe('bad input gets an error and costs nothing else', () => {
  let proxy: LocalProxy;
  beforeAll(async () => {
    proxy = await proxyWith({ handshakeTimeoutMs: 400 });
  });

  it('while a 64 MiB download runs through a tunnel, garbage, oversized and invalid requests are answered', async () => {
    const tunnel = await connectTunnel(proxy.port, `127.0.0.1:${origin.port}`);
    if (!tunnel.ok) throw new Error(tunnel.body);
    const size = 64 * 1024 * 1024;
    const hash = createHash('sha256');
    let received = 0;
    let headEnd = -1;
    let head = Buffer.alloc(0);
    const downloaded = new Promise<void>((resolve) => {
      tunnel.socket.on('data', (chunk: Buffer) => {
        if (headEnd < 0) {
          head = Buffer.concat([head, chunk]);
          headEnd = head.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          chunk = head.subarray(headEnd + 4);
        }
        hash.update(chunk);
        received += chunk.length;
        if (received >= size) resolve();
      });
    });
    // The client stops reading: the transfer stays under way, held by backpressure, during the checks.
    tunnel.socket.pause();
    tunnel.socket.write(`GET /bytes?n=${size}&seed=7 HTTP/1.1\r\nHost: origin\r\n\r\n`);
    const garbage = await rawExchange(
      proxy.port,
      Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0xff, 0xfe]),
    );
    expect(garbage.toString()).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(garbage.toString()).toContain('not an HTTP proxy request');
    const oversized = await rawExchange(
      proxy.port,
      `GET ${origin.url('/whoami')} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(oversized.toString()).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large/);
    expect(oversized.toString()).toContain('larger than 16384 bytes');
    for (const target of [
      'bad_host!:443',
      'example.com',
      '999.1.1.1:80',
      'example.com:70000',
      '[zz::1]:443',
    ]) {
      const answer = await rawExchange(
        proxy.port,
        `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`,
      );
      expect(answer.toString(), target).toMatch(/^HTTP\/1\.1 400 Bad Request/);
      expect(answer.toString(), target).toContain('CONNECT needs host:port');
    }
    const originForm = await rawExchange(proxy.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(originForm.toString()).toContain('this is a proxy: send an absolute URI');
    const socks4 = await rawExchange(proxy.port, Buffer.from([4, 1, 0, 80, 127, 0, 0, 1, 0]));
    expect([...socks4]).toEqual([0, 0x5b, 0, 0, 0, 0, 0, 0]);
    const userPassOnly = await rawExchange(proxy.port, Buffer.from([5, 1, 2]), false);
    expect([...userPassOnly]).toEqual([5, 0xff]);
    expect(asked).toEqual([
      { host: '127.0.0.1', port: origin.port, ip: '127.0.0.1', protocol: 'tcp' },
    ]);

    expect(received).toBeLessThan(size);
    tunnel.socket.resume();
    await downloaded;
    expect(received).toBe(size);
    expect(hash.digest('hex')).toBe(expectedBytesSha256(size, 7));
    tunnel.socket.destroy();
  });

  it('a handshake that stalls is answered 408 (HTTP) or closed (nothing sent, partial SOCKS5)', async () => {
    const before = proxy.counters().bad_input;
    const slowHttp = await rawExchange(
      proxy.port,
      `GET ${origin.url('/whoami')} HTTP/1.1\r\nHost: x\r\n`,
      false,
    );
    expect(slowHttp.toString()).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    const silent = await hold(proxy.port);
    const partialSocks = await hold(proxy.port, '\x05\x01');
    await Promise.all(
      [silent, partialSocks].map(
        (socket) => new Promise((resolve) => socket.once('close', resolve)),
      ),
    );
    expect(proxy.counters().bad_input - before).toBe(3);
    expect(asked).toEqual([]);
  });
});

describe('the idle timeout', () => {
  it('closes a tunnel with no traffic either way, and the record says why', async () => {
    const records: import('../../src/main/agent/data-plane/proxy/index.js').ConnectionRecord[] = [];
    const proxy = await startLocalProxy({
      port: 0,
      route,
      limits: { idleTimeoutMs: 300 },
      onRecord: (record) => records.push(record),
    });
    proxies.push(proxy);
    const tunnel = await socksTunnel(proxy.port, '127.0.0.1', origin.port);
    if (!tunnel.ok) throw new Error(tunnel.reply);
    await new Promise((resolve) => tunnel.socket.once('close', resolve));
    await expect.poll(() => records.length).toBe(1);
    expect(records[0]).toMatchObject({
      outcome: 'ok',
      reason: 'no traffic for 300 ms (idle timeout)',
    });
  });
});

describe('peers', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal);

  it.skipIf(external === undefined)(
    'a peer that is not on loopback is refused without an answer',
    async () => {
      const proxy = await startLocalProxy({ host: '0.0.0.0', port: 0, route });
      proxies.push(proxy);
      const answer = await new Promise<Buffer>((resolve) => {
        const socket = connect({
          host: external?.address ?? '',
          port: proxy.port,
          localAddress: external?.address,
        });
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('error', () => {});
        socket.on('close', () => resolve(Buffer.concat(chunks)));
        socket.write(`GET ${origin.url('/whoami')} HTTP/1.1\r\nHost: x\r\n\r\n`);
      });
      expect(answer.length).toBe(0);
      expect(proxy.counters().not_loopback).toBe(1);
      expect(asked).toEqual([]);
    },
  );
});
