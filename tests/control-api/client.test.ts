import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import {
  ControlApiClient,
  ControlApiError,
  ControlApiUnreachableError,
  ErrorCode,
} from '../../src/shared/api/index.js';
import { startTestApi, type TestApi, tempDir } from './helpers.js';

const tmp = tempDir();
let t: TestApi;
let admin: ControlApiClient;
beforeAll(async () => {
  t = await startTestApi(tmp.dir);
  // A base URL with the API prefix and a trailing slash, as people paste it.
  const discover = new ControlApiClient({ baseUrl: `${t.api.url}/client/v4/`, token: t.admin });
  const [account] = await discover.listAccounts();
  admin = discover.withAccount(account?.id ?? '');
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('the typed control-API client', () => {
  it('does what the agent does: enrol, attach, locate, resolve with previews, trace', async () => {
    expect(admin.accountId).toBe(t.api.accountId);
    const vnets = await admin.listVirtualNetworks({ is_deleted: false });
    expect(vnets.map((v) => v.name)).toContain('vnet-London');

    const enrolled = await admin.enrolDevice({ name: 'agent', user_email: 'qa@example.com' });
    const device = new ControlApiClient({
      baseUrl: t.api.url,
      token: enrolled.token,
      accountId: t.api.accountId,
    });
    expect((await device.attachDevice(enrolled.id, DEMO_VNETS.london.id)).vnet_id).toBe(
      DEMO_VNETS.london.id,
    );
    expect((await device.setDeviceLocation(enrolled.id, { colo: 'AMS' })).location).toEqual({
      colo: 'AMS',
    });
    expect((await device.getDevice(enrolled.id)).vnet_id).toBe(DEMO_VNETS.london.id);

    const resolved = await device.resolve({ all_vnets: true, explain: true });
    expect(resolved.egress.ipv4).toBe(DEMO_EGRESS_IPS.lhr.ipv4);
    expect(resolved.vnets?.[0]?.name).toBe('default');
    expect(resolved.trace?.length).toBeGreaterThan(0);

    // Fetched directly from 127.0.0.1, not through a gateway: the trace says so.
    const trace = await device.fetchTrace();
    expect(trace).toMatchObject({
      ip: '127.0.0.1',
      observed: '127.0.0.1',
      mapped: 'none',
      vnet: DEMO_VNETS.london.id,
      warp: 'off',
    });
    expect(device.eventsUrl()).toBe(`${t.api.url}/client/v4/accounts/${t.api.accountId}/events`);
  });

  it('turns an error envelope into a ControlApiError with status and code', async () => {
    const enrolled = await admin.enrolDevice({ name: 'limited', user_email: 'dev@example.com' });
    const device = new ControlApiClient({
      baseUrl: t.api.url,
      token: enrolled.token,
      accountId: t.api.accountId,
    });
    const error = await device
      .enrolDevice({ name: 'x', user_email: 'x@example.com' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ControlApiError);
    expect(error).toMatchObject({ status: 403, code: ErrorCode.AUTHENTICATION_ERROR });
  });

  it('reads a plain-text 503 (a destination behind an unavailable egress) as egress unavailable', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('egress unavailable\n');
    });
    const port = await listen(server);
    try {
      const client = new ControlApiClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'x' });
      const unavailable = await client.fetchTrace().catch((caught: unknown) => caught);
      expect(unavailable).toMatchObject({
        status: 503,
        code: ErrorCode.EGRESS_UNAVAILABLE,
        message: 'egress unavailable',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('changes a gateway and hands the status to the probes, reading the password masked', async () => {
    const id = DEMO_EGRESS_IPS.iad.id;
    try {
      const proxied = await admin.updateEgressIp(id, {
        gateway: { proxy_url: 'socks5://qa:s3cret@127.0.0.1:9' },
      });
      expect(proxied).toMatchObject({
        gateway: { proxy_url: 'socks5://qa:***@127.0.0.1:9' },
        status_source: 'probe',
      });
      expect(await admin.setEgressIpStatus(id, 'down')).toMatchObject({ status_source: 'manual' });
      expect(await admin.setEgressIpStatus(id, 'auto')).toMatchObject({ status_source: 'probe' });
    } finally {
      await admin.updateEgressIp(id, {
        gateway: { source_address: DEMO_EGRESS_IPS.iad.source_address },
        status: 'healthy',
      });
    }
  });

  it('reports a closed port as unreachable', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const client = new ControlApiClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'x' });
    const error = await client.listAccounts().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ControlApiUnreachableError);
    expect(error).toMatchObject({ reason: 'network' });
  });

  it('gives up on a server that never answers, as a timeout', async () => {
    const server = createServer(() => {
      // Never answers.
    });
    const port = await listen(server);
    try {
      const client = new ControlApiClient({
        baseUrl: `http://127.0.0.1:${port}`,
        token: 'x',
        timeoutMs: 200,
      });
      const error = await client.health().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ControlApiUnreachableError);
      expect(error).toMatchObject({ reason: 'timeout' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects with the caller’s abort reason, not a ControlApiError', async () => {
    const controller = new AbortController();
    controller.abort(new Error('superseded by a newer switch'));
    const error = await admin.resolve({}, { signal: controller.signal }).catch((c: unknown) => c);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('superseded by a newer switch');
  });

  it('refuses an answer that does not match the contract', async () => {
    const client = new ControlApiClient({
      baseUrl: 'http://control.invalid',
      token: 'x',
      accountId: 'a',
      fetch: async () =>
        new Response(
          JSON.stringify({ success: true, errors: [], messages: [], result: { egress: 1 } }),
        ),
    });
    const error = await client.resolve({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ControlApiError);
    expect(error).toMatchObject({ code: ErrorCode.INVALID_RESPONSE });
  });

  it('needs an account for account-scoped calls', () => {
    const client = new ControlApiClient({ baseUrl: t.api.url, token: t.admin });
    expect(() => client.eventsUrl()).toThrow(/withAccount/);
  });
});
