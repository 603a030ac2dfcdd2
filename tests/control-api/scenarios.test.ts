import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_EGRESS_IPS,
  DEMO_RULES,
  DEMO_USERS,
  DEMO_VNETS,
} from '../../src/control-api/seed/demo.js';
import { parseTraceText } from '../../src/shared/api/index.js';
import {
  caller,
  enrol,
  getFrom,
  type Json,
  startTestApi,
  type TestApi,
  tempDir,
} from './helpers.js';

// The seed document's scenarios, end to end through HTTP.
const tmp = tempDir();
let t: TestApi;
let admin: ReturnType<typeof caller>;
let qa: { id: string; token: string };
let asQa: ReturnType<typeof caller>;
const { lhr, lcy, ams, dub, iad } = DEMO_EGRESS_IPS;

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
beforeEach(async () => {
  for (const ip of Object.values(DEMO_EGRESS_IPS)) {
    await admin('PATCH', `gateway/egress_ips/${ip.id}`, { body: { status: 'healthy' } });
  }
  await asQa('PATCH', `devices/${qa.id}`, {
    body: { vnet_id: DEMO_VNETS.default.id, location: null },
  });
});

async function resolveAsQa(body: Json = {}) {
  const response = await asQa('POST', 'gateway/egress/resolve', { body });
  expect(response.status, response.text).toBe(200);
  return response.json.result;
}

async function place(location: Json, vnetId: string = DEMO_VNETS.default.id) {
  const response = await asQa('PATCH', `devices/${qa.id}`, { body: { location, vnet_id: vnetId } });
  expect(response.status, response.text).toBe(200);
}

describe('no rule matches: the nearest dedicated location', () => {
  it('a user near the Netherlands egresses in Amsterdam', async () => {
    await place({ lat: 52.09, lon: 5.12 }); // Utrecht
    const result = await resolveAsQa();
    expect(result.egress).toMatchObject({
      ipv4: ams.ipv4,
      colo: 'AMS',
      country: 'NL',
      kind: 'dedicated',
    });
    expect(result.decided_by.type).toBe('nearest');
    expect(result.device_id).toBe(qa.id);
  });

  it('a user in England egresses in London, and keeps the same London IP', async () => {
    await place({ lat: 52.49, lon: -1.89 }); // Birmingham
    const first = await resolveAsQa();
    expect(first.egress.city).toBe('London');
    expect([lhr.ipv4, lcy.ipv4]).toContain(first.egress.ipv4);
    for (let i = 0; i < 5; i++) expect((await resolveAsQa()).egress.ipv4).toBe(first.egress.ipv4);
  });

  it('a user in North America egresses in Washington D.C.', async () => {
    await place({ colo: 'ORD' });
    const result = await resolveAsQa();
    expect(result.egress).toMatchObject({ ipv4: iad.ipv4, colo: 'IAD', country: 'US' });
  });
});

describe('a vnet switch changes the egress through its rule', () => {
  it.each([
    [DEMO_VNETS.london.id, lhr, DEMO_RULES.london],
    [DEMO_VNETS.amsterdam.id, ams, DEMO_RULES.amsterdam],
    [DEMO_VNETS.usEast.id, iad, DEMO_RULES.usEast],
    [DEMO_VNETS.dublin.id, dub, DEMO_RULES.dublin],
  ])('vnet %s egresses through its IP', async (vnetId, ip, rule) => {
    await place({ colo: 'AMS' }, vnetId);
    const result = await resolveAsQa({ explain: true });
    expect(result.egress).toMatchObject({ ipv4: ip.ipv4, ipv6: ip.ipv6, colo: ip.colo });
    expect(result.decided_by).toMatchObject({ type: 'rule', rule: { id: rule.id } });
    expect(result.vnet_id).toBe(vnetId);
    const matched = result.trace.filter((entry: Json) => entry.outcome === 'matched');
    expect(matched.map((entry: Json) => entry.rule.id)).toEqual([rule.id]);
  });

  it('an identity rule ahead of the vnet rules sends contractors to the shared egress', async () => {
    const contractor = await enrol(t, 'contractor laptop', DEMO_USERS.contractor.email);
    const asContractor = caller(t, contractor.token);
    await asContractor('PATCH', `devices/${contractor.id}`, {
      body: { vnet_id: DEMO_VNETS.london.id },
    });
    const result = (await asContractor('POST', 'gateway/egress/resolve', { body: {} })).json.result;
    expect(result.egress.kind).toBe('shared');
    expect(result.decided_by.rule.id).toBe(DEMO_RULES.contractors.id);
  });

  it('a group change on the server changes the answer and the config version', async () => {
    await place({ colo: 'AMS' }, DEMO_VNETS.london.id);
    const before = await resolveAsQa();
    await admin('PUT', `users/${DEMO_USERS.qa.email}`, { body: { groups: ['qa', 'contractors'] } });
    const after = await resolveAsQa();
    expect(after.egress.kind).toBe('shared');
    expect(after.config_version).toBeGreaterThan(before.config_version);
    await admin('PUT', `users/${DEMO_USERS.qa.email}`, { body: { groups: ['qa'] } });
    expect((await resolveAsQa()).egress.ipv4).toBe(lhr.ipv4);
  });
});

describe('a data-center outage', () => {
  const down = (id: string) =>
    admin('PATCH', `gateway/egress_ips/${id}`, { body: { status: 'down' } });

  it('flips London to the other London data center, and back', async () => {
    await place({ colo: 'AMS' }, DEMO_VNETS.london.id);
    expect((await resolveAsQa()).egress.ipv4).toBe(lhr.ipv4);
    await down(lhr.id);
    const during = await resolveAsQa();
    expect(during.egress).toMatchObject({ ipv4: lcy.ipv4, colo: 'LCY', city: 'London' });
    expect(during.fallback.used).toBe(true);
    expect(during.fallback.reason).toMatch(/LHR/);
    await admin('PATCH', `gateway/egress_ips/${lhr.id}`, { body: { status: 'healthy' } });
    expect((await resolveAsQa()).egress.ipv4).toBe(lhr.ipv4);
  });

  it('flips Amsterdam to the shared egress', async () => {
    await place({ colo: 'AMS' }, DEMO_VNETS.amsterdam.id);
    await down(ams.id);
    const result = await resolveAsQa();
    expect(result.egress.kind).toBe('shared');
    expect(result.fallback.used).toBe(true);
  });

  it('leaves Dublin unavailable rather than jumping to another city, and says why', async () => {
    await place({ colo: 'DUB' }, DEMO_VNETS.dublin.id);
    await down(dub.id);
    const result = await resolveAsQa();
    expect(result.egress).toMatchObject({ kind: 'unavailable', ipv4: null });
    expect(result.fallback.reason).toEqual(expect.stringMatching(/DUB|Dublin/));
  });
});

describe('/cdn-cgi/trace observes what resolve decided', () => {
  it('after every vnet switch, a connection from the egress’s gateway address shows that egress', async () => {
    await place({ lat: 40.71, lon: -74.0 });
    const sourceOf = new Map(
      Object.values(DEMO_EGRESS_IPS).map((ip) => [ip.ipv4, ip.source_address]),
    );
    for (const vnet of Object.values(DEMO_VNETS)) {
      const switched = await asQa('PATCH', `devices/${qa.id}`, { body: { vnet_id: vnet.id } });
      expect(switched.json.result.vnet_id).toBe(vnet.id);
      const resolved = await resolveAsQa();
      const source = sourceOf.get(resolved.egress.ipv4) ?? '';
      // What the agent's proxy does for a source_address gateway: dial from that address.
      const trace = await getFrom(t.api.url, '/cdn-cgi/trace', source, {
        authorization: `Bearer ${qa.token}`,
        'user-agent': 'qa-suite',
      });
      expect(trace.status).toBe(200);
      const fields = parseTraceText(trace.text);
      expect(fields).toMatchObject({
        ip: resolved.egress.ipv4,
        colo: resolved.egress.colo,
        loc: resolved.egress.country,
        vnet: vnet.id,
        observed: source,
        mapped: 'source_address',
        warp: 'on',
        gateway: 'on',
        sliver: 'none',
        rbi: 'off',
        uag: 'qa-suite',
      });
      expect(Object.keys(fields)).toEqual(
        expect.arrayContaining(['fl', 'h', 'ts', 'visit_scheme', 'http', 'tls', 'sni', 'kex']),
      );
    }
  });
});

describe('previews and what-ifs', () => {
  it('all_vnets previews every live vnet, default first then by name, as single resolves would', async () => {
    await place({ colo: 'LHR' });
    const result = await resolveAsQa({ all_vnets: true });
    expect(result.vnets.map((v: Json) => v.name)).toEqual([
      'default',
      'vnet-Amsterdam',
      'vnet-Dublin',
      'vnet-London',
      'vnet-US-East',
    ]);
    for (const preview of result.vnets) {
      const single = await admin('POST', 'gateway/egress/resolve', {
        body: { device_id: qa.id, context: { vnet_id: preview.vnet_id } },
      });
      expect(preview.egress).toEqual(single.json.result.egress);
      expect(preview.decided_by).toEqual(single.json.result.decided_by);
    }
  });

  it('the admin resolves any what-if context; groups come from the server unless given', async () => {
    const whatIf = async (context: Json) =>
      (await admin('POST', 'gateway/egress/resolve', { body: { context } })).json.result;
    expect(
      (await whatIf({ vnet_id: DEMO_VNETS.usEast.id, source: { colo: 'AMS' } })).egress.ipv4,
    ).toBe(iad.ipv4);
    const contractor = await whatIf({
      vnet_id: DEMO_VNETS.london.id,
      identity: { email: DEMO_USERS.contractor.email },
    });
    expect(contractor.egress.kind).toBe('shared');
    const regrouped = await whatIf({
      vnet_id: DEMO_VNETS.london.id,
      identity: { email: DEMO_USERS.contractor.email, groups: [] },
    });
    expect(regrouped.egress.ipv4).toBe(lhr.ipv4);
  });

  it('a device token may ask about a destination for its own state', async () => {
    await place({ colo: 'AMS' }, DEMO_VNETS.london.id);
    const result = await resolveAsQa({
      context: { destination: { host: 'example.com', port: 443 } },
    });
    expect(result.egress.ipv4).toBe(lhr.ipv4);
  });
});
