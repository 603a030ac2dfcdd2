import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_USERS } from '../../src/control-api/seed/demo.js';
import { caller, enrol, type Json, startTestApi, type TestApi, tempDir } from './helpers.js';

const tmp = tempDir();
let t: TestApi;
let admin: ReturnType<typeof caller>;

beforeAll(async () => {
  t = await startTestApi(tmp.dir, { seed: 'none' });
  admin = caller(t);
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

let nextHost = 1;
async function create(body: Json) {
  return admin('POST', 'gateway/egress_ips', {
    body: { ipv4: `198.18.0.${nextHost++}`, ipv6: '2001:db8:99::/48', colo: 'LHR', ...body },
  });
}

async function configVersion(): Promise<number> {
  return (await admin('GET', t.base)).json.result.config_version;
}

describe('gateway on POST gateway/egress_ips', () => {
  it('stores a SOCKS5 gateway, probed, and never shows its password', async () => {
    const created = await create({ gateway: { proxy_url: 'socks5://qa:s3cret@gw-lhr:1080' } });
    expect(created.status, created.text).toBe(200);
    expect(created.json.result).toMatchObject({
      gateway: { proxy_url: 'socks5://qa:***@gw-lhr:1080' },
      status: 'healthy',
      status_source: 'probe',
      last_probe_at: null,
      last_probe_error: null,
      probe_rtt_ms: null,
    });
    const id = created.json.result.id;
    const one = await admin('GET', `gateway/egress_ips/${id}`);
    expect(one.json.result.gateway).toEqual({ proxy_url: 'socks5://qa:***@gw-lhr:1080' });
    const list = await admin('GET', 'gateway/egress_ips');
    expect(list.text).not.toContain('s3cret');
  });

  it('stores source_address and null gateways with a manual status', async () => {
    const local = await create({ gateway: { source_address: '127.0.0.77' } });
    expect(local.json.result).toMatchObject({
      gateway: { source_address: '127.0.0.77' },
      status_source: 'manual',
    });
    const none = await create({});
    expect(none.json.result).toMatchObject({ gateway: null, status_source: 'manual' });
    const explicit = await create({ gateway: { proxy_url: 'http://gw:3128' }, status: 'down' });
    expect(explicit.json.result).toMatchObject({ status: 'down', status_source: 'manual' });
  });

  it.each([
    [{ proxy_url: 'ftp://gw:21' }, 'body.gateway.proxy_url: unsupported scheme "ftp"'],
    [{ proxy_url: 'socks5://gw' }, 'body.gateway.proxy_url: the port is missing'],
    [{ proxy_url: 'socks5://gw:70000' }, 'body.gateway.proxy_url: port 70000 is outside 1–65535'],
    [{ proxy_url: 'http://bad_host:80' }, 'body.gateway.proxy_url: "bad_host" is not a host'],
    [{ source_address: '127.1' }, 'body.gateway.source_address: expected an IPv4 address'],
    [{ source_address: '::1', proxy_url: 'socks5://gw:1' }, 'body.gateway: give proxy_url or'],
    [{ host: 'gw' }, 'body.gateway: unknown field "host"'],
    ['socks5://gw:1080', 'body.gateway: '],
  ])('refuses gateway %j with a 400 naming the field', async (gateway, message) => {
    const before = await configVersion();
    const refused = await create({ gateway });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json.success).toBe(false);
    expect(refused.json.errors[0].message).toContain(message);
    expect(await configVersion()).toBe(before);
  });

  it('refuses status auto for a gateway with nothing to probe', async () => {
    const refused = await create({ gateway: { source_address: '127.0.0.78' }, status: 'auto' });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].message).toMatch(/^body\.status: "auto" .* only a proxy_url/);
  });

  it('refuses a source address another egress IP already uses (the trace maps it back)', async () => {
    await create({ gateway: { source_address: '127.0.0.79' } });
    const taken = await create({ gateway: { source_address: '127.0.0.79' } });
    expect(taken.status).toBe(409);
    expect(taken.json.errors[0].message).toMatch(
      /^body\.gateway\.source_address: 127\.0\.0\.79 is already the gateway of egress IP/,
    );
  });
});

describe('PATCH gateway/egress_ips/{id}', () => {
  it('changes the gateway and status, each a new config version', async () => {
    const id = (await create({})).json.result.id;
    const v0 = await configVersion();
    const proxied = await admin('PATCH', `gateway/egress_ips/${id}`, {
      body: { gateway: { proxy_url: 'socks5://u:pw@198.18.0.200:1080' } },
    });
    expect(proxied.status, proxied.text).toBe(200);
    // A first proxy where nothing was probed: the probes take over.
    expect(proxied.json.result).toMatchObject({
      gateway: { proxy_url: 'socks5://u:***@198.18.0.200:1080' },
      status_source: 'probe',
    });
    expect(await configVersion()).toBe(v0 + 1);

    const down = await admin('PATCH', `gateway/egress_ips/${id}`, { body: { status: 'down' } });
    expect(down.json.result).toMatchObject({ status: 'down', status_source: 'manual' });
    // Another proxy keeps the manual outage.
    const moved = await admin('PATCH', `gateway/egress_ips/${id}`, {
      body: { gateway: { proxy_url: 'http://198.18.0.201:3128' } },
    });
    expect(moved.json.result).toMatchObject({ status: 'down', status_source: 'manual' });
    const auto = await admin('PATCH', `gateway/egress_ips/${id}`, { body: { status: 'auto' } });
    expect(auto.json.result).toMatchObject({ status: 'down', status_source: 'probe' });

    const local = await admin('PATCH', `gateway/egress_ips/${id}`, {
      body: { gateway: { source_address: '::1' } },
    });
    expect(local.json.result).toMatchObject({
      gateway: { source_address: '::1' },
      status_source: 'manual',
    });
    const cleared = await admin('PATCH', `gateway/egress_ips/${id}`, { body: { gateway: null } });
    expect(cleared.json.result.gateway).toBeNull();
    expect(await configVersion()).toBe(v0 + 6);
  });

  it('refuses an empty patch, unknown fields and bad values, changing nothing', async () => {
    const id = (await create({ gateway: { source_address: '127.0.0.90' } })).json.result.id;
    const before = await configVersion();
    for (const [body, message] of [
      [{}, 'body: give status and/or gateway'],
      [{ status: 'broken' }, 'body.status: '],
      [{ colo: 'AMS' }, 'body: unknown field "colo"'],
      [{ gateway: { proxy_url: 'socks5://gw:0' } }, 'body.gateway.proxy_url: port 0'],
      [{ status: 'auto' }, 'body.status: "auto"'],
    ] as const) {
      const refused = await admin('PATCH', `gateway/egress_ips/${id}`, { body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.errors[0].message).toContain(message);
    }
    expect(await configVersion()).toBe(before);
    const unchanged = await admin('GET', `gateway/egress_ips/${id}`);
    expect(unchanged.json.result.gateway).toEqual({ source_address: '127.0.0.90' });
  });

  it('is the admin’s: a device token may read (masked) but not change gateways', async () => {
    const id = (await create({ gateway: { proxy_url: 'socks5://a:b@gw:1' } })).json.result.id;
    const device = await enrol(t, 'laptop', DEMO_USERS.qa.email);
    const asDevice = caller(t, device.token);
    const read = await asDevice('GET', `gateway/egress_ips/${id}`);
    expect(read.json.result.gateway).toEqual({ proxy_url: 'socks5://a:***@gw:1' });
    const refused = await asDevice('PATCH', `gateway/egress_ips/${id}`, {
      body: { gateway: null },
    });
    expect(refused.status).toBe(403);
  });
});

describe('the demo seed', () => {
  it('gives each egress IP its own loopback source address', async () => {
    const demo = await startTestApi(tmp.dir, { file: 'demo.db' });
    try {
      const list = await caller(demo)('GET', 'gateway/egress_ips');
      const byId = new Map(list.json.result.map((ip: Json) => [ip.id, ip]));
      const addresses = Object.values(DEMO_EGRESS_IPS).map((entry) => {
        const ip = byId.get(entry.id) as Json;
        expect(ip.ipv4).toBe(entry.ipv4);
        expect(ip.status_source).toBe('manual');
        return ip.gateway.source_address;
      });
      expect(addresses).toEqual([
        '127.0.0.10',
        '127.0.0.11',
        '127.0.0.20',
        '127.0.0.30',
        '127.0.0.40',
      ]);
      // Linux answers every 127.0.0.0/8 address: nothing to tell the user.
      if (process.platform === 'linux') expect(demo.api.notices).toEqual([]);
    } finally {
      await demo.api.close();
    }
  });
});
