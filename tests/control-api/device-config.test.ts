import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_USERS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import {
  ControlApiClient,
  DeviceConfig,
  deviceEgressConfig,
  deviceResolveContext,
} from '../../src/shared/api/index.js';
import { compileEgressConfig, resolveEgress } from '../../src/shared/egress/index.js';
import { caller, enrol, type Json, startTestApi, type TestApi, tempDir } from './helpers.js';

const tmp = tempDir();
let t: TestApi;
let admin: ReturnType<typeof caller>;
let qa: { id: string; token: string };
let asQa: ReturnType<typeof caller>;

beforeAll(async () => {
  t = await startTestApi(tmp.dir);
  admin = caller(t);
  qa = await enrol(t, 'qa laptop', DEMO_USERS.qa.email);
  asQa = caller(t, qa.token);
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

const configPath = (id: string) => `devices/${id}/config`;

describe('GET devices/{id}/config', () => {
  it('gives the device what it needs to decide, gateway credentials included', async () => {
    await admin('PATCH', `gateway/egress_ips/${DEMO_EGRESS_IPS.dub.id}`, {
      body: { gateway: { proxy_url: 'socks5://qa:s3cret@127.0.0.1:1080' }, status: 'healthy' },
    });
    const response = await asQa('GET', configPath(qa.id));
    expect(response.status, response.text).toBe(200);
    const config = DeviceConfig.parse(response.json.result);
    expect(config).toMatchObject({
      account_id: t.api.accountId,
      device_id: qa.id,
      vnet_id: DEMO_VNETS.default.id,
      identity: { email: DEMO_USERS.qa.email, groups: ['qa'] },
      location: null,
    });
    expect(config.vnets[0]).toEqual({
      id: DEMO_VNETS.default.id,
      name: 'default',
      is_default_network: true,
    });
    expect(config.vnets.map((vnet) => vnet.name)).toContain('vnet-London');
    const dub = config.egress_ips.find((ip) => ip.id === DEMO_EGRESS_IPS.dub.id);
    expect(dub).toMatchObject({
      ipv4: DEMO_EGRESS_IPS.dub.ipv4,
      colo: 'DUB',
      status: 'healthy',
      gateway: { proxy_url: 'socks5://qa:s3cret@127.0.0.1:1080' },
    });
    expect(typeof dub?.lat).toBe('number');
    const lhr = config.egress_ips.find((ip) => ip.id === DEMO_EGRESS_IPS.lhr.id);
    expect(lhr?.gateway).toEqual({ source_address: '127.0.0.10' });
    const precedences = config.rules.map((rule) => rule.precedence);
    expect(precedences).toEqual([...precedences].sort((a, b) => a - b));
    expect(config.rules.find((rule) => rule.name === 'Egress London')?.egress).toMatchObject({
      ipv4: DEMO_EGRESS_IPS.lhr.ipv4,
      ipv4_fallback: DEMO_EGRESS_IPS.lcy.ipv4,
    });
  });

  it('resolved locally, gives the resolve route’s answer on every vnet and location', async () => {
    const contractor = await enrol(t, 'contractor laptop', DEMO_USERS.contractor.email);
    const stranger = await enrol(t, 'stranger laptop', 'nobody@example.com');
    await admin('PATCH', `gateway/egress_ips/${DEMO_EGRESS_IPS.lhr.id}`, {
      body: { status: 'down' },
    });
    try {
      for (const device of [qa, contractor, stranger]) {
        const as = caller(t, device.token);
        for (const location of [null, { colo: 'DUB' }, { lat: 40.7, lon: -74 }]) {
          await as('PATCH', `devices/${device.id}`, { body: { location } });
          const config = DeviceConfig.parse((await as('GET', configPath(device.id))).json.result);
          const compiled = compileEgressConfig(deviceEgressConfig(config));
          for (const vnet of config.vnets) {
            await as('PATCH', `devices/${device.id}`, { body: { vnet_id: vnet.id } });
            const destination = { host: 'example.com', port: 443, protocol: 'tcp' };
            const server = await as('POST', 'gateway/egress/resolve', {
              body: { context: { destination }, explain: true },
            });
            const local = resolveEgress(
              compiled,
              deviceResolveContext(config, destination, vnet.id),
              { explain: true },
            );
            const { vnet_id: _v, device_id: _d, ...answer } = server.json.result as Json;
            expect(local, `${device.id} ${vnet.name} ${JSON.stringify(location)}`).toEqual(answer);
          }
        }
      }
    } finally {
      await admin('PATCH', `gateway/egress_ips/${DEMO_EGRESS_IPS.lhr.id}`, {
        body: { status: 'healthy' },
      });
    }
  });

  it('answers 304 to the current ETag, and a new ETag after any change that matters', async () => {
    await asQa('PATCH', `devices/${qa.id}`, { body: { vnet_id: DEMO_VNETS.default.id } });
    const first = await asQa('GET', configPath(qa.id));
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"c\d+-[\w-]+"$/);
    const again = await asQa('GET', configPath(qa.id), { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const listed = await asQa('GET', configPath(qa.id), {
      headers: { 'if-none-match': `"other", W/${etag}` },
    });
    expect(listed.status).toBe(304);

    // A configuration change (an outage), then the device's own state (its vnet).
    await admin('PATCH', `gateway/egress_ips/${DEMO_EGRESS_IPS.ams.id}`, {
      body: { status: 'down' },
    });
    const afterOutage = await asQa('GET', configPath(qa.id), {
      headers: { 'if-none-match': etag },
    });
    expect(afterOutage.status).toBe(200);
    const outageTag = afterOutage.headers.get('etag') ?? '';
    expect(outageTag).not.toBe(etag);
    expect(afterOutage.json.result.config_version).toBe(first.json.result.config_version + 1);
    await admin('PATCH', `gateway/egress_ips/${DEMO_EGRESS_IPS.ams.id}`, {
      body: { status: 'healthy' },
    });

    const current = (await asQa('GET', configPath(qa.id))).headers.get('etag') ?? '';
    await asQa('PATCH', `devices/${qa.id}`, { body: { vnet_id: DEMO_VNETS.london.id } });
    const moved = await asQa('GET', configPath(qa.id), { headers: { 'if-none-match': current } });
    expect(moved.status).toBe(200);
    expect(moved.json.result.vnet_id).toBe(DEMO_VNETS.london.id);
    expect(moved.json.result.config_version).toBe(afterOutage.json.result.config_version + 1);
  });

  it('is the device’s own: another device’s token is refused, the admin may read any', async () => {
    const other = await enrol(t, 'dev laptop', DEMO_USERS.dev.email);
    const refused = await caller(t, other.token)('GET', configPath(qa.id));
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0].message).toMatch(/only act on its own device/);
    expect(refused.text).not.toContain('s3cret');
    const byAdmin = await admin('GET', configPath(other.id));
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json.result.identity).toEqual({
      email: DEMO_USERS.dev.email,
      groups: ['developers'],
    });
    const missing = await admin('GET', configPath('no-such-device'));
    expect(missing.status).toBe(404);
    const anonymous = await caller(t, null)('GET', configPath(qa.id));
    expect(anonymous.status).toBe(401);
  });

  it('is what ControlApiClient.getDeviceConfig reads, with 304 as "not modified"', async () => {
    const client = new ControlApiClient({
      baseUrl: t.api.url,
      token: qa.token,
      accountId: t.api.accountId,
    });
    const fresh = await client.getDeviceConfig(qa.id);
    expect(fresh.modified).toBe(true);
    if (!fresh.modified) return;
    expect(fresh.config.device_id).toBe(qa.id);
    const same = await client.getDeviceConfig(qa.id, { etag: fresh.etag });
    expect(same).toEqual({ modified: false, etag: fresh.etag });
  });
});
