import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_RULES, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { ErrorCode, MessageCode } from '../../src/shared/api/index.js';
import { caller, enrol, type Json, startTestApi, type TestApi, tempDir } from './helpers.js';

const tmp = tempDir();
let t: TestApi;
let admin: ReturnType<typeof caller>;
beforeAll(async () => {
  t = await startTestApi(tmp.dir);
  admin = caller(t);
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

const createVnet = async (name: string) =>
  (await admin('POST', 'teamnet/virtual_networks', { body: { name } })).json.result as Json;

describe('virtual network deletion', () => {
  it('is soft: the vnet stays readable, leaves the live list, and frees its name', async () => {
    const vnet = await createVnet('vnet-temp');
    const deleted = await admin('DELETE', `teamnet/virtual_networks/${vnet.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json.result.deleted_at).toEqual(expect.any(String));
    expect((await admin('GET', `teamnet/virtual_networks/${vnet.id}`)).json.result.deleted_at).toBe(
      deleted.json.result.deleted_at,
    );
    const live = (await admin('GET', 'teamnet/virtual_networks?is_deleted=false')).json.result;
    expect(live.map((v: Json) => v.id)).not.toContain(vnet.id);
    expect((await createVnet('vnet-temp')).id).not.toBe(vnet.id);
    const again = await admin('DELETE', `teamnet/virtual_networks/${vnet.id}`);
    expect(again.status).toBe(404);
  });

  it('refuses a vnet with devices attached, then with force moves them to the default', async () => {
    const vnet = await createVnet('vnet-busy');
    const device = await enrol(t, 'busy laptop', 'qa@example.com');
    await caller(t, device.token)('PATCH', `devices/${device.id}`, { body: { vnet_id: vnet.id } });

    const refused = await admin('DELETE', `teamnet/virtual_networks/${vnet.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.errors[0]).toMatchObject({ code: ErrorCode.RESOURCE_IN_USE });
    expect(refused.json.errors[0].message).toMatch(/1 device is attached/);

    const forced = await admin('DELETE', `teamnet/virtual_networks/${vnet.id}?force=true`);
    expect(forced.status).toBe(200);
    expect(forced.json.messages.map((m: Json) => m.code)).toEqual([
      MessageCode.DEVICES_MOVED_TO_DEFAULT,
    ]);
    const moved = await admin('GET', `devices/${device.id}`);
    expect(moved.json.result.vnet_id).toBe(DEMO_VNETS.default.id);

    const reattach = await caller(t, device.token)('PATCH', `devices/${device.id}`, {
      body: { vnet_id: vnet.id },
    });
    expect(reattach.status).toBe(400);
    expect(reattach.json.errors[0].message).toMatch(/was deleted/);
  });

  it('with force disables the rules that reference the vnet, and says so', async () => {
    const forced = await admin(
      'DELETE',
      `teamnet/virtual_networks/${DEMO_VNETS.usEast.id}?force=true`,
    );
    expect(forced.status).toBe(200);
    expect(forced.json.messages).toEqual([
      { code: MessageCode.RULES_DISABLED, message: expect.stringContaining('Egress US-East') },
    ]);
    const rule = (await admin('GET', `gateway/rules/${DEMO_RULES.usEast.id}`)).json.result;
    expect(rule.enabled).toBe(false);
    // A rule may not newly reference the deleted vnet.
    const reuse = await admin('POST', 'gateway/rules', {
      body: { name: 'x', action: 'egress', traffic: `net.vnet_id == "${DEMO_VNETS.usEast.id}"` },
    });
    expect(reuse.status).toBe(400);
    expect(reuse.json.errors[0].message).toMatch(/deleted/);
  });
});

describe('dedicated egress IPs', () => {
  it('takes city and country from the catalog, and can be removed when unused', async () => {
    const created = await admin('POST', 'gateway/egress_ips', {
      body: { ipv4: '198.51.100.77', ipv6: '2001:db8:77::/48', colo: 'fra' },
    });
    expect(created.status).toBe(200);
    expect(created.json.result).toMatchObject({
      colo: 'FRA',
      city: 'Frankfurt',
      country: 'DE',
      status: 'healthy',
    });
    const id = created.json.result.id;
    const down = await admin('PATCH', `gateway/egress_ips/${id}`, { body: { status: 'down' } });
    expect(down.json.result.status).toBe('down');
    expect((await admin('DELETE', `gateway/egress_ips/${id}`)).status).toBe(200);
    expect((await admin('GET', `gateway/egress_ips/${id}`)).status).toBe(404);
  });

  it('a rule may fall back to another data center of the same city', async () => {
    const rule = await admin('POST', 'gateway/rules', {
      body: {
        name: 'London to London',
        action: 'egress',
        rule_settings: {
          egress: { ipv4: DEMO_EGRESS_IPS.lcy.ipv4, ipv4_fallback: DEMO_EGRESS_IPS.lhr.ipv4 },
        },
      },
    });
    expect(rule.status, rule.text).toBe(200);
    expect(rule.json.messages.map((m: Json) => m.code)).toEqual([MessageCode.FILTERS_DEFAULTED]);
    expect(rule.json.result.filters).toEqual(['egress']);
  });
});

describe('rules', () => {
  it('PUT keeps the precedence when omitted, and another rule’s precedence is refused', async () => {
    const created = await admin('POST', 'gateway/rules', {
      body: { name: 'movable', action: 'egress', precedence: 7000 },
    });
    const id = created.json.result.id;
    const replaced = await admin('PUT', `gateway/rules/${id}`, {
      body: { name: 'moved', action: 'egress', description: 'd' },
    });
    expect(replaced.json.result).toMatchObject({ precedence: 7000, name: 'moved', version: 2 });
    const clash = await admin('PUT', `gateway/rules/${id}`, {
      body: { name: 'moved', action: 'egress', precedence: DEMO_RULES.dublin.precedence },
    });
    expect(clash.status).toBe(409);
    // A rule read with GET can be sent back with PUT unchanged.
    const roundTrip = await admin('PUT', `gateway/rules/${id}`, { body: replaced.json.result });
    expect(roundTrip.status, roundTrip.text).toBe(200);
  });

  it('lists honour page and per_page', async () => {
    const all = (await admin('GET', 'gateway/rules')).json;
    const page = (await admin('GET', 'gateway/rules?page=2&per_page=2')).json;
    expect(page.result_info).toEqual({
      page: 2,
      per_page: 2,
      count: 2,
      total_count: all.result_info.total_count,
    });
    expect(page.result).toEqual(all.result.slice(2, 4));
  });
});

describe('authentication', () => {
  it('accepts the legacy X-Auth-Email / X-Auth-Key pair with the admin token as the key', async () => {
    const response = await caller(t, null)('GET', 'teamnet/virtual_networks', {
      headers: { 'x-auth-email': 'admin@example.com', 'x-auth-key': t.admin },
    });
    expect(response.status).toBe(200);
  });
});

describe('devices and users', () => {
  it('enrols on the default vnet; the token is shown once and the user exists', async () => {
    const enrolled = await admin('POST', 'devices', {
      body: { name: 'kiosk', user_email: 'New.Person@Example.com' },
    });
    expect(enrolled.json.result).toMatchObject({
      vnet_id: DEMO_VNETS.default.id,
      user_email: 'new.person@example.com',
      location: null,
      token: expect.stringMatching(/^esd_/),
    });
    const read = await admin('GET', `devices/${enrolled.json.result.id}`);
    expect(read.json.result.token).toBeUndefined();
    const users = (await admin('GET', 'users')).json.result.map((u: Json) => u.email);
    expect(users).toContain('new.person@example.com');
  });

  it('a device token reads only its own device; deleting the device revokes the token', async () => {
    const mine = await enrol(t, 'mine', 'dev@example.com');
    const theirs = await enrol(t, 'theirs', 'dev@example.com');
    const asMine = caller(t, mine.token);
    expect((await asMine('GET', `devices/${mine.id}`)).status).toBe(200);
    expect((await asMine('GET', `devices/${theirs.id}`)).status).toBe(403);
    expect((await asMine('GET', 'teamnet/virtual_networks')).status).toBe(200);
    expect((await admin('DELETE', `devices/${mine.id}`)).status).toBe(200);
    expect((await asMine('GET', 'teamnet/virtual_networks')).status).toBe(401);
  });

  it('PUT users sets groups (deduplicated) and GET users lists them', async () => {
    const put = await admin('PUT', 'users/Team@example.com', { body: { groups: ['a', 'a', 'b'] } });
    expect(put.json.result).toMatchObject({ email: 'team@example.com', groups: ['a', 'b'] });
    const one = await admin('GET', 'users/team@example.com');
    expect(one.json.result.groups).toEqual(['a', 'b']);
  });
});
