import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  POLICY_FIELDS,
  type PolicyFacts,
  parseExpression,
  prepareFacts,
} from '../../../src/shared/policy/index.js';
import { holds } from './helpers.js';

const facts: PolicyFacts = {
  vnetId: 'vnet-london',
  protocol: 'tcp',
  src: { ip: '198.51.100.7', port: 51000, country: 'GB', continent: 'EU' },
  dst: { ip: '203.0.113.10', port: 443, country: 'US', continent: 'NA', host: 'API.Example.COM.' },
  identity: {
    email: 'Ada@Example.com',
    name: 'Ada Lovelace',
    groups: [{ name: 'finance', email: 'Finance@Example.com' }, { name: 'qa' }],
  },
  devicePosture: { passed: ['disk-encrypted', 'firewall'] },
};

describe('evaluation: strings', () => {
  it.each<[string, boolean]>([
    ['net.vnet_id == "vnet-london"', true],
    ['net.vnet_id == "VNET-LONDON"', false],
    ['net.vnet_id != "vnet-london"', false],
    ['net.vnet_id != "vnet-paris"', true],
    ['net.vnet_id in {"vnet-paris" "vnet-london"}', true],
    ['net.vnet_id in {"vnet-paris"}', false],
    ['net.vnet_id matches "^vnet-"', true],
    ['net.vnet_id matches "lond"', true],
    ['net.vnet_id matches "^lond"', false],
    ['net.protocol == "tcp"', true],
    ['net.src.geo.country == "GB"', true],
    ['net.src.geo.continent == "EU"', true],
    ['net.dst.geo.country in {"US" "CA"}', true],
    ['net.dst.geo.continent == "EU"', false],
    ['identity.name == "Ada Lovelace"', true],
    ['identity.name == "ada lovelace"', false],
  ])('%s → %s', (source, expected) => {
    expect(holds(source, facts)).toBe(expected);
  });
});

describe('evaluation: host names and emails compare case-insensitively', () => {
  it.each<[string, boolean]>([
    ['net.fqdn == "api.example.com"', true],
    ['net.fqdn == "API.EXAMPLE.COM"', true],
    ['net.fqdn == "api.example.com."', true],
    ['net.fqdn in {"x.example.com" "Api.Example.Com"}', true],
    ['net.fqdn matches "^api\\.example\\.com$"', true],
    ['net.fqdn matches "^API\\."', true],
    ['identity.email == "ada@example.com"', true],
    ['identity.email == "ADA@EXAMPLE.COM"', true],
    ['identity.email matches "@EXAMPLE\\.com$"', true],
    ['any(identity.groups.email[*] == "finance@example.com")', true],
    ['any(identity.groups.email[*] == "qa@example.com")', false],
  ])('%s → %s', (source, expected) => {
    expect(holds(source, facts)).toBe(expected);
  });
});

describe('evaluation: integers', () => {
  it.each<[string, boolean]>([
    ['net.dst.port == 443', true],
    ['net.dst.port != 443', false],
    ['net.dst.port > 442', true],
    ['net.dst.port > 443', false],
    ['net.dst.port >= 443', true],
    ['net.dst.port < 444', true],
    ['net.dst.port < 443', false],
    ['net.dst.port <= 443', true],
    ['net.dst.port in {80 443}', true],
    ['net.dst.port in {80 8443}', false],
    ['net.dst.port in {1..442 444..65535}', false],
    ['net.dst.port in {400..500}', true],
    ['net.dst.port in {443..443}', true],
    ['net.src.port in {50000..50999 51000}', true],
    ['net.src.port in {0..50999}', false],
  ])('%s → %s', (source, expected) => {
    expect(holds(source, facts)).toBe(expected);
  });

  it('matches every port of overlapping and adjacent ranges and nothing outside them', () => {
    const test = compileExpression(
      parseExpressionOrThrow('net.dst.port in {8000..8099 8050..8200 8201 9000 22 1..3}'),
    );
    const inside = new Set<number>();
    for (const [from, to] of [
      [8000, 8201],
      [9000, 9000],
      [22, 22],
      [1, 3],
    ] as const) {
      for (let p = from; p <= to; p++) inside.add(p);
    }
    const wrong: number[] = [];
    for (let port = 0; port <= 10_000; port++) {
      if (test.test(prepareFacts({ dst: { port } })) !== inside.has(port)) wrong.push(port);
    }
    expect(wrong).toEqual([]);
  });
});

describe('evaluation: IP addresses', () => {
  it.each<[string, string, boolean]>([
    ['net.dst.ip == 203.0.113.10', '203.0.113.10', true],
    ['net.dst.ip == 203.0.113.10', '203.0.113.11', false],
    ['net.dst.ip != 203.0.113.10', '203.0.113.11', true],
    ['net.dst.ip in {203.0.113.0/24}', '203.0.113.255', true],
    ['net.dst.ip in {203.0.113.0/24}', '203.0.114.0', false],
    ['net.dst.ip in {10.0.0.0/8 192.0.2.1}', '192.0.2.1', true],
    ['net.dst.ip in {10.0.0.0/8 192.0.2.1}', '10.255.255.255', true],
    ['net.dst.ip in {10.0.0.0/8 192.0.2.1}', '11.0.0.0', false],
    ['net.dst.ip in {0.0.0.0/0}', '255.255.255.255', true],
    ['net.dst.ip in {0.0.0.0/0}', '::1', false],
    ['net.dst.ip in {2001:db8::/32}', '2001:db8:ffff::1', true],
    ['net.dst.ip in {2001:db8::/32}', '2001:db9::1', false],
    ['net.dst.ip in {2001:db8::/32 10.0.0.0/8}', '2001:DB8:0:0:0:0:0:1', true],
    ['net.dst.ip == 2001:db8::1', '2001:0db8::0001', true],
    ['net.dst.ip in {::/0}', '2001:db8::1', true],
    ['net.dst.ip in {::/0}', '10.0.0.1', false],
    ['net.dst.ip in {2001:db8::/128}', '2001:db8::', true],
    ['net.dst.ip in {2001:db8::/128}', '2001:db8::1', false],
    // An IPv4-mapped IPv6 address is its IPv4 address, on either side.
    ['net.dst.ip in {10.0.0.0/8}', '::ffff:10.1.2.3', true],
    ['net.dst.ip == ::ffff:10.1.2.3', '10.1.2.3', true],
    ['net.dst.ip in {::ffff:10.0.0.0/104}', '10.200.0.1', true],
    ['net.dst.ip in {::ffff:10.0.0.0/104}', '11.0.0.1', false],
    // A fact that is not an address is missing: nothing matches it, != holds.
    ['net.dst.ip in {0.0.0.0/0 ::/0}', 'not-an-ip', false],
    ['net.dst.ip != 10.0.0.1', '10.1', true],
  ])('%s with %s → %s', (source, ip, expected) => {
    expect(holds(source, { dst: { ip }, src: { ip } })).toBe(expected);
    expect(holds(source.replace('net.dst.ip', 'net.src.ip'), { src: { ip } })).toBe(expected);
  });
});

describe('evaluation: lists through any(…)', () => {
  it.each<[string, boolean]>([
    ['any(identity.groups.name[*] == "finance")', true],
    ['any(identity.groups.name[*] == "Finance")', false],
    ['any(identity.groups.name[*] in {"admin" "qa"})', true],
    ['any(identity.groups.name[*] in {"admin"})', false],
    ['any(identity.groups.name[*] != "finance")', true],
    ['any(identity.groups.name[*] matches "^fin")', true],
    ['any(device_posture.checks.passed[*] == "firewall")', true],
    ['any(device_posture.checks.passed[*] in {"av" "os-version"})', false],
    ['any(net.fqdn.domains[*] == "example.com")', true],
    ['any(net.fqdn.domains[*] == "com")', true],
    ['any(net.fqdn.domains[*] == "api.example.com")', true],
    ['any(net.fqdn.domains[*] == "ample.com")', false],
    ['any(net.fqdn.domains[*] in {"EXAMPLE.COM."})', true],
  ])('%s → %s', (source, expected) => {
    expect(holds(source, facts)).toBe(expected);
  });

  it('derives each parent domain of the host', () => {
    const source = 'any(net.fqdn.domains[*] == "b.example.com")';
    expect(holds(source, { dst: { host: 'a.b.example.com' } })).toBe(true);
    expect(holds(source, { dst: { host: 'b.example.com' } })).toBe(true);
    expect(holds(source, { dst: { host: 'example.com' } })).toBe(false);
    expect(holds(source, { dst: { host: 'ab.example.com' } })).toBe(false);
  });

  it('any(…) over an empty or missing list is false, even with !=', () => {
    for (const f of [{}, { identity: { groups: [] } }, { devicePosture: { passed: [] } }]) {
      expect(holds('any(identity.groups.name[*] != "x")', f)).toBe(false);
      expect(holds('any(device_posture.checks.passed[*] matches ".*")', f)).toBe(false);
      expect(holds('not(any(identity.groups.name[*] == "x"))', f)).toBe(true);
    }
  });
});

describe('evaluation: missing facts', () => {
  it.each<[string, boolean]>([
    ['net.vnet_id == "x"', false],
    ['net.vnet_id != "x"', true],
    ['not(net.vnet_id == "x")', true],
    ['net.vnet_id in {"x"}', false],
    ['net.vnet_id matches ".*"', false],
    ['net.dst.port == 0', false],
    ['net.dst.port != 0', true],
    ['net.dst.port < 65535', false],
    ['net.dst.port >= 0', false],
    ['net.dst.port in {0..65535}', false],
    ['net.dst.ip in {0.0.0.0/0}', false],
    ['net.dst.ip != 10.0.0.1', true],
    ['identity.email == ""', false],
    ['net.fqdn matches ""', false],
    ['any(net.fqdn.domains[*] matches "")', false],
  ])('with no facts, %s → %s', (source, expected) => {
    expect(holds(source, {})).toBe(expected);
  });

  it('a port that is not an integer in 0–65535 counts as missing', () => {
    for (const port of [-1, 65536, 80.5, Number.NaN]) {
      expect(holds('net.dst.port >= 0', { dst: { port } })).toBe(false);
      expect(holds('net.dst.port != 80', { dst: { port } })).toBe(true);
    }
  });

  it('an empty string is a value, not a missing fact', () => {
    expect(holds('net.vnet_id == ""', { vnetId: '' })).toBe(true);
    expect(holds('net.vnet_id matches "^$"', { vnetId: '' })).toBe(true);
  });
});

describe('evaluation: connectives', () => {
  const a = 'net.vnet_id == "vnet-london"'; // true
  const b = 'net.dst.port == 80'; // false
  const c = 'any(identity.groups.name[*] == "qa")'; // true

  it.each<[string, boolean]>([
    [`${a} and ${b}`, false],
    [`${a} and ${c}`, true],
    [`${b} or ${c}`, true],
    [`${b} or ${b}`, false],
    [`${b} and ${b} or ${c}`, true],
    [`${b} and (${b} or ${c})`, false],
    [`not ${b} and ${a}`, true],
    [`not(${b} or ${c})`, false],
    [`!${a} || ${b}`, false],
    [`${a} && ${c} && !${b}`, true],
    [`${a} xor ${c}`, false],
    [`${a} xor ${b}`, true],
    [`${a} ^^ ${c} ^^ ${a}`, true],
    [`${a} and ${a} and ${a} and ${c}`, true],
    [`${a} and ${a} and ${a} and ${b}`, false],
    [`${b} or ${b} or ${b} or ${c}`, true],
  ])('%s → %s', (source, expected) => {
    expect(holds(source, facts)).toBe(expected);
  });

  it('an empty expression holds for any facts', () => {
    const empty = compileExpression(null);
    expect(empty.test(prepareFacts({}))).toBe(true);
    expect(empty.test(prepareFacts(facts))).toBe(true);
    expect(empty.explain(prepareFacts({}))).toBeUndefined();
    expect(empty.canonical).toBe('');
    expect(empty.constraint('net.vnet_id')).toBeNull();
  });
});

describe('the field table', () => {
  it('lists exactly the fields of issue 2, each in its column', () => {
    const byName = Object.fromEntries(POLICY_FIELDS.map((f) => [f.name, f]));
    expect(Object.keys(byName).sort()).toEqual(
      [
        'net.vnet_id',
        'net.dst.ip',
        'net.src.ip',
        'net.dst.port',
        'net.src.port',
        'net.protocol',
        'net.dst.geo.country',
        'net.dst.geo.continent',
        'net.src.geo.country',
        'net.src.geo.continent',
        'net.fqdn',
        'net.fqdn.domains',
        'identity.email',
        'identity.name',
        'identity.groups.name',
        'identity.groups.email',
        'device_posture.checks.passed',
      ].sort(),
    );
    for (const field of POLICY_FIELDS) {
      const column = field.name.startsWith('net.')
        ? 'traffic'
        : field.name.startsWith('identity.')
          ? 'identity'
          : 'device_posture';
      expect(field.kinds, field.name).toEqual([column]);
      expect(field.description.length, field.name).toBeGreaterThan(5);
    }
    expect(byName['net.dst.port']?.type).toBe('integer');
    expect(byName['net.dst.ip']?.type).toBe('ip');
    expect(byName['identity.groups.name']?.type).toBe('list of string');
  });

  it('every field compiles and reads its own fact', () => {
    const sample: Record<string, string> = {
      string: '"x"',
      ip: '192.0.2.1',
      integer: '7',
    };
    const factsFor: Record<string, PolicyFacts> = {
      'net.vnet_id': { vnetId: 'x' },
      'net.protocol': { protocol: 'x' },
      'net.src.ip': { src: { ip: '192.0.2.1' } },
      'net.dst.ip': { dst: { ip: '192.0.2.1' } },
      'net.src.port': { src: { port: 7 } },
      'net.dst.port': { dst: { port: 7 } },
      'net.src.geo.country': { src: { country: 'x' } },
      'net.src.geo.continent': { src: { continent: 'x' } },
      'net.dst.geo.country': { dst: { country: 'x' } },
      'net.dst.geo.continent': { dst: { continent: 'x' } },
      'net.fqdn': { dst: { host: 'x' } },
      'net.fqdn.domains': { dst: { host: 'x' } },
      'identity.email': { identity: { email: 'x' } },
      'identity.name': { identity: { name: 'x' } },
      'identity.groups.name': { identity: { groups: [{ name: 'x' }] } },
      'identity.groups.email': { identity: { groups: [{ name: 'g', email: 'x' }] } },
      'device_posture.checks.passed': { devicePosture: { passed: ['x'] } },
    };
    for (const field of POLICY_FIELDS) {
      const list = field.type.startsWith('list of ');
      const value = sample[list ? field.type.slice(8) : field.type] ?? '"x"';
      const source = list ? `any(${field.name}[*] == ${value})` : `${field.name} == ${value}`;
      const parsed = parseExpression(source, field.kinds[0]);
      expect(parsed.ok, source).toBe(true);
      if (!parsed.ok) continue;
      const compiled = compileExpression(parsed.ast);
      expect(compiled.test(prepareFacts(factsFor[field.name] ?? {})), source).toBe(true);
      expect(compiled.test(prepareFacts({})), source).toBe(false);
    }
  });
});

function parseExpressionOrThrow(source: string) {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.ast;
}
