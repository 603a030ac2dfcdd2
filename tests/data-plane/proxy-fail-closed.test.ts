/**
 * Fail closed: a refused decision answers with its reason and dials nothing; a gateway that fails
 * at dial time is retried once through the rule's declared fallback and never another way; dial
 * failures answer with what failed.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionRecord, LocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import { startLocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import type { RouteConnection, RouteDecision } from '../../src/main/agent/data-plane/route.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { type PeerProxy, startMicrosocks } from '../support/data-plane/peer-proxies.js';
import { freePort } from '../support/data-plane/ports.js';
import {
  connectTunnel,
  curl,
  socksTunnel,
  viaHttpProxy,
} from '../support/data-plane/proxy-clients.js';
import { accept, refuse, testLabel } from '../support/data-plane/route-fixtures.js';

let origin: EchoOrigin;
let proxy: LocalProxy;
let gateway: PeerProxy;
let deadPort: number;
/** A TCP server that counts connections and answers nothing: a gateway that hangs, or a witness. */
let silent: Server;
let silentPort: number;
const silentSockets: Socket[] = [];
const records: ConnectionRecord[] = [];
let route: RouteConnection = () => {
  throw new Error('no route set');
};

const lastRecord = async (): Promise<ConnectionRecord> => {
  await expect.poll(() => records.length).toBeGreaterThan(0);
  return records[records.length - 1] as ConnectionRecord;
};

beforeAll(async () => {
  origin = await startEchoOrigin();
  gateway = await startMicrosocks({ sourceAddress: '127.0.0.31' });
  deadPort = await freePort();
  silent = createServer((socket) => {
    silentSockets.push(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
  proxy = await startLocalProxy({
    port: 0,
    route: (destination, scope) => route(destination, scope),
    limits: { dialTimeoutMs: 1_500 },
    onRecord: (record) => records.push(record),
  });
});

afterAll(async () => {
  await proxy?.close();
  await gateway?.stop();
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  await origin?.close();
});

beforeEach(() => {
  records.length = 0;
  origin.seen.length = 0;
  silentSockets.length = 0;
});

describe('a refused decision', () => {
  const reason = 'both London egress IPs are down and the rule declares no other';
  beforeEach(() => {
    route = () =>
      refuse(reason, { rule: { id: 'r-lon', name: 'London QA → London', precedence: 10 } });
  });

  it('answers an absolute-URI request 502 with the reason as text and headers naming the rule', async () => {
    const result = await curl(['-i', '-x', proxy.url, origin.url('/whoami')]);
    expect(result.stdout).toMatch(/^HTTP\/1\.1 502 Bad Gateway/);
    expect(result.stdout).toMatch(/content-type: text\/plain/i);
    expect(result.stdout).toContain(`X-Egress-Refused: ${reason}`);
    // Header values are ASCII: the arrow is escaped, the name still readable.
    expect(result.stdout).toContain('X-Egress-Rule: London QA %E2%86%92 London');
    expect(result.stdout).toContain(`Refused by the egress policy: ${reason}`);
    expect(origin.seen).toEqual([]);
    expect(await lastRecord()).toMatchObject({ outcome: 'refused', reason, front: 'http-forward' });
  });

  it('answers CONNECT 502 with the reason and never opens a tunnel', async () => {
    const tunnel = await connectTunnel(proxy.port, `127.0.0.1:${origin.port}`);
    expect(tunnel.ok).toBe(false);
    if (tunnel.ok) return;
    expect(tunnel.status).toBe(502);
    expect(tunnel.headers['x-egress-refused']).toBe(reason);
    expect(tunnel.body).toContain(reason);
    expect(origin.seen).toEqual([]);
    expect(await lastRecord()).toMatchObject({ outcome: 'refused', front: 'http-connect' });
  });

  it('answers SOCKS5 with reply 0x02 (not allowed by ruleset), to curl and to Node', async () => {
    const viaCurl = await curl([
      '--socks5-hostname',
      `127.0.0.1:${proxy.port}`,
      origin.url('/whoami'),
    ]);
    expect(viaCurl.code).not.toBe(0);
    expect(viaCurl.stderr).toMatch(/\(2\)/);
    const viaNode = await socksTunnel(proxy.port, 'example.com', 443);
    expect(viaNode).toEqual({ ok: false, reply: 'NotAllowed' });
    expect(origin.seen).toEqual([]);
    expect(await lastRecord()).toMatchObject({ outcome: 'refused', front: 'socks5', reason });
  });

  it('a decision that throws refuses the connection (label null) instead of sending it direct', async () => {
    route = () => {
      throw new Error('config not compiled yet');
    };
    const answer = await viaHttpProxy(proxy.port, origin.url('/whoami'));
    expect(answer.status).toBe(502);
    expect(answer.body.toString()).toContain('the egress decision failed: config not compiled yet');
    expect(origin.seen).toEqual([]);
    expect(await lastRecord()).toMatchObject({ outcome: 'refused', label: null });
  });
});

describe('a gateway that fails at dial time', () => {
  const fallbackLabel = testLabel({
    egress_ipv4: '203.0.113.99',
    gateway: 'socks5://127.0.0.1 (LCY)',
  });

  it('is retried once through the declared fallback, and the record says so', async () => {
    route = () =>
      accept(
        { kind: 'socks5', host: '127.0.0.1', port: deadPort },
        {
          fallback: {
            upstream: { kind: 'socks5', host: gateway.host, port: gateway.port },
            label: fallbackLabel,
          },
        },
      );
    const answer = await viaHttpProxy(proxy.port, origin.url('/whoami'));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString()).address).toBe('127.0.0.31');
    const record = await lastRecord();
    expect(record).toMatchObject({ outcome: 'ok', used_fallback: true, label: fallbackLabel });
    expect(record.reason).toContain(`SOCKS5 gateway 127.0.0.1:${deadPort}`);
  });

  it('an HTTP gateway that is down falls back the same way through CONNECT', async () => {
    route = () =>
      accept(
        { kind: 'http', host: '127.0.0.1', port: deadPort },
        {
          fallback: {
            upstream: { kind: 'direct', localAddress: '127.0.0.32' },
            label: fallbackLabel,
          },
        },
      );
    const result = await curl(['-p', '-x', proxy.url, origin.url('/whoami')]);
    expect(JSON.parse(result.stdout).address).toBe('127.0.0.32');
    expect(await lastRecord()).toMatchObject({
      outcome: 'ok',
      used_fallback: true,
      front: 'http-connect',
    });
  });

  it('without a declared fallback fails with the reason: HTTP 502, SOCKS5 0x05', async () => {
    route = () => accept({ kind: 'socks5', host: '127.0.0.1', port: deadPort });
    const answer = await viaHttpProxy(proxy.port, origin.url('/whoami'));
    expect(answer.status).toBe(502);
    expect(answer.headers['x-egress-error']).toBe('refused');
    expect(answer.body.toString()).toContain(`SOCKS5 gateway 127.0.0.1:${deadPort}`);
    expect(await socksTunnel(proxy.port, '127.0.0.1', origin.port)).toEqual({
      ok: false,
      reply: 'ConnectionRefused',
    });
    expect(origin.seen).toEqual([]);
    expect(await lastRecord()).toMatchObject({ outcome: 'failed', used_fallback: false });
  });

  it('when the fallback fails too, says both and stops there', async () => {
    route = () =>
      accept(
        { kind: 'socks5', host: '127.0.0.1', port: deadPort },
        {
          fallback: {
            upstream: { kind: 'http', host: '127.0.0.1', port: deadPort },
            label: fallbackLabel,
          },
        },
      );
    const answer = await viaHttpProxy(proxy.port, origin.url('/whoami'));
    expect(answer.status).toBe(502);
    expect(answer.body.toString()).toContain("the rule's fallback failed too");
    const record = await lastRecord();
    expect(record).toMatchObject({ outcome: 'failed', used_fallback: true });
  });

  it('a gateway that answers but cannot reach the destination is not a gateway failure: no fallback', async () => {
    route = () =>
      accept(
        { kind: 'socks5', host: gateway.host, port: gateway.port },
        {
          fallback: {
            upstream: { kind: 'http', host: '127.0.0.1', port: silentPort },
            label: fallbackLabel,
          },
        },
      );
    const reply = await socksTunnel(proxy.port, '127.0.0.1', deadPort);
    expect(reply).toEqual({ ok: false, reply: 'ConnectionRefused' });
    const record = await lastRecord();
    expect(record).toMatchObject({ outcome: 'failed', used_fallback: false });
    expect(silentSockets).toHaveLength(0);
  });
});

describe('dial failures', () => {
  it('a direct dial to a closed port: HTTP 502 "refused", SOCKS5 0x05', async () => {
    route = () => accept({ kind: 'direct', localAddress: '127.0.0.33' });
    const answer = await viaHttpProxy(proxy.port, `http://127.0.0.1:${deadPort}/`);
    expect(answer.status).toBe(502);
    expect(answer.headers['x-egress-error']).toBe('refused');
    expect(answer.body.toString()).toMatch(/ECONNREFUSED/);
    expect(await socksTunnel(proxy.port, '127.0.0.1', deadPort)).toEqual({
      ok: false,
      reply: 'ConnectionRefused',
    });
  });

  it('a gateway that accepts and never answers: HTTP 504 after the dial timeout, SOCKS5 0x04', async () => {
    route = (): RouteDecision => accept({ kind: 'http', host: '127.0.0.1', port: silentPort });
    const tunnel = await connectTunnel(proxy.port, `127.0.0.1:${origin.port}`);
    expect(tunnel.ok).toBe(false);
    if (tunnel.ok) return;
    expect(tunnel.status).toBe(504);
    expect(tunnel.headers['x-egress-error']).toBe('timeout');
    route = (): RouteDecision => accept({ kind: 'socks5', host: '127.0.0.1', port: silentPort });
    expect(await socksTunnel(proxy.port, '127.0.0.1', origin.port)).toEqual({
      ok: false,
      reply: 'HostUnreachable',
    });
    expect(origin.seen).toEqual([]);
  });
});
