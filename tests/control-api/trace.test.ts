import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey } from '../../src/control-api/config-snapshots.js';
import { DEMO_EGRESS_IPS, DEMO_USERS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { parseTraceText } from '../../src/shared/api/index.js';
import { caller, enrol, getFrom, startTestApi, type TestApi, tempDir } from './helpers.js';

const tmp = tempDir();
let t: TestApi;
let qa: { id: string; token: string };

beforeAll(async () => {
  t = await startTestApi(tmp.dir);
  qa = await enrol(t, 'qa laptop', DEMO_USERS.qa.email);
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

async function traceFrom(localAddress: string) {
  const answer = await getFrom(t.api.url, '/cdn-cgi/trace', localAddress, {
    authorization: `Bearer ${qa.token}`,
  });
  expect(answer.status, answer.text).toBe(200);
  return parseTraceText(answer.text);
}

describe('/cdn-cgi/trace reports the source address it observed', () => {
  it('maps a gateway’s source address back to its egress IP, and says so', async () => {
    expect(await traceFrom(DEMO_EGRESS_IPS.lcy.source_address)).toMatchObject({
      ip: DEMO_EGRESS_IPS.lcy.ipv4,
      observed: '127.0.0.11',
      mapped: 'source_address',
      colo: 'LCY',
      loc: 'GB',
      warp: 'on',
      gateway: 'on',
    });
  });

  it('reports any other address as is, with no data center', async () => {
    expect(await traceFrom('127.0.0.1')).toMatchObject({
      ip: '127.0.0.1',
      observed: '127.0.0.1',
      mapped: 'none',
      colo: '',
      loc: '',
      warp: 'off',
      gateway: 'off',
    });
    expect(await traceFrom('127.0.0.99')).toMatchObject({ ip: '127.0.0.99', mapped: 'none' });
  });

  it('observes the connection, not the server’s record of the device', async () => {
    const asQa = caller(t, qa.token);
    await asQa('PATCH', `devices/${qa.id}`, { body: { vnet_id: DEMO_VNETS.amsterdam.id } });
    const resolved = await asQa('POST', 'gateway/egress/resolve', { body: {} });
    expect(resolved.json.result.egress.ipv4).toBe(DEMO_EGRESS_IPS.ams.ipv4);
    // The device is on vnet-Amsterdam, but this connection came from the LHR gateway.
    expect(await traceFrom(DEMO_EGRESS_IPS.lhr.source_address)).toMatchObject({
      ip: DEMO_EGRESS_IPS.lhr.ipv4,
      colo: 'LHR',
      vnet: DEMO_VNETS.amsterdam.id,
    });
  });

  it('reports an egress IP seen as itself (a proxy gateway on that address), with its data center', async () => {
    const created = await caller(t)('POST', 'gateway/egress_ips', {
      body: { ipv4: '127.0.0.50', ipv6: '2001:db8:50::/48', colo: 'AMS' },
    });
    expect(created.status, created.text).toBe(200);
    expect(await traceFrom('127.0.0.50')).toMatchObject({
      ip: '127.0.0.50',
      mapped: 'egress_ip',
      colo: 'AMS',
      loc: 'NL',
    });
  });

  it('follows a gateway change at once', async () => {
    await caller(t)('PATCH', `gateway/egress_ips/${DEMO_EGRESS_IPS.dub.id}`, {
      body: { gateway: { source_address: '127.0.0.31' } },
    });
    try {
      expect(await traceFrom('127.0.0.31')).toMatchObject({
        ip: DEMO_EGRESS_IPS.dub.ipv4,
        mapped: 'source_address',
      });
      expect(await traceFrom('127.0.0.30')).toMatchObject({ ip: '127.0.0.30', mapped: 'none' });
    } finally {
      await caller(t)('PATCH', `gateway/egress_ips/${DEMO_EGRESS_IPS.dub.id}`, {
        body: { gateway: { source_address: DEMO_EGRESS_IPS.dub.source_address } },
      });
    }
  });

  it('needs a device token', async () => {
    const asAdmin = await caller(t)('GET', '/cdn-cgi/trace');
    expect(asAdmin.status).toBe(403);
    expect(asAdmin.json.errors[0].message).toMatch(/device token/);
    expect((await caller(t, null)('GET', '/cdn-cgi/trace')).status).toBe(401);
  });

  it('compares addresses in one spelling (a dual-stack socket’s ::ffff: peer, IPv6 forms)', () => {
    expect(addressKey('::ffff:127.0.0.10')).toBe(addressKey('127.0.0.10'));
    expect(addressKey('::1')).toBe(addressKey('0:0:0:0:0:0:0:1'));
    expect(addressKey('not an address')).toBeUndefined();
  });
});
