import { describe, expect, it } from 'vitest';
import { ConnectionRouter } from '../../src/main/agent/data-plane/decide/index.js';
import type { Destination } from '../../src/main/agent/data-plane/route.js';
import type { DeviceConfig, DeviceEgressIp, DeviceRule } from '../../src/shared/api/index.js';
import { findDataCenter } from '../../src/shared/geo/index.js';

const VNET = {
  default: 'de5e0000-0000-4000-8000-000000000001',
  london: 'de5e0000-0000-4000-8000-000000000002',
  amsterdam: 'de5e0000-0000-4000-8000-000000000003',
  usEast: 'de5e0000-0000-4000-8000-000000000004',
  dublin: 'de5e0000-0000-4000-8000-000000000005',
} as const;

function ip(
  n: number,
  ipv4: string,
  colo: string,
  gateway: DeviceEgressIp['gateway'],
  status: DeviceEgressIp['status'] = 'healthy',
): DeviceEgressIp {
  const dc = findDataCenter(colo);
  if (!dc) throw new Error(colo);
  return {
    id: `de5e0001-0000-4000-8000-00000000000${n}`,
    ipv4,
    ipv6: `2001:db8:${n}::/48`,
    colo,
    city: dc.city,
    country: dc.country,
    lat: dc.lat,
    lon: dc.lon,
    status,
    gateway,
  };
}

function rule(
  n: number,
  precedence: number,
  traffic: string,
  egress: DeviceRule['egress'],
  identity = '',
): DeviceRule {
  return {
    id: `de5e0002-0000-4000-8000-00000000000${n}`,
    name: `rule ${n}`,
    precedence,
    enabled: true,
    traffic,
    identity,
    device_posture: '',
    egress,
  };
}

const onVnet = (id: string) => `net.vnet_id == "${id}"`;

function config(overrides: Partial<DeviceConfig> = {}): DeviceConfig {
  return {
    account_id: 'acc00000-0000-4000-8000-000000000001',
    device_id: 'dev00000-0000-4000-8000-000000000001',
    config_version: 7,
    vnet_id: VNET.default,
    vnets: [
      { id: VNET.default, name: 'default', is_default_network: true },
      { id: VNET.amsterdam, name: 'vnet-Amsterdam', is_default_network: false },
      { id: VNET.dublin, name: 'vnet-Dublin', is_default_network: false },
      { id: VNET.london, name: 'vnet-London', is_default_network: false },
      { id: VNET.usEast, name: 'vnet-US-East', is_default_network: false },
    ],
    identity: { email: 'qa@example.com', groups: ['qa'] },
    location: { colo: 'LHR' },
    egress_ips: [
      ip(1, '192.0.2.10', 'LHR', { proxy_url: 'socks5://alice:s%40cret@127.0.0.1:1080' }),
      ip(2, '192.0.2.11', 'LCY', { proxy_url: 'http://127.0.0.1:3128' }),
      ip(3, '192.0.2.20', 'AMS', { source_address: '127.0.0.20' }),
      ip(4, '198.51.100.30', 'DUB', null),
      ip(5, '198.51.100.40', 'IAD', { source_address: '127.0.0.40' }),
    ],
    rules: [
      rule(1, 10, '', null, 'any(identity.groups.name[*] in {"contractors"})'),
      rule(2, 100, onVnet(VNET.london), {
        ipv4: '192.0.2.10',
        ipv6: '2001:db8:1::/48',
        ipv4_fallback: '192.0.2.11',
      }),
      rule(3, 200, onVnet(VNET.amsterdam), {
        ipv4: '192.0.2.20',
        ipv6: '2001:db8:3::/48',
        ipv4_fallback: '0.0.0.0',
      }),
      rule(4, 300, onVnet(VNET.usEast), {
        ipv4: '198.51.100.40',
        ipv6: '2001:db8:5::/48',
        ipv4_fallback: '0.0.0.0',
      }),
      rule(5, 400, onVnet(VNET.dublin), { ipv4: '198.51.100.30', ipv6: '2001:db8:4::/48' }),
    ],
    ...overrides,
  };
}

const web: Destination = { host: 'example.com', port: 443, protocol: 'tcp' };

function routerWith(cfg: DeviceConfig, vnet: string | null = null): ConnectionRouter {
  const router = new ConnectionRouter();
  router.update(cfg);
  router.setAttachedVnet(vnet);
  return router;
}

function withStatus(cfg: DeviceConfig, ipv4s: string[]): DeviceConfig {
  return {
    ...cfg,
    config_version: cfg.config_version + 1,
    egress_ips: cfg.egress_ips.map((entry) =>
      ipv4s.includes(entry.ipv4) ? { ...entry, status: 'down' as const } : entry,
    ),
  };
}

describe('the local decision per connection', () => {
  it('dials a SOCKS5 gateway with its credentials and shows it with the password masked', () => {
    const decision = routerWith(config(), VNET.london).route(web, null);
    expect(decision).toMatchObject({
      ok: true,
      upstream: {
        kind: 'socks5',
        host: '127.0.0.1',
        port: 1080,
        username: 'alice',
        password: 's@cret',
      },
      label: {
        vnet_id: VNET.london,
        vnet_name: 'vnet-London',
        rule: { name: 'rule 2', precedence: 100 },
        egress_ipv4: '192.0.2.10',
        egress_kind: 'dedicated',
        gateway: 'socks5://alice:***@127.0.0.1:1080',
        config_version: 7,
      },
    });
    expect(JSON.stringify(decision.label)).not.toContain('s@cret');
  });

  it("offers the rule's declared fallback for a dial-time failure, and only a declared one", () => {
    const london = routerWith(config(), VNET.london).route(web, null);
    expect(london.ok && london.fallback).toEqual({
      upstream: { kind: 'http', host: '127.0.0.1', port: 3128 },
      label: expect.objectContaining({
        egress_ipv4: '192.0.2.11',
        gateway: 'http://127.0.0.1:3128',
        rule: expect.objectContaining({ name: 'rule 2' }),
      }),
    });
    // Dublin declares none; nearest-location balancing declares none either.
    const dublinOk = routerWith(
      config({
        egress_ips: config().egress_ips.map((e) => ({
          ...e,
          gateway: { source_address: '127.0.0.30' },
        })),
      }),
      VNET.dublin,
    ).route(web, null);
    expect(dublinOk.ok).toBe(true);
    expect(dublinOk.ok && 'fallback' in dublinOk).toBe(false);
    const nearest = routerWith(config(), VNET.default).route(web, null);
    expect(nearest).toMatchObject({ ok: true, label: { rule: null, egress_ipv4: '192.0.2.10' } });
    expect(nearest.ok && 'fallback' in nearest).toBe(false);
  });

  it('does not offer a fallback that is down, nor one after the fallback is already in use', () => {
    const lcyDown = routerWith(withStatus(config(), ['192.0.2.11']), VNET.london).route(web, null);
    expect(lcyDown.ok && 'fallback' in lcyDown).toBe(false);
    const lhrDown = routerWith(withStatus(config(), ['192.0.2.10']), VNET.london).route(web, null);
    expect(lhrDown).toMatchObject({
      ok: true,
      upstream: { kind: 'http', port: 3128 },
      label: { egress_ipv4: '192.0.2.11', gateway: 'http://127.0.0.1:3128' },
    });
    expect(lhrDown.ok && 'fallback' in lhrDown).toBe(false);
  });

  it('dials directly from a source_address gateway, and falls back to the shared egress as declared', () => {
    const decision = routerWith(config(), VNET.amsterdam).route(web, null);
    expect(decision).toMatchObject({
      ok: true,
      upstream: { kind: 'direct', localAddress: '127.0.0.20' },
      label: { egress_ipv4: '192.0.2.20', gateway: 'source 127.0.0.20' },
      fallback: {
        upstream: { kind: 'direct' },
        label: { egress_kind: 'shared', egress_ipv4: null, gateway: 'direct' },
      },
    });
    expect(decision.ok && decision.fallback?.upstream).toEqual({ kind: 'direct' });
  });

  it('sends the shared egress direct: a contractor, and a rule that falls back to it', () => {
    const contractor = routerWith(
      config({ identity: { email: 'c@example.com', groups: ['contractors'] } }),
      VNET.london,
    ).route(web, null);
    expect(contractor).toMatchObject({
      ok: true,
      upstream: { kind: 'direct' },
      label: {
        egress_kind: 'shared',
        egress_ipv4: null,
        gateway: 'direct',
        rule: { name: 'rule 1' },
      },
    });
    expect(contractor.ok && contractor.upstream).toEqual({ kind: 'direct' });
    const iadDown = routerWith(withStatus(config(), ['198.51.100.40']), VNET.usEast).route(
      web,
      null,
    );
    expect(iadDown).toMatchObject({
      ok: true,
      upstream: { kind: 'direct' },
      label: { egress_kind: 'shared' },
    });
  });

  it('refuses an egress whose gateway is null, naming it', () => {
    const decision = routerWith(config(), VNET.dublin).route(web, null);
    expect(decision).toEqual({
      ok: false,
      reason: 'egress 198.51.100.30 (DUB, Dublin) has no gateway',
      label: expect.objectContaining({
        egress_ipv4: '198.51.100.30',
        gateway: null,
        vnet_name: 'vnet-Dublin',
      }),
    });
  });

  it("refuses an unavailable egress with the resolver's reason, never another city", () => {
    const decision = routerWith(
      withStatus(config(), ['192.0.2.10', '192.0.2.11']),
      VNET.london,
    ).route(web, null);
    expect(decision).toMatchObject({
      ok: false,
      reason:
        'egress unavailable: LHR (London) is down and the fallback 192.0.2.11 at LCY (London) is down too',
      label: { egress_kind: 'unavailable', egress_ipv4: null, rule: { name: 'rule 2' } },
    });
    const dublinDown = routerWith(withStatus(config(), ['198.51.100.30']), VNET.dublin).route(
      web,
      null,
    );
    expect(dublinDown).toMatchObject({
      ok: false,
      reason: 'egress unavailable: DUB (Dublin) is down and the rule has no fallback',
    });
  });

  it('refuses before any config, and for a scope naming no live vnet', () => {
    expect(new ConnectionRouter().route(web, null)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no device config yet'),
      label: { egress_kind: 'unavailable', config_version: 0 },
    });
    const router = routerWith(config(), VNET.london);
    expect(router.route(web, 'de5e0000-0000-4000-8000-0000000000ff')).toMatchObject({
      ok: false,
      reason:
        'vnet de5e0000-0000-4000-8000-0000000000ff is not a live virtual network of this account',
    });
  });

  it("a scope egresses as its own vnet; without one, the agent's attached vnet, else the server's record", () => {
    const router = routerWith(config({ vnet_id: VNET.amsterdam }));
    expect(router.route(web, null).label.vnet_id).toBe(VNET.amsterdam);
    router.setAttachedVnet(VNET.london);
    expect(router.route(web, null).label.egress_ipv4).toBe('192.0.2.10');
    expect(router.route(web, VNET.amsterdam).label).toMatchObject({
      vnet_id: VNET.amsterdam,
      egress_ipv4: '192.0.2.20',
    });
  });

  it('joins the destination: a host rule sends that host through London whatever the vnet', () => {
    const saas = rule(6, 5, 'net.fqdn == "saas.example.com"', {
      ipv4: '192.0.2.10',
      ipv6: '2001:db8:1::/48',
    });
    const router = routerWith(config({ rules: [...config().rules, saas] }), VNET.amsterdam);
    const toSaas = { host: 'SaaS.example.com', port: 443, protocol: 'tcp' } as const;
    expect(router.route(toSaas, null).label).toMatchObject({
      egress_ipv4: '192.0.2.10',
      rule: { name: 'rule 6' },
    });
    expect(router.route(web, null).label.egress_ipv4).toBe('192.0.2.20');
    // A literal is the destination IP, not a host name; ports and protocol are facts too.
    const byIp = rule(
      7,
      6,
      'net.dst.ip in {198.18.0.0/15} and net.dst.port == 8443 and net.protocol == "tcp"',
      {
        ipv4: '192.0.2.11',
        ipv6: '2001:db8:2::/48',
      },
    );
    const withIp = routerWith(config({ rules: [...config().rules, byIp] }), VNET.amsterdam);
    const literal = { host: '198.18.0.7', ip: '198.18.0.7', port: 8443, protocol: 'tcp' } as const;
    expect(withIp.route(literal, null).label.egress_ipv4).toBe('192.0.2.11');
    expect(withIp.route({ ...literal, port: 443 }, null).label.egress_ipv4).toBe('192.0.2.20');
  });

  it('treats a destination country as absent (== false, != true) and the trace says so', () => {
    const inGb = rule(6, 5, 'net.dst.geo.country == "GB"', {
      ipv4: '192.0.2.11',
      ipv6: '2001:db8:2::/48',
    });
    const notGb = rule(7, 6, 'net.dst.geo.country != "GB"', {
      ipv4: '192.0.2.20',
      ipv6: '2001:db8:3::/48',
    });
    const router = routerWith(config({ rules: [...config().rules, inGb, notGb] }), VNET.london);
    const explained = router.explain({ host: 'bbc.co.uk', port: 443, protocol: 'tcp' }, null);
    expect(explained.decision.label).toMatchObject({
      egress_ipv4: '192.0.2.20',
      rule: { name: 'rule 7' },
    });
    expect(explained.unknown_fields).toEqual(['net.dst.geo.country', 'net.dst.geo.continent']);
    // …and so does every decision's label, which the connection log keeps.
    expect(router.route(web, null).label.unknown_fields).toEqual([
      'net.dst.geo.country',
      'net.dst.geo.continent',
    ]);
    expect(explained.resolution?.trace?.slice(0, 2)).toEqual([
      expect.objectContaining({
        outcome: 'no_match',
        failed: { expression: 'traffic', condition: 'net.dst.geo.country == "GB"' },
      }),
      expect.objectContaining({ outcome: 'matched' }),
    ]);
    // Without rules on the destination's geography nothing is unknown.
    expect(routerWith(config(), VNET.london).explain(web, null).unknown_fields).toEqual([]);
    expect(routerWith(config(), VNET.london).route(web, null).label).not.toHaveProperty(
      'unknown_fields',
    );
  });

  it('compiles once per config version; device state changes apply without recompiling', () => {
    const router = routerWith(config(), null);
    expect(router.route(web, null).label.egress_ipv4).toBe('192.0.2.10');
    // Same version, the device moved to Amsterdam on the server: no recompile needed.
    router.update(config({ vnet_id: VNET.amsterdam }));
    expect(router.route(web, null).label.egress_ipv4).toBe('192.0.2.20');
    router.update(withStatus(config({ vnet_id: VNET.london }), ['192.0.2.10']));
    expect(router.configVersion).toBe(8);
    expect(router.route(web, null).label.egress_ipv4).toBe('192.0.2.11');
  });
});
