import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApiHandle, serveLocalApi } from '../../../src/main/agent/local-api/index.js';
import { AgentErrorBody } from '../../../src/shared/agent/index.js';
import { createFakeAgent, type FakeAgent } from './fake-agent.js';
import { tempDir } from './helpers.js';

/**
 * Every LocalAPI answer is a contract error body (`{"error":{"code","message"}}`), including
 * the ones Fastify's router and Node's HTTP parser produce before any route runs.
 */

const TOKEN = 'framework-errors-token';
const tmp = tempDir();
let fake: FakeAgent;
let server: LocalApiHandle;

beforeAll(async () => {
  fake = createFakeAgent();
  server = await serveLocalApi(fake, {
    socketPath: `${tmp.dir}/agent.sock`,
    tcp: { host: '127.0.0.1', port: 0, token: TOKEN },
  });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

/** Written byte for byte: fetch() refuses to send most of these. */
async function raw(
  where: 'socket' | 'tcp',
  request: string,
): Promise<{ status: number; json: unknown }> {
  const url = new URL(server.tcpUrl ?? '');
  const socket =
    where === 'socket'
      ? connect({ path: server.socketPath ?? '' })
      : connect({ host: url.hostname, port: Number(url.port) });
  socket.end(request);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), json: JSON.parse(body) };
}

const auth = `Authorization: Bearer ${TOKEN}\r\n`;

describe.each(['socket', 'tcp'] as const)('LocalAPI on its %s', (where) => {
  it.each([
    {
      what: 'a malformed percent-escape in the path',
      request: `GET /v1/%zz HTTP/1.1\r\nHost: x\r\n${auth}\r\n`,
      status: 400,
      message: /percent-escape/,
    },
    {
      what: 'a malformed request line',
      request: 'GET /a b c\r\n\r\n',
      status: 400,
      message: /malformed/,
    },
    {
      what: 'a header without a colon',
      request: 'GET /v1/state HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n',
      status: 400,
      message: /malformed/,
    },
    {
      what: 'headers larger than the limit',
      request: `GET /v1/state HTTP/1.1\r\nHost: x\r\nx-big: ${'b'.repeat(20_000)}\r\n\r\n`,
      status: 431,
      message: /too large/,
    },
  ])('$what → $status in the contract error shape', async ({ request, status, message }) => {
    const response = await raw(where, request);
    expect(response.status).toBe(status);
    const body = AgentErrorBody.parse(response.json);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(message);
    expect(fake.calls).toEqual([]);
  });
});
