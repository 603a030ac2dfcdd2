import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createLocalAgentClient,
  createSocketFetch,
  HTTP_STATUS_BY_CODE,
  type LocalApiHandle,
  serveLocalApi,
} from '../../../src/main/agent/local-api/index.js';
import {
  type AgentApi,
  type AgentCommandName,
  AgentError,
  type AgentErrorCode,
  agentCommands,
  createAgentHttpClient,
} from '../../../src/shared/agent/index.js';
import { cannedResponses, createFakeAgent, type FakeAgent, VNETS } from './fake-agent.js';
import { rawCall, tempDir } from './helpers.js';

const TOKEN = 'routes-test-token';

/** One valid request per command, with values the server's schemas must normalise. */
const REQUESTS: { [N in AgentCommandName]: { send: unknown; received: unknown } } = {
  getState: { send: {}, received: {} },
  refresh: { send: {}, received: {} },
  measureLatency: { send: {}, received: {} },
  switchVnet: {
    send: { vnet: '  vnet-London ', verify: true, origin: 'cli' },
    received: { vnet: 'vnet-London', verify: true, origin: 'cli' },
  },
  verify: { send: {}, received: {} },
  whatIf: {
    send: { destination: { host: 'example.com', port: 443, country: 'gb' } },
    received: { destination: { host: 'example.com', port: 443, country: 'GB' } },
  },
  getHistory: { send: { limit: 5 }, received: { limit: 5 } },
  getConnections: {
    send: { host: ' example ', outcome: 'refused', since_id: 3 },
    received: { host: 'example', outcome: 'refused', since_id: 3 },
  },
  openScope: {
    send: { vnet: ' vnet-London ', lease_ms: 5000 },
    received: { vnet: 'vnet-London', lease_ms: 5000 },
  },
  renewScope: { send: { scope_id: ' s1 ' }, received: { scope_id: 's1' } },
  closeScope: { send: { scope_id: 's1' }, received: { scope_id: 's1' } },
  setLocation: { send: { colo: 'lhr' }, received: { colo: 'LHR' } },
  setFavourite: {
    send: { vnet: VNETS[1].id, favourite: true },
    received: { vnet: VNETS[1].id, favourite: true },
  },
  updateSettings: { send: { notifications: false }, received: { notifications: false } },
};

const tmp = tempDir();
let fake: FakeAgent;
let server: LocalApiHandle;
let tcp: AgentApi;
let socket: AgentApi;

beforeAll(async () => {
  fake = createFakeAgent();
  server = await serveLocalApi(fake, {
    socketPath: `${tmp.dir}/agent.sock`,
    tcp: { host: '127.0.0.1', port: 0, token: TOKEN },
  });
  tcp = createAgentHttpClient({ baseUrl: server.tcpUrl ?? '', token: TOKEN });
  socket = createLocalAgentClient({ socketPath: server.socketPath ?? '' }).api;
});

afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

beforeEach(() => {
  fake.calls.length = 0;
  fake.failWith = undefined;
  fake.answers = {};
});

const names = Object.keys(agentCommands) as AgentCommandName[];

describe('every contract command is routed', () => {
  it.each(names)('%s over TCP and over the socket reaches the agent parsed', async (name) => {
    const { send, received } = REQUESTS[name];
    const expected = cannedResponses()[name];
    for (const client of [tcp, socket]) {
      const call = client[name] as (request: unknown) => Promise<unknown>;
      await expect(call(send)).resolves.toEqual(expected);
    }
    expect(fake.calls).toEqual([
      { name, request: received },
      { name, request: received },
    ]);
  });
});

describe('bad requests are refused before the agent sees them', () => {
  const cases: [string, string, string, unknown, string][] = [
    ['an empty vnet', 'POST', '/v1/switch', { vnet: '' }, 'vnet'],
    ['a non-boolean verify', 'POST', '/v1/switch', { vnet: 'x', verify: 'yes' }, 'verify'],
    ['an unknown field', 'POST', '/v1/switch', { vnet: 'x', force: true }, 'force'],
    ['a bad port', 'POST', '/v1/resolve', { destination: { port: 70000 } }, 'destination.port'],
    ['a bad IATA code', 'PUT', '/v1/location', { colo: 'LONDON' }, 'colo'],
    ['a missing favourite flag', 'PUT', '/v1/favourites', { vnet: 'x' }, 'favourite'],
    ['a bad email', 'PATCH', '/v1/settings', { user_email: 'nope' }, 'user_email'],
  ];
  it.each(cases)('%s → 400 naming the field', async (_what, method, path, body, field) => {
    const result = await rawCall(`${server.tcpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(result.status).toBe(400);
    expect(result.json.error.code).toBe('invalid_request');
    expect(result.json.error.message).toContain(field);
    expect(fake.calls).toEqual([]);
  });

  it('a non-numeric history limit in the query → 400 naming limit', async () => {
    const result = await rawCall(`${server.tcpUrl}/v1/history?limit=many`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(result.status).toBe(400);
    expect(result.json.error.message).toContain('limit');
    expect(fake.calls).toEqual([]);
  });

  it('malformed JSON → 400 invalid_request, not a 500', async () => {
    const result = await rawCall(`${server.tcpUrl}/v1/switch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"vnet": ',
    });
    expect(result.status).toBe(400);
    expect(result.json.error.code).toBe('invalid_request');
    expect(fake.calls).toEqual([]);
  });

  it('an oversized body → 413 with a contract error body', async () => {
    const result = await rawCall(`${server.tcpUrl}/v1/switch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ vnet: 'x'.repeat(200_000) }),
    });
    expect(result.status).toBe(413);
    expect(result.json.error.code).toBe('invalid_request');
  });

  it('the client surfaces the refusal as AgentError invalid_request', async () => {
    const error = await socket.switchVnet({ vnet: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe('invalid_request');
    expect((error as AgentError).message).toContain('vnet');
  });

  it('an unknown route → 404 not_found body', async () => {
    const result = await rawCall('http://agent.local/v1/nope', {
      fetch: createSocketFetch(server.socketPath ?? ''),
    });
    expect(result.status).toBe(404);
    expect(result.json.error.code).toBe('not_found');
  });
});

describe('agent errors cross the transport unchanged', () => {
  const codes = Object.keys(HTTP_STATUS_BY_CODE) as AgentErrorCode[];
  it.each(codes)('%s keeps its code, message and suggestions', async (code) => {
    fake.failWith = new AgentError(code, `failure ${code}`, ['vnet-London', 'vnet-Lisbon']);
    const raw = await rawCall(`${server.tcpUrl}/v1/switch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ vnet: 'x' }),
    });
    expect(raw.status).toBe(HTTP_STATUS_BY_CODE[code]);
    const error = await socket.switchVnet({ vnet: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe(code);
    expect((error as AgentError).message).toBe(`failure ${code}`);
    expect((error as AgentError).suggestions).toEqual(['vnet-London', 'vnet-Lisbon']);
  });

  it('the documented statuses for the core codes', () => {
    expect(HTTP_STATUS_BY_CODE).toMatchObject({
      invalid_request: 400,
      not_found: 404,
      control_api_unreachable: 503,
      control_api_error: 502,
      not_enrolled: 409,
      superseded: 409,
      internal: 500,
    });
  });

  it('an unexpected throw is a 500 internal with its message', async () => {
    fake.failWith = new RangeError('boom');
    const error = await tcp.verify({}).catch((e: unknown) => e);
    expect((error as AgentError).code).toBe('internal');
    expect((error as AgentError).message).toContain('boom');
  });

  it('an answer that breaks the contract is an internal error at the client', async () => {
    fake.answers.getHistory = [{ id: 'h1' }];
    const error = await tcp.getHistory({}).catch((e: unknown) => e);
    expect((error as AgentError).code).toBe('internal');
    expect((error as AgentError).message).toMatch(/breaks the contract/);
  });

  it('no agent at the socket → agent_unreachable', async () => {
    const client = createLocalAgentClient({ socketPath: `${tmp.dir}/absent.sock` }).api;
    const error = await client.getState({}).catch((e: unknown) => e);
    expect((error as AgentError).code).toBe('agent_unreachable');
  });
});

describe('health', () => {
  it('answers ok with the pid, front, version and socket, on both listeners', async () => {
    const overSocket = await rawCall('http://agent.local/v1/health', {
      fetch: createSocketFetch(server.socketPath ?? ''),
    });
    const overTcp = await rawCall(`${server.tcpUrl}/v1/health`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    // Both name the socket: that is where egressctl and a second agent look.
    const health = {
      status: 'ok',
      pid: process.pid,
      front: 'headless',
      version: 'unknown',
      socket: server.socketPath,
    };
    expect(overSocket.json).toEqual(health);
    expect(overTcp.json).toEqual(health);
  });
});
