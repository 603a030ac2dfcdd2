import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, type Json, startTestApi, type TestApi, tempDir } from './helpers.js';

const tmp = tempDir();
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi(tmp.dir, { seed: 'none' });
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

describe('concurrent writes', () => {
  it('50 parallel rule creations without precedence all land, with unique precedences', async () => {
    const admin = caller(t);
    const before = (await admin('GET', t.base)).json.result.config_version;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        admin('POST', 'gateway/rules', {
          body: { name: `parallel ${i}`, action: 'egress', traffic: `net.dst.port == ${1000 + i}` },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const listed = (await admin('GET', 'gateway/rules')).json.result as Json[];
    expect(listed).toHaveLength(50);
    const precedences = listed.map((rule) => rule.precedence);
    expect(new Set(precedences).size).toBe(50);
    expect(Math.min(...precedences)).toBeGreaterThanOrEqual(1000);
    // Each one went after the previous maximum: the gaps are Cloudflare's 1..100.
    const sorted = [...precedences].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(1);
      expect(sorted[i] - sorted[i - 1]).toBeLessThanOrEqual(100);
    }
    const after = (await admin('GET', t.base)).json.result.config_version;
    expect(after - before).toBe(50);
  });

  it('parallel creations of the same vnet name: exactly one wins', async () => {
    const admin = caller(t);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        admin('POST', 'teamnet/virtual_networks', { body: { name: 'vnet-race' } }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
  });
});
