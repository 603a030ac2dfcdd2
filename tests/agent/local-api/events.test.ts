import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalAgentClient,
  createSocketFetch,
  type LocalApiHandle,
  serveLocalApi,
} from '../../../src/main/agent/local-api/index.js';
import type { AgentSnapshot, ConnectionChange } from '../../../src/shared/agent/index.js';
import { createFakeAgent, type FakeAgent, makeSnapshot, VNETS } from './fake-agent.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
let fake: FakeAgent;
let server: LocalApiHandle;

beforeAll(async () => {
  fake = createFakeAgent();
  server = await serveLocalApi(fake, { socketPath: `${tmp.dir}/agent.sock`, keepAliveMs: 50 });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('GET /v1/events', () => {
  it('sends the current snapshot first, then each pushed one, in order', async () => {
    const seen: AgentSnapshot[] = [];
    const { api } = createLocalAgentClient({ socketPath: server.socketPath ?? '' });
    const unsubscribe = api.subscribe((snapshot) => seen.push(snapshot));
    try {
      await until(() => seen.length === 1, 'the first snapshot');
      expect(seen[0]?.seq).toBe(1);
      fake.push(makeSnapshot(2, VNETS[2].id));
      fake.push(makeSnapshot(3, VNETS[0].id));
      await until(() => seen.length === 3, 'two pushes');
      expect(seen.map((s) => [s.seq, s.attached_vnet_id])).toEqual([
        [1, VNETS[1].id],
        [2, VNETS[2].id],
        [3, VNETS[0].id],
      ]);
    } finally {
      unsubscribe();
    }
    await until(() => fake.subscriberCount() === 0, 'the agent subscription to be released');
  });

  it('writes SSE frames: retry, state events with ids, keep-alive comments', async () => {
    const controller = new AbortController();
    const response = await createSocketFetch(server.socketPath ?? '')(
      'http://agent.local/v1/events',
      {
        signal: controller.signal,
      },
    );
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': keep-alive')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    expect(text.startsWith('retry: 1000\n\n')).toBe(true);
    expect(text).toMatch(/id: \d+\nevent: state\ndata: \{.*\}\n\n/);
    await until(() => fake.subscriberCount() === 0, 'the agent subscription to be released');
  });

  it('the client reconnects after the agent restarts and gets the new agent’s snapshot', async () => {
    const path = `${tmp.dir}/restart.sock`;
    const first = await serveLocalApi(fake, { socketPath: path });
    const seen: number[] = [];
    const changes: ConnectionChange[] = [];
    const { api } = createLocalAgentClient({
      socketPath: path,
      onConnectionChange: (change) => changes.push(change),
    });
    const unsubscribe = api.subscribe((snapshot) => seen.push(snapshot.seq));
    try {
      await until(() => seen.length === 1, 'the first snapshot');
      await first.close();
      await until(() => changes.some((c) => !c.connected), 'the drop to be reported');
      const other = createFakeAgent();
      other.push(makeSnapshot(40));
      const second = await serveLocalApi(other, { socketPath: path });
      try {
        await until(() => seen.includes(40), 'a snapshot from the restarted agent', 10_000);
        expect(changes.filter((c) => c.connected).length).toBeGreaterThanOrEqual(2);
      } finally {
        unsubscribe();
        await second.close();
      }
    } finally {
      unsubscribe();
    }
  });

  it('close() ends open streams instead of hanging', async () => {
    const path = `${tmp.dir}/closing.sock`;
    const local = await serveLocalApi(fake, { socketPath: path });
    const response = await createSocketFetch(path)('http://agent.local/v1/events');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await local.close();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
