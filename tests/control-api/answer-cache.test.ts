import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/control-api/answer-cache.js';
import { DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { caller, enrol, startTestApi, type TestApi, tempDir } from './helpers.js';

describe('AnswerCache', () => {
  it('drops the oldest answer once full, and keeps the rest', () => {
    const cache = new AnswerCache(2);
    const bytes = (text: string) => Buffer.from(text);
    cache.set('a', bytes('1'));
    cache.set('b', bytes('2'));
    cache.set('c', bytes('3'));
    const read = (key: string) => cache.get(key)?.toString();
    expect([read('a'), read('b'), read('c'), cache.size]).toEqual([undefined, '2', '3', 2]);
    cache.set('b', bytes('2b'));
    expect([read('b'), cache.size]).toEqual(['2b', 2]);
  });
});

describe('reused resolve answers never go stale', () => {
  const tmp = tempDir();
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(tmp.dir);
  });
  afterAll(async () => {
    await t.api.close();
    tmp.cleanup();
  });

  it('a different request, a device change or a config change each get a fresh answer', async () => {
    const device = await enrol(t, 'cached', 'dev@example.com');
    const asDevice = caller(t, device.token);
    const resolve = async (body: object = {}) =>
      (await asDevice('POST', 'gateway/egress/resolve', { body })).json.result;

    const plain = await resolve();
    expect(plain.trace).toBeUndefined();
    expect((await resolve({ explain: true })).trace).toEqual(expect.any(Array));
    expect(await resolve()).toEqual(plain);

    await asDevice('PATCH', `devices/${device.id}`, { body: { vnet_id: DEMO_VNETS.usEast.id } });
    expect((await resolve()).egress.colo).toBe('IAD');

    await caller(t)('PUT', 'users/dev@example.com', { body: { groups: ['contractors'] } });
    const regrouped = await resolve();
    expect(regrouped.egress.kind).toBe('shared');
    expect(regrouped.config_version).toBeGreaterThan(plain.config_version);
  });
});
