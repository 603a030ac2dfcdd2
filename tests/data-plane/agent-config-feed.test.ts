import { Agent as HttpAgent } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS } from '../../src/control-api/seed/demo.js';
import type { ControlApiHandle } from '../../src/control-api/server.js';
import type { HeadlessAgent } from '../../src/main/agent/index.js';
import type { FetchLike } from '../../src/shared/api/index.js';
import {
  ADMIN_TOKEN,
  adminClient,
  headless,
  startApi,
  tempHome,
  waitForProxyPort,
  waitForSnapshot,
} from '../agent/helpers.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { viaHttpProxy } from '../support/data-plane/proxy-clients.js';

/**
 * The device config feed: the agent reads its config with an ETag at connect and after every
 * config event, and a config change (a data center down) re-decides open connections at once.
 */

const home = tempHome();
let api: ControlApiHandle;
let h: HeadlessAgent;
let origin: EchoOrigin;
let proxyPort: number;
const configReads: { ifNoneMatch: string | null; status: number }[] = [];

/** Records every device-config read the agent makes, and what it was answered. */
const recordingFetch: FetchLike = async (input, init) => {
  const response = await globalThis.fetch(input, init);
  if (/\/devices\/[^/]+\/config$/.test(new URL(input).pathname)) {
    const headers = new Headers(init?.headers);
    configReads.push({ ifNoneMatch: headers.get('if-none-match'), status: response.status });
  }
  return response;
};

/**
 * A self-signed certificate for 127.0.0.1 (test only, valid until 2045): an HTTPS verify URL that
 * no client trusts, so a TLS failure proves the CONNECT tunnel reached the origin.
 */
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgO1/gQiJgsjt00xli
ItnxCskJmgNZ+Qo+uor1II/KbmWhRANCAARaTNZ/MP6v5QA1cmUzqs57B2bx1MWJ
yQC4iE3iRfWms8VuDijgp7ijBw5rGWRYx3fJOYiQpB1LgzBLvCw3rqNJ
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBjjCCATSgAwIBAgIUTpcvF4d+YlgJcodMQoeMEgREmcYwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMB4XDTI2MTIwMTIxNTM0MFoXDTQ2MTEyNjIx
NTM0MFowFDESMBAGA1UEAwwJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEWkzWfzD+r+UANXJlM6rOewdm8dTFickAuIhN4kX1prPFbg4o4Ke4owcO
axlkWMd3yTmIkKQdS4MwS7wsN66jSaNkMGIwHQYDVR0OBBYEFJniBSpkLASM94fe
f/kNEOz2QAjdMB8GA1UdIwQYMBaAFJniBSpkLASM94fef/kNEOz2QAjdMA8GA1Ud
EwEB/wQFMAMBAf8wDwYDVR0RBAgwBocEfwAAATAKBggqhkjOPQQDAgNIADBFAiAI
dggu9dnowY5rDMKoSpNUwY2PFLvQJYWlWF6MkjVxPAIhAMa+C18zLCqNgp6OoJmR
ThIyOuv+msp8W9aFt/xiQDm6
-----END CERTIFICATE-----`;

async function untrustedHttps(): Promise<{ server: HttpsServer; url: string }> {
  const server = createHttpsServer({ key: TEST_KEY, cert: TEST_CERT }, (req, res) => {
    res.end(`${req.socket.remoteAddress}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

function whoami(body: Buffer): string {
  return (JSON.parse(body.toString()) as { address: string }).address;
}

beforeAll(async () => {
  origin = await startEchoOrigin();
  api = await startApi(home.dir);
  h = await headless(`${home.dir}/agent`, {
    apiUrl: api.url,
    token: ADMIN_TOKEN,
    fetch: recordingFetch,
  });
  proxyPort = await waitForProxyPort(h.agent);
});

afterAll(async () => {
  await h?.stop();
  await api?.close();
  await origin?.close();
  home.cleanup();
});

describe('the device config feed', () => {
  it('reads the config at connect, then asks with If-None-Match: unchanged costs a 304', async () => {
    expect(configReads[0]).toEqual({ ifNoneMatch: null, status: 200 });
    const before = configReads.length;
    await h.agent.refresh({});
    const again = configReads.slice(before);
    expect(again).toHaveLength(1);
    expect(again[0]?.status).toBe(304);
    expect(again[0]?.ifNoneMatch).toMatch(/^(W\/)?"/);
  });

  it('a data center going down closes the connections through it; the next leaves through the fallback', async () => {
    const admin = adminClient(api);
    await h.agent.switchVnet({ vnet: 'vnet-London' });
    const pool = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await viaHttpProxy(proxyPort, origin.url('/whoami'), { agent: pool });
      expect(whoami(first.body)).toBe('127.0.0.10');
      const [socket] = Object.values(pool.freeSockets).flat();
      expect(socket?.destroyed).toBe(false);
      const closed = new Promise<void>((resolve) => socket?.once('close', () => resolve()));
      const reads = configReads.length;

      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lhr.id, 'down');
      // The config event → a re-read (200: a new version) → re-decided → closed.
      await closed;
      expect(configReads.slice(reads).some((read) => read.status === 200)).toBe(true);
      const second = await viaHttpProxy(proxyPort, origin.url('/whoami'), { agent: pool });
      expect(whoami(second.body)).toBe('127.0.0.11');

      // Both London data centers down: refused with the reason, never sent to Dublin.
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lcy.id, 'down');
      await waitForSnapshot(h.agent, (s) => s.egress?.egress.kind === 'unavailable');
      const refused = await viaHttpProxy(proxyPort, origin.url('/whoami'));
      expect(refused.status).toBe(502);
      expect(refused.headers['x-egress-refused']).toMatch(/LHR \(London\) is down.*LCY.*down too/);
      expect(refused.headers['x-egress-rule']).toBe('Egress London');
      expect(origin.seen.at(-1)).toBe('127.0.0.11');
    } finally {
      pool.destroy();
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lhr.id, 'healthy');
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lcy.id, 'healthy');
    }
    await waitForSnapshot(h.agent, (s) => s.egress?.egress.ipv4 === DEMO_EGRESS_IPS.lhr.ipv4);
    const back = await viaHttpProxy(proxyPort, origin.url('/whoami'));
    expect(whoami(back.body)).toBe('127.0.0.10');
  });

  it('verify with an https URL goes through CONNECT: a refusal and a TLS failure say so', async () => {
    const admin = adminClient(api);
    const https = await untrustedHttps();
    try {
      await h.agent.updateSettings({ verify_url: https.url });
      await h.agent.switchVnet({ vnet: 'vnet-London' });
      const untrusted = await h.agent.verify({});
      expect(untrusted.status).toBe('error');
      expect(untrusted.message).toMatch(
        /^Could not verify: 127\.0\.0\.1:\d+ could not be fetched through the local proxy \(.*self.signed/,
      );
      expect(untrusted.via?.url).toBe(https.url);

      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.dub.id, 'down');
      await h.agent.switchVnet({ vnet: 'vnet-Dublin' });
      const refused = await h.agent.verify({});
      expect(refused).toMatchObject({ status: 'error', observed: null });
      expect(refused.message).toMatch(
        /^Could not verify: the local proxy refused the connection: egress unavailable: DUB \(Dublin\) is down/,
      );
    } finally {
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.dub.id, 'healthy');
      await h.agent.updateSettings({ verify_url: null });
      https.server.close();
    }
  });
});
