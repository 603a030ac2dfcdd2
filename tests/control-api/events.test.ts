import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlApi } from '../../src/control-api/server.js';
import { controlApiEventsUrl } from '../../src/shared/api/index.js';
import {
  call,
  caller,
  enrol,
  startTestApi,
  subscribeConfigEvents as subscribe,
  type TestApi,
  tempDir,
} from './helpers.js';

const tmp = tempDir();
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi(tmp.dir);
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

describe('SSE config events', () => {
  it('announces a change to a subscriber within one second', async () => {
    const current = (await caller(t)('GET', t.base)).json.result.config_version as number;
    const sub = subscribe(controlApiEventsUrl(t.api.url, t.api.accountId), t.admin);
    try {
      expect(await sub.next((v) => v === current, 5000)).toBe(current);
      const announced = sub.next((v) => v > current, 1000);
      const created = await caller(t)('POST', 'teamnet/virtual_networks', {
        body: { name: 'vnet-announced' },
      });
      expect(created.status).toBe(200);
      expect(await announced).toBe(current + 1);
    } finally {
      sub.source.close();
    }
  });

  it('serves device tokens too, and refuses a request without a token', async () => {
    const device = await enrol(t, 'listener', 'qa@example.com');
    const current = (await caller(t)('GET', t.base)).json.result.config_version as number;
    const sub = subscribe(controlApiEventsUrl(t.api.url, t.api.accountId), device.token);
    try {
      expect(await sub.next((v) => v === current, 5000)).toBe(current);
    } finally {
      sub.source.close();
    }
    const refused = await call(t.api.url, 'GET', `${t.base}/events`);
    expect(refused.status).toBe(401);
  });

  it('keeps an idle stream alive with comments', async () => {
    const api = await startControlApi({ logLevel: 'error', adminToken: 'x', keepAliveMs: 20 });
    try {
      const response = await fetch(controlApiEventsUrl(api.url, api.accountId), {
        headers: { authorization: 'Bearer x' },
      });
      const reader = response.body?.getReader();
      let text = '';
      while (!text.includes(': keep-alive')) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      expect(text).toMatch(/\n: keep-alive\n\n/);
      await reader?.cancel();
    } finally {
      await api.close();
    }
  });

  it('closing the server ends open streams instead of hanging', async () => {
    const api = await startControlApi({ logLevel: 'error', adminToken: 'x' });
    const response = await fetch(controlApiEventsUrl(api.url, api.accountId), {
      headers: { authorization: 'Bearer x' },
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toMatch(
      /event: config\ndata: \{"config_version":1\}/,
    );
    await api.close();
    let done = false;
    while (!done) done = (await reader?.read())?.done ?? true;
    expect(done).toBe(true);
  });
});
