import { Agent as HttpAgent } from 'node:http';
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
  const ready = await waitForSnapshot(
    h.agent,
    (s) => s.status === 'connected' && s.proxy.listening,
  );
  proxyPort = Number(ready.proxy.address.split(':').pop());
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
});
