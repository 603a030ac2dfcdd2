import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RULES } from '../../src/control-api/seed/demo.js';
import { type ControlApiHandle, startControlApi } from '../../src/control-api/server.js';
import type { HeadlessAgent } from '../../src/main/agent/index.js';
import { waitForProxyPort, waitForSnapshot } from '../agent/helpers.js';
import { ADMIN_TOKEN } from '../support/admin-token.js';
import { adminClient, headless } from '../support/agent-stack.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { hasProgram, type PeerProxy, startMicrosocks } from '../support/data-plane/peer-proxies.js';
import { freePort } from '../support/data-plane/ports.js';
import {
  curl,
  httpOverSocket,
  socksTunnel,
  viaHttpProxy,
} from '../support/data-plane/proxy-clients.js';
import { socksRequestRelay, socksRequests } from '../support/netns.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The scenarios of tests/data-plane/netns-scenarios.test.ts that have no loopback version
 * elsewhere, on loopback so they run everywhere microsocks does: three real SOCKS5 gateways
 * (microsocks bound to 127.0.0.51/.52/.53) probed by the control API, an echo origin on
 * 127.0.0.1, and a headless agent. The egress IPs in the control plane are the gateways' source
 * addresses, so what the origin sees is what the control plane resolved.
 *
 * Elsewhere on loopback: a vnet switch, keep-alive closed on a switch and the contractor going
 * direct (agent-proxy.test.ts), concurrent transfers intact (proxy-concurrency.test.ts), garbage,
 * oversized and invalid requests (proxy-limits.test.ts), refusals (proxy-fail-closed.test.ts).
 */

// Loopback aliases beyond 127.0.0.1 need Linux (or Windows); microsocks is Debian's.
const unavailable =
  process.platform !== 'linux'
    ? `needs 127.0.0.0/8 on loopback (this is ${process.platform})`
    : hasProgram('microsocks')
      ? null
      : 'needs microsocks';
if (unavailable !== null) console.warn(`loopback-scenarios: skipped, ${unavailable}`);

/** The SaaS host: a name only a gateway resolves, and the gateways resolve it to the origin. */
const SAAS = 'localhost';
const localhostIsV4 = (() => {
  try {
    const first = execFileSync('getent', ['ahosts', SAAS], { encoding: 'utf8' }).split(/\s/)[0];
    return first === '127.0.0.1';
  } catch {
    return false;
  }
})();
if (unavailable === null && !localhostIsV4)
  console.warn(
    'loopback-scenarios: the SaaS test skipped, localhost does not resolve to 127.0.0.1 first',
  );

type Name = 'lhr' | 'lcy' | 'dub';
const SOURCES: Record<Name, string> = { lhr: '127.0.0.51', lcy: '127.0.0.52', dub: '127.0.0.53' };

const home = tempDir();
let origin: EchoOrigin;
let api: ControlApiHandle;
let h: HeadlessAgent;
let proxyPort: number;
const gateways = new Map<Name, { socks: PeerProxy | undefined; port: number; id: string }>();
let relay: ChildProcess | undefined;
let relayOutput = '';
let dubRelayPort = 0;

function whoami(body: string | Buffer): string {
  return (JSON.parse(body.toString()) as { address: string }).address;
}

async function seenVia(host = '127.0.0.1'): Promise<string> {
  const answer = await viaHttpProxy(proxyPort, `http://${host}:${origin.port}/whoami`);
  expect(answer.status, answer.body.toString()).toBe(200);
  return whoami(answer.body);
}

async function seenViaSocks(host: string): Promise<string> {
  const tunnel = await socksTunnel(proxyPort, host, origin.port);
  if (!tunnel.ok) throw new Error(`SOCKS5 refused: ${tunnel.reply}`);
  try {
    return whoami(
      (await httpOverSocket(tunnel.socket, `http://${host}:${origin.port}/whoami`)).body,
    );
  } finally {
    tunnel.socket.destroy();
  }
}

async function adminCall(method: string, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${api.url}/client/v4/accounts/${api.accountId}/${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const envelope = (await response.json()) as { success: boolean; result: { id: string } };
  if (!envelope.success) throw new Error(`${method} ${path}: ${JSON.stringify(envelope)}`);
  return envelope.result;
}

function gateway(name: Name) {
  const found = gateways.get(name);
  if (found === undefined) throw new Error(`no gateway ${name}`);
  return found;
}

async function stopGateway(name: Name): Promise<void> {
  await gateway(name).socks?.stop();
  gateway(name).socks = undefined;
}

async function startGateway(name: Name): Promise<void> {
  const entry = gateway(name);
  entry.socks = await startMicrosocks({ sourceAddress: SOURCES[name], port: entry.port });
}

const egressIs = (ipv4: string) =>
  waitForSnapshot(h.agent, (s) => s.egress?.egress.ipv4 === ipv4, 15_000);

/** The Dublin gateway's SOCKS5 CONNECTs for the origin (the agent's latency probes aside). */
const dublinToOrigin = () =>
  socksRequests(relayOutput).filter((to) => to.endsWith(`:${origin.port}`));

describe.skipIf(unavailable !== null)('data-plane scenarios on loopback gateways', () => {
  beforeAll(async () => {
    origin = await startEchoOrigin();
    api = await startControlApi({
      db: join(home.dir, 'api.db'),
      port: 0,
      adminToken: ADMIN_TOKEN,
      adminTokenFile: null,
      logLevel: 'silent',
      // A killed gateway refuses at once; the long timeout keeps a busy machine from failing probes.
      probeIntervalMs: 250,
      probeTimeoutMs: 3000,
    });
    for (const [name, colo] of [
      ['lhr', 'LHR'],
      ['lcy', 'LCY'],
      ['dub', 'DUB'],
    ] as const) {
      const socks = await startMicrosocks({ sourceAddress: SOURCES[name] });
      let port = socks.port;
      if (name === 'dub') {
        // Dublin's clients reach it through a relay that records each CONNECT's destination.
        dubRelayPort = await freePort();
        const [command = '', ...args] = socksRequestRelay(
          '127.0.0.1',
          dubRelayPort,
          '127.0.0.1',
          socks.port,
        );
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
        relay = child;
        await new Promise<void>((resolve, reject) => {
          child.stdout?.on('data', (chunk: Buffer) => {
            relayOutput += chunk.toString();
            if (relayOutput.startsWith('listening')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`the relay exited (${code})`)));
        });
        port = dubRelayPort;
      }
      const created = await adminCall('POST', 'gateway/egress_ips', {
        ipv4: SOURCES[name],
        ipv6: '2001:db8:127::/48',
        colo,
        gateway: { proxy_url: `socks5://127.0.0.1:${port}` },
      });
      gateways.set(name, { socks, port: socks.port, id: created.id });
    }
    const london = { ipv4: SOURCES.lhr, ipv4_fallback: SOURCES.lcy };
    await adminCall('PUT', `gateway/rules/${DEMO_RULES.london.id}`, {
      name: DEMO_RULES.london.name,
      action: 'egress',
      traffic: DEMO_RULES.london.traffic,
      rule_settings: { egress: london },
    });
    await adminCall('PUT', `gateway/rules/${DEMO_RULES.dublin.id}`, {
      name: DEMO_RULES.dublin.name,
      action: 'egress',
      traffic: DEMO_RULES.dublin.traffic,
      rule_settings: { egress: { ipv4: SOURCES.dub } },
    });
    await adminCall('POST', 'gateway/rules', {
      name: 'SaaS allowlist via London',
      action: 'egress',
      precedence: 50,
      traffic: `net.fqdn == "${SAAS}"`,
      rule_settings: { egress: london },
    });
    h = await headless(join(home.dir, 'agent'), { apiUrl: api.url, token: ADMIN_TOKEN });
    proxyPort = await waitForProxyPort(h.agent);
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await api?.close();
    for (const entry of gateways.values()) await entry.socks?.stop();
    if (relay?.pid !== undefined && relay.exitCode === null) {
      const exited = new Promise((resolve) => relay?.once('exit', resolve));
      process.kill(relay.pid, 'SIGTERM');
      await exited;
    }
    await origin?.close();
    home.cleanup();
  });

  it.skipIf(!localhostIsV4)(
    'a SaaS allowlist rule sends that host through London whatever the vnet; other hosts not',
    async () => {
      await h.agent.switchVnet({ vnet: 'vnet-Dublin' });
      await egressIs(SOURCES.dub);
      expect(await seenVia(SAAS)).toBe(SOURCES.lhr);
      expect(await seenViaSocks(SAAS)).toBe(SOURCES.lhr);
      expect(await seenVia()).toBe(SOURCES.dub);
      expect(await seenViaSocks('127.0.0.1')).toBe(SOURCES.dub);
      const [entry] = await h.agent.getConnections({ host: SAAS, limit: 1 });
      expect(entry?.label).toMatchObject({
        rule: { name: 'SaaS allowlist via London' },
        egress_ipv4: SOURCES.lhr,
      });
      await h.agent.switchVnet({ vnet: 'vnet-London' });
      await egressIs(SOURCES.lhr);
      expect(await seenVia(SAAS)).toBe(SOURCES.lhr);
      expect(await seenVia()).toBe(SOURCES.lhr);
    },
  );

  it('the LHR gateway killed → the probes mark it down → LCY carries; back when it returns', async () => {
    await h.agent.switchVnet({ vnet: 'vnet-London' });
    await egressIs(SOURCES.lhr);
    expect(await seenVia()).toBe(SOURCES.lhr);
    await stopGateway('lhr');
    try {
      await egressIs(SOURCES.lcy);
      const lhr = (await adminClient(api).listEgressIps()).find(
        (ip) => ip.id === gateway('lhr').id,
      );
      expect(lhr).toMatchObject({ status: 'down', status_source: 'probe' });
      expect(await seenVia()).toBe(SOURCES.lcy);
    } finally {
      await startGateway('lhr');
    }
    await egressIs(SOURCES.lhr);
    expect(await seenVia()).toBe(SOURCES.lhr);
  }, 40_000);

  it('both London gateways down → refused with the reason; the Dublin gateway receives nothing', async () => {
    await h.agent.switchVnet({ vnet: 'vnet-London' });
    await egressIs(SOURCES.lhr);
    await stopGateway('lhr');
    await stopGateway('lcy');
    try {
      await waitForSnapshot(h.agent, (s) => s.egress?.egress.kind === 'unavailable', 15_000);
      const before = dublinToOrigin();
      const seenBefore = origin.seen.length;
      const refused = await viaHttpProxy(proxyPort, origin.url('/whoami'));
      expect(refused.status).toBe(502);
      expect(refused.headers['x-egress-refused']).toMatch(/LHR \(London\) is down.*LCY.*down/);
      expect(refused.headers['x-egress-rule']).toBe('Egress London');
      expect(await socksTunnel(proxyPort, '127.0.0.1', origin.port)).toEqual({
        ok: false,
        reply: 'NotAllowed',
      });
      const viaCurl = await curl(['--socks5-hostname', `127.0.0.1:${proxyPort}`, origin.url('/')]);
      expect(viaCurl.stderr).toMatch(/\(2\)/);
      expect(dublinToOrigin()).toEqual(before);
      expect(origin.seen.length).toBe(seenBefore);
    } finally {
      await startGateway('lhr');
      await startGateway('lcy');
    }
    await egressIs(SOURCES.lhr);
    expect(await seenVia()).toBe(SOURCES.lhr);
    // The relay does see what Dublin carries, so the check above could fail.
    await h.agent.switchVnet({ vnet: 'vnet-Dublin' });
    await egressIs(SOURCES.dub);
    const before = dublinToOrigin();
    expect(await seenVia()).toBe(SOURCES.dub);
    expect(dublinToOrigin()).toEqual([...before, `127.0.0.1:${origin.port}`]);
  }, 40_000);
});
