import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_RULES, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { ErrorCode } from '../../src/shared/api/index.js';
import {
  type CallOptions,
  caller,
  enrol,
  type Json,
  snapshotState,
  startTestApi,
  type TestApi,
  tempDir,
} from './helpers.js';

const tmp = tempDir();
let t: TestApi;
let device: { id: string; token: string };
let otherDevice: { id: string; token: string };
let before: Json;

const LHR_SPARE = { ipv4: '192.0.2.12', ipv6: '2001:db8:12::/48', colo: 'LHR' };

beforeAll(async () => {
  t = await startTestApi(tmp.dir);
  device = await enrol(t, 'qa laptop', 'qa@example.com');
  otherDevice = await enrol(t, 'dev laptop', 'dev@example.com');
  // A second IP in LHR, so a fallback "in the same data center" can be attempted.
  await caller(t)('POST', 'gateway/egress_ips', { body: LHR_SPARE });
  before = await snapshotState(t);
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

type Who = 'admin' | 'device' | 'none' | 'wrong';
interface Case {
  what: string;
  method: string;
  /** Relative to the account unless absolute. */
  path: string | (() => string);
  who?: Who;
  request?: Omit<CallOptions, 'token'>;
  status: number;
  code: number;
  message?: RegExp;
}

const rule = (extra: Json) => ({ name: 'probe', action: 'egress', ...extra });
const egress = (settings: Json) => rule({ rule_settings: { egress: settings } });
const { lhr, ams } = DEMO_EGRESS_IPS;
const V = ErrorCode.VALIDATION_ERROR;

const cases: Case[] = [
  {
    what: 'malformed JSON',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { rawBody: '{"name":' },
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
  {
    what: 'an empty JSON body',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { rawBody: '' },
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
  },
  {
    what: 'a __proto__ key (refused, and said so)',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { rawBody: '{"name":"p","__proto__":{"is_default_network":true}}' },
    status: 400,
    code: ErrorCode.MALFORMED_JSON,
    message: /__proto__/,
  },
  {
    what: 'a body that is not JSON at all',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { rawBody: 'name=x', headers: { 'content-type': 'text/plain' } },
    status: 415,
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  },
  {
    what: 'a wrong type',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { body: { name: 42 } },
    status: 400,
    code: V,
    message: /body\.name/,
  },
  {
    what: 'an over-long name',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { body: { name: 'n'.repeat(257) } },
    status: 400,
    code: V,
    message: /body\.name.*256/,
  },
  {
    what: 'an over-long comment',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { body: { name: 'ok', comment: 'c'.repeat(257) } },
    status: 400,
    code: V,
    message: /body\.comment/,
  },
  {
    what: 'an empty name',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { body: { name: '   ' } },
    status: 400,
    code: V,
    message: /body\.name/,
  },
  {
    what: 'a NUL byte in a vnet name (reads would cut it short: a second "vnet-London")',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { body: { name: 'vnet-London\u0000x' } },
    status: 400,
    code: V,
    message: /^body\.name: .*control character/,
  },
  {
    what: 'a line break in a vnet rename',
    method: 'PATCH',
    path: `teamnet/virtual_networks/${DEMO_VNETS.dublin.id}`,
    request: { body: { name: 'vnet-Dublin\nx' } },
    status: 400,
    code: V,
    message: /^body\.name: .*control character/,
  },
  {
    what: 'an escape sequence in a vnet comment',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { body: { name: 'ok', comment: '\u001b[2Jgone' } },
    status: 400,
    code: V,
    message: /^body\.comment: .*control character/,
  },
  {
    what: 'a control character in a list filter',
    method: 'GET',
    path: 'teamnet/virtual_networks?name=vnet-London%00',
    status: 400,
    code: V,
    message: /^query\.name: .*control character/,
  },
  {
    what: 'a control character in a path parameter',
    method: 'GET',
    path: 'teamnet/virtual_networks/abc%07',
    status: 400,
    code: V,
    message: /^path\.vnet_id: .*control character/,
  },
  {
    what: 'a NUL byte in a rule name',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ name: 'probe\u0000' }) },
    status: 400,
    code: V,
    message: /^body\.name: .*control character/,
  },
  {
    what: 'a NUL byte in a rule description',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ description: 'a\u0000b' }) },
    status: 400,
    code: V,
    message: /^body\.description: .*control character/,
  },
  {
    what: 'a NUL byte inside a quoted string of an expression',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ traffic: 'http.host == "a\u0000b"' }) },
    status: 400,
    code: V,
    message: /^body\.traffic: .*control character/,
  },
  {
    what: 'a NUL byte in a device name',
    method: 'POST',
    path: 'devices',
    request: { body: { name: 'laptop\u0000', user_email: 'nul@example.com' } },
    status: 400,
    code: V,
    message: /^body\.name: .*control character/,
  },
  {
    what: 'a control character in a group name',
    method: 'PUT',
    path: 'users/qa@example.com',
    request: { body: { groups: ['qa\u0085'] } },
    status: 400,
    code: V,
    message: /^body\.groups\.0: .*control character/,
  },
  {
    what: 'a control character in a what-if host',
    method: 'POST',
    path: 'gateway/egress/resolve',
    request: { body: { context: { destination: { host: 'example.com\u0000.evil' } } } },
    status: 400,
    code: V,
    message: /^body\.context\.destination\.host: .*control character/,
  },
  {
    what: 'an unknown field',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { body: { name: 'ok', colour: 'red' } },
    status: 400,
    code: V,
    message: /unknown field "colour"/,
  },
  {
    what: 'a duplicate name',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { body: { name: 'vnet-London' } },
    status: 409,
    code: ErrorCode.CONFLICT,
    message: /vnet-London/,
  },
  {
    what: 'a rename onto a taken name',
    method: 'PATCH',
    path: `teamnet/virtual_networks/${DEMO_VNETS.london.id}`,
    request: { body: { name: 'vnet-Dublin' } },
    status: 409,
    code: ErrorCode.CONFLICT,
  },
  {
    what: 'un-defaulting the default',
    method: 'PATCH',
    path: `teamnet/virtual_networks/${DEMO_VNETS.default.id}`,
    request: { body: { is_default_network: false } },
    status: 400,
    code: ErrorCode.DEFAULT_VNET_REQUIRED,
    message: /make another/,
  },
  {
    what: 'deleting the default',
    method: 'DELETE',
    path: `teamnet/virtual_networks/${DEMO_VNETS.default.id}`,
    status: 400,
    code: ErrorCode.DEFAULT_VNET_REQUIRED,
  },
  {
    what: 'deleting a vnet a rule references',
    method: 'DELETE',
    path: `teamnet/virtual_networks/${DEMO_VNETS.london.id}`,
    status: 409,
    code: ErrorCode.RESOURCE_IN_USE,
    message: /Egress London.*force=true/,
  },
  {
    what: 'an unknown vnet',
    method: 'PATCH',
    path: 'teamnet/virtual_networks/no-such-vnet',
    request: { body: { name: 'x' } },
    status: 404,
    code: ErrorCode.NOT_FOUND,
  },
  {
    what: 'a precedence clash',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ precedence: DEMO_RULES.london.precedence }) },
    status: 409,
    code: ErrorCode.CONFLICT,
    message: /Egress London/,
  },
  {
    what: 'a negative precedence',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ precedence: -1 }) },
    status: 400,
    code: V,
    message: /body\.precedence/,
  },
  {
    what: 'a syntax error in an expression',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ traffic: 'net.dst.port ==' }) },
    status: 400,
    code: ErrorCode.INVALID_EXPRESSION,
    message: /body\.traffic:.*column 16/,
  },
  {
    what: 'an unknown field in an expression',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ traffic: 'net.dst.prot == 443' }) },
    status: 400,
    code: ErrorCode.INVALID_EXPRESSION,
    message: /body\.traffic:.*net\.dst\.prot.*column 1/,
  },
  {
    what: 'a traffic field in the identity column',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ identity: 'net.dst.port == 443' }) },
    status: 400,
    code: ErrorCode.INVALID_EXPRESSION,
    message: /body\.identity:/,
  },
  {
    what: 'a vnet id that does not exist',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ traffic: 'net.vnet_id == "f70ff985-a4ef-4643-bbbc-4a0ed4fc8415"' }) },
    status: 400,
    code: ErrorCode.INVALID_EXPRESSION,
    message: /not a virtual network/,
  },
  {
    what: 'a non-egress action',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ action: 'block' }) },
    status: 400,
    code: ErrorCode.EGRESS_POLICIES_ONLY,
    message: /egress policies only/,
  },
  {
    what: 'a non-egress filter',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: rule({ filters: ['http'] }) },
    status: 400,
    code: ErrorCode.EGRESS_POLICIES_ONLY,
  },
  {
    what: 'a missing action',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: { name: 'no action' } },
    status: 400,
    code: V,
    message: /body\.action/,
  },
  {
    what: 'a bad IPv4',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: egress({ ipv4: '192.0.2.300' }) },
    status: 400,
    code: V,
    message: /body\.rule_settings\.egress\.ipv4/,
  },
  {
    what: 'a bad IPv6 CIDR',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: egress({ ipv4: lhr.ipv4, ipv6: '2001:db8::/200' }) },
    status: 400,
    code: V,
    message: /body\.rule_settings\.egress\.ipv6/,
  },
  {
    what: 'an IPv4 range as the IPv6 range',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: egress({ ipv4: lhr.ipv4, ipv6: '192.0.2.0/24' }) },
    status: 400,
    code: V,
    message: /ipv6/,
  },
  {
    what: 'an IP the account does not have',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: egress({ ipv4: '192.0.2.99' }) },
    status: 400,
    code: ErrorCode.INVALID_EGRESS_SETTINGS,
    message: /192\.0\.2\.99 is not one of this account/,
  },
  {
    what: 'a fallback in the same data center',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: egress({ ipv4: lhr.ipv4, ipv4_fallback: LHR_SPARE.ipv4 }) },
    status: 400,
    code: ErrorCode.INVALID_EGRESS_SETTINGS,
    message: /same data center \(LHR\).*down whenever/,
  },
  {
    what: 'a fallback the account does not have',
    method: 'POST',
    path: 'gateway/rules',
    request: { body: egress({ ipv4: lhr.ipv4, ipv4_fallback: '198.51.100.99' }) },
    status: 400,
    code: ErrorCode.INVALID_EGRESS_SETTINGS,
  },
  {
    what: 'an unknown data center for an egress IP',
    method: 'POST',
    path: 'gateway/egress_ips',
    request: { body: { ipv4: '192.0.2.50', ipv6: '2001:db8:50::/48', colo: 'ZZZ' } },
    status: 400,
    code: V,
    message: /body\.colo/,
  },
  {
    what: 'a duplicate egress IPv4',
    method: 'POST',
    path: 'gateway/egress_ips',
    request: { body: { ipv4: ams.ipv4, ipv6: '2001:db8:99::/48', colo: 'FRA' } },
    status: 409,
    code: ErrorCode.CONFLICT,
  },
  {
    what: 'moving an egress IP by PATCH',
    method: 'PATCH',
    path: `gateway/egress_ips/${ams.id}`,
    request: { body: { colo: 'FRA' } },
    status: 400,
    code: V,
  },
  {
    what: 'deleting an egress IP a rule uses',
    method: 'DELETE',
    path: `gateway/egress_ips/${ams.id}`,
    status: 409,
    code: ErrorCode.RESOURCE_IN_USE,
    message: /Egress Amsterdam/,
  },
  {
    what: 'a device on a vnet that does not exist',
    method: 'PATCH',
    path: () => `devices/${device.id}`,
    request: { body: { vnet_id: 'nope' } },
    status: 400,
    code: V,
    message: /body\.vnet_id/,
  },
  {
    what: 'a device location in an unknown data center',
    method: 'PATCH',
    path: () => `devices/${device.id}`,
    who: 'device',
    request: { body: { location: { colo: 'QQQ' } } },
    status: 400,
    code: V,
    message: /body\.location\.colo/,
  },
  {
    what: 'a point off the globe',
    method: 'PATCH',
    path: () => `devices/${device.id}`,
    who: 'device',
    request: { body: { location: { lat: 91, lon: 0 } } },
    status: 400,
    code: V,
  },
  {
    what: 'a user that is not an email',
    method: 'PUT',
    path: 'users/not-an-email',
    request: { body: { groups: ['qa'] } },
    status: 400,
    code: V,
    message: /email/,
  },
  {
    what: 'a what-if from an unknown data center',
    method: 'POST',
    path: 'gateway/egress/resolve',
    request: { body: { context: { source: { colo: 'QQQ' } } } },
    status: 400,
    code: V,
  },
  {
    what: 'a what-if on an unknown vnet',
    method: 'POST',
    path: 'gateway/egress/resolve',
    request: { body: { context: { vnet_id: 'nope' } } },
    status: 400,
    code: V,
    message: /context\.vnet_id/,
  },
  {
    what: 'a missing token',
    method: 'GET',
    path: 'teamnet/virtual_networks',
    who: 'none',
    status: 401,
    code: ErrorCode.AUTHENTICATION_ERROR,
    message: /Bearer/,
  },
  {
    what: 'a wrong token',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    who: 'wrong',
    request: { body: { name: 'x' } },
    status: 401,
    code: ErrorCode.AUTHENTICATION_ERROR,
  },
  {
    what: 'a malformed Authorization header',
    method: 'GET',
    path: 'teamnet/virtual_networks',
    who: 'none',
    request: { headers: { authorization: `Token ${'x'}` } },
    status: 401,
    code: ErrorCode.AUTHENTICATION_ERROR,
  },
  {
    what: 'a wrong legacy API key',
    method: 'GET',
    path: 'teamnet/virtual_networks',
    who: 'none',
    request: { headers: { 'x-auth-email': 'a@example.com', 'x-auth-key': 'nope' } },
    status: 401,
    code: ErrorCode.AUTHENTICATION_ERROR,
  },
  {
    what: 'a device token creating a vnet',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    who: 'device',
    request: { body: { name: 'mine' } },
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
    message: /device token cannot/,
  },
  {
    what: 'a device token changing a rule',
    method: 'DELETE',
    path: `gateway/rules/${DEMO_RULES.london.id}`,
    who: 'device',
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
  },
  {
    what: 'a device token marking a data center down',
    method: 'PATCH',
    path: `gateway/egress_ips/${lhr.id}`,
    who: 'device',
    request: { body: { status: 'down' } },
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
  },
  {
    what: 'a device token moving another device',
    method: 'PATCH',
    path: () => `devices/${otherDevice.id}`,
    who: 'device',
    request: { body: { vnet_id: DEMO_VNETS.london.id } },
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
    message: /own device/,
  },
  {
    what: 'a device token renaming itself',
    method: 'PATCH',
    path: () => `devices/${device.id}`,
    who: 'device',
    request: { body: { name: 'pwned' } },
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
    message: /only vnet_id and location/,
  },
  {
    what: 'a device token enrolling a device',
    method: 'POST',
    path: 'devices',
    who: 'device',
    request: { body: { name: 'x', user_email: 'x@example.com' } },
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
  },
  {
    what: 'a device token setting groups',
    method: 'PUT',
    path: 'users/qa@example.com',
    who: 'device',
    request: { body: { groups: ['admins'] } },
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
  },
  {
    what: 'a device token resolving a what-if vnet',
    method: 'POST',
    path: 'gateway/egress/resolve',
    who: 'device',
    request: { body: { context: { vnet_id: DEMO_VNETS.london.id } } },
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
    message: /context\.vnet_id/,
  },
  {
    what: 'a device token resolving another device',
    method: 'POST',
    path: 'gateway/egress/resolve',
    who: 'device',
    request: { body: { device_id: 'someone-else' } },
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
  },
  {
    what: 'the trace with the admin token',
    method: 'GET',
    path: '/cdn-cgi/trace',
    status: 403,
    code: ErrorCode.AUTHENTICATION_ERROR,
    message: /device token/,
  },
  {
    what: 'an oversized body',
    method: 'POST',
    path: 'teamnet/virtual_networks',
    request: { body: { name: 'big', comment: 'x'.repeat(70 * 1024) } },
    status: 413,
    code: ErrorCode.PAYLOAD_TOO_LARGE,
  },
  {
    what: 'an unknown route',
    method: 'GET',
    path: 'teamnet/tunnels',
    status: 404,
    code: ErrorCode.NO_ROUTE,
  },
  {
    what: 'an unknown account',
    method: 'GET',
    path: '/client/v4/accounts/0123456789abcdef0123456789abcdef/teamnet/virtual_networks',
    status: 404,
    code: ErrorCode.NOT_FOUND,
  },
  {
    what: 'an unknown rule',
    method: 'GET',
    path: 'gateway/rules/nope',
    status: 404,
    code: ErrorCode.NOT_FOUND,
  },
  {
    what: 'a malformed percent-escape in the path (the router’s own error)',
    method: 'GET',
    path: 'teamnet/virtual_networks/%zz',
    status: 400,
    code: ErrorCode.MALFORMED_REQUEST,
    message: /percent-escape.*%25/,
  },
  {
    what: 'a path parameter over 100 characters (the router’s own error)',
    method: 'GET',
    path: `teamnet/virtual_networks/${'a'.repeat(120)}`,
    status: 414,
    code: ErrorCode.MALFORMED_REQUEST,
    message: /longer than 100 characters/,
  },
  {
    what: 'a method the path does not have',
    method: 'PUT',
    path: 'teamnet/virtual_networks',
    request: { body: { name: 'x' } },
    status: 405,
    code: ErrorCode.METHOD_NOT_ALLOWED,
    message: /PUT .*teamnet\/virtual_networks.*GET, HEAD, POST/,
  },
  {
    what: 'a method no route has',
    method: 'PROPFIND',
    path: 'teamnet/virtual_networks',
    status: 405,
    code: ErrorCode.METHOD_NOT_ALLOWED,
  },
];

function tokenFor(who: Who): string | null {
  if (who === 'admin') return t.admin;
  if (who === 'device') return device.token;
  if (who === 'wrong') return 'esa_not-the-token';
  return null;
}

describe('bad requests get the exact status and code, and change nothing', () => {
  it.each(cases)('$what → $status', async (c) => {
    const path = typeof c.path === 'function' ? c.path() : c.path;
    const response = await caller(t, tokenFor(c.who ?? 'admin'))(c.method, path, c.request);
    expect(response.status, response.text).toBe(c.status);
    expect(response.json).toMatchObject({ success: false, result: null, messages: [] });
    expect(response.json.errors[0].code, response.text).toBe(c.code);
    if (c.message) expect(response.json.errors[0].message).toMatch(c.message);
    expect(await snapshotState(t)).toEqual(before);
  });

  it('a 405 says which methods the path has', async () => {
    const response = await caller(t)('DELETE', 'gateway/rules');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
  });
});

/** Requests fetch() refuses to send: written byte for byte on a socket. */
async function rawRequest(request: string): Promise<{ status: number; json: Json }> {
  const { host, port } = t.api;
  const socket = connect({ host, port });
  socket.end(request);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), json: JSON.parse(body) };
}

describe('requests Node’s HTTP parser refuses still get the envelope', () => {
  it.each([
    ['a malformed request line', 'GET /a b c\r\n\r\n', 400],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n', 400],
    [
      'headers larger than the limit',
      `GET / HTTP/1.1\r\nHost: x\r\nx-big: ${'b'.repeat(20_000)}\r\n\r\n`,
      431,
    ],
  ])('%s → %d', async (_what, request, status) => {
    const response = await rawRequest(request);
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ success: false, result: null, messages: [] });
    expect(response.json.errors[0].code).toBe(ErrorCode.MALFORMED_REQUEST);
    expect(response.json.errors[0].message).not.toBe('Client Error');
  });
});
