import Cloudflare from 'cloudflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { startTestApi, type TestApi, tempDir } from './helpers.js';

// The compatibility promise: Cloudflare's own SDK, pointed at us, works unchanged.
const tmp = tempDir();
let t: TestApi;
let cf: Cloudflare;
let account_id: string;

beforeAll(async () => {
  t = await startTestApi(tmp.dir);
  account_id = t.api.accountId;
  cf = new Cloudflare({ apiToken: t.admin, baseURL: `${t.api.url}/client/v4`, maxRetries: 0 });
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

describe('virtual networks through the cloudflare SDK', () => {
  const vnets = () => cf.zeroTrust.networks.virtualNetworks;

  it('lists the accounts the token sees', async () => {
    const page = await cf.accounts.list();
    expect(page.result.map((account) => account.id)).toEqual([account_id]);
  });

  it('creates, gets, lists with filters, edits and deletes', async () => {
    const created = await vnets().create({ account_id, name: 'vnet-sdk', comment: 'from SDK' });
    expect(created).toMatchObject({
      name: 'vnet-sdk',
      comment: 'from SDK',
      is_default_network: false,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

    expect(await vnets().get(created.id, { account_id })).toEqual(created);

    const byName = await vnets().list({ account_id, name: 'vnet-sdk' });
    expect(byName.result.map((vnet) => vnet.id)).toEqual([created.id]);
    const defaults = await vnets().list({ account_id, is_default: true });
    expect(defaults.result.map((vnet) => vnet.id)).toEqual([DEMO_VNETS.default.id]);
    const byId = await vnets().list({ account_id, id: created.id });
    expect(byId.result).toHaveLength(1);

    const edited = await vnets().edit(created.id, { account_id, name: 'vnet-sdk-2', comment: 'x' });
    expect(edited).toMatchObject({ id: created.id, name: 'vnet-sdk-2', comment: 'x' });

    const deleted = await vnets().delete(created.id, { account_id });
    expect(deleted.deleted_at).toEqual(expect.any(String));
    const live = await vnets().list({ account_id, is_deleted: false });
    expect(live.result.map((vnet) => vnet.id)).not.toContain(created.id);
    const gone = await vnets().list({ account_id, is_deleted: true });
    expect(gone.result.map((vnet) => vnet.id)).toEqual([created.id]);
  });

  it('promotes a new default and demotes the old one', async () => {
    const next = await vnets().create({ account_id, name: 'vnet-new-default', is_default: true });
    expect(next.is_default_network).toBe(true);
    const defaults = await vnets().list({ account_id, is_default: true });
    expect(defaults.result.map((vnet) => vnet.id)).toEqual([next.id]);
    // Put the demo default back so the rest of the file sees the seed as it was.
    await vnets().edit(DEMO_VNETS.default.id, { account_id, is_default_network: true });
    const after = await vnets().get(next.id, { account_id });
    expect(after.is_default_network).toBe(false);
  });

  it('surfaces a refusal as an SDK APIError with the envelope errors', async () => {
    const error = await vnets()
      .create({ account_id, name: 'vnet-London' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Cloudflare.APIError);
    const apiError = error as InstanceType<typeof Cloudflare.APIError>;
    expect(apiError.status).toBe(409);
    expect(apiError.errors[0]?.message).toMatch(/vnet-London.*already exists/);
  });
});

describe('egress rules through the cloudflare SDK', () => {
  const rules = () => cf.zeroTrust.gateway.rules;

  it('creates, gets, lists, replaces and deletes an egress policy', async () => {
    const created = await rules().create({
      account_id,
      name: 'SDK egress',
      action: 'egress',
      filters: ['egress'],
      precedence: 5000,
      enabled: true,
      traffic: `net.vnet_id == "${DEMO_VNETS.dublin.id}" and net.dst.port in {443 80}`,
      rule_settings: {
        egress: {
          ipv4: DEMO_EGRESS_IPS.dub.ipv4,
          ipv6: '2001:db8:30::/48',
          ipv4_fallback: '0.0.0.0',
        },
      },
    });
    expect(created).toMatchObject({ name: 'SDK egress', action: 'egress', precedence: 5000 });
    expect(created.rule_settings?.egress?.ipv4).toBe(DEMO_EGRESS_IPS.dub.ipv4);

    expect((await rules().get(created.id ?? '', { account_id })).name).toBe('SDK egress');
    const listed = await rules().list({ account_id });
    const precedences = listed.result.map((rule) => rule.precedence ?? 0);
    expect(precedences).toEqual([...precedences].sort((a, b) => a - b));
    expect(listed.result.map((rule) => rule.id)).toContain(created.id);

    const replaced = await rules().update(created.id ?? '', {
      account_id,
      name: 'SDK egress (renamed)',
      action: 'egress',
      traffic: 'net.dst.port == 8443',
    });
    expect(replaced).toMatchObject({ name: 'SDK egress (renamed)', precedence: 5000 });
    expect(replaced.rule_settings?.egress ?? null).toBeNull();

    await rules().delete(created.id ?? '', { account_id });
    const after = await rules().list({ account_id });
    expect(after.result.map((rule) => rule.id)).not.toContain(created.id);
  });

  it('refuses a non-egress rule with a 400 that says why', async () => {
    const error = await rules()
      .create({ account_id, name: 'block it', action: 'block', filters: ['dns'] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Cloudflare.BadRequestError);
    expect((error as Error).message).toMatch(/egress policies only/);
  });
});
