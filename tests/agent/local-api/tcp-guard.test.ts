import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApiHandle, serveLocalApi } from '../../../src/main/agent/local-api/index.js';
import { AgentError, createAgentHttpClient } from '../../../src/shared/agent/index.js';
import { createFakeAgent, type FakeAgent } from './fake-agent.js';
import { rawCall } from './helpers.js';

const TOKEN = 'tcp-guard-token-0123456789';
let fake: FakeAgent;
let server: LocalApiHandle;
let explicit: LocalApiHandle;

beforeAll(async () => {
  fake = createFakeAgent();
  server = await serveLocalApi(fake, {
    socketPath: null,
    tcp: { host: '127.0.0.1', port: 0, token: TOKEN },
  });
  explicit = await serveLocalApi(fake, {
    socketPath: null,
    tcp: { token: TOKEN, allowedOrigins: ['http://127.0.0.1:5173'] },
  });
});
afterAll(async () => {
  await server.close();
  await explicit.close();
});

describe('the loopback TCP listener needs the bearer token', () => {
  it.each([
    ['no token', undefined],
    ['a wrong token', 'Bearer wrong-token'],
    ['a token one character short', `Bearer ${TOKEN.slice(0, -1)}`],
    ['a non-bearer scheme', `Basic ${TOKEN}`],
  ])('%s → 401 unauthorized, the agent not called', async (_what, authorization) => {
    const before = fake.calls.length;
    const result = await rawCall(`${server.tcpUrl}/v1/state`, {
      headers: authorization ? { authorization } : {},
    });
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(result.json.error.code).toBe('unauthorized');
    expect(fake.calls.length).toBe(before);
  });

  it('the event stream also needs it', async () => {
    const result = await fetch(`${server.tcpUrl}/v1/events`);
    expect(result.status).toBe(401);
    await result.body?.cancel();
  });

  it('with the right token the command runs', async () => {
    const result = await rawCall(`${server.tcpUrl}/v1/state`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(result.status).toBe(200);
    expect(result.json.seq).toBe(1);
  });

  it('the client maps a wrong token to AgentError unauthorized', async () => {
    const client = createAgentHttpClient({ baseUrl: server.tcpUrl ?? '', token: 'nope' });
    const error = await client.getState({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe('unauthorized');
  });

  it('generates a token when none is given, and hands it back', async () => {
    const generated = await serveLocalApi(fake, { socketPath: null, tcp: {} });
    try {
      expect(generated.tcpToken).toMatch(/^[\w-]{40,}$/);
      const client = createAgentHttpClient({
        baseUrl: generated.tcpUrl ?? '',
        token: generated.tcpToken,
      });
      await expect(client.getState({})).resolves.toMatchObject({ seq: 1 });
    } finally {
      await generated.close();
    }
  });
});

describe('browser origins (the dev bridge)', () => {
  it('a loopback origin gets CORS on the answer', async () => {
    const result = await rawCall(`${server.tcpUrl}/v1/state`, {
      headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://localhost:5173' },
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('a preflight from a loopback origin is answered without the token', async () => {
    const response = await fetch(`${server.tcpUrl}/v1/switch`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:4000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4000');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('the preflight of an SSE reconnect (Last-Event-ID) is allowed', async () => {
    const response = await fetch(`${server.tcpUrl}/v1/events`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, last-event-id',
      },
    });
    expect(response.status).toBe(204);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'last-event-id']));
  });

  it.each(['https://evil.example', 'http://127.0.0.1.evil.example:80', 'null'])(
    'origin %s is refused with 403 even with the token',
    async (origin) => {
      const result = await rawCall(`${server.tcpUrl}/v1/state`, {
        headers: { authorization: `Bearer ${TOKEN}`, origin },
      });
      expect(result.status).toBe(403);
      expect(result.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('an explicit allow-list admits exactly its origins', async () => {
    const ok = await rawCall(`${explicit.tcpUrl}/v1/state`, {
      headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://127.0.0.1:5173' },
    });
    const other = await rawCall(`${explicit.tcpUrl}/v1/state`, {
      headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://127.0.0.1:5174' },
    });
    expect(ok.status).toBe(200);
    expect(other.status).toBe(403);
  });

  it('the event stream carries CORS for an allowed origin', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.tcpUrl}/v1/events`, {
      headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://localhost:3000' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    controller.abort();
  });
});
