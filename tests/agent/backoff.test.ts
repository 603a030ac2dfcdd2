import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/main/agent/connectivity/backoff.js';

describe('exponential backoff with full jitter', () => {
  it('doubles the ceiling each attempt up to the cap', () => {
    const top = () => 0.999999;
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, DEFAULT_BACKOFF, top));
    expect(ceilings.slice(0, 6)).toEqual([499, 999, 1999, 3999, 7999, 15999]);
    expect(ceilings[6]).toBe(29999);
    expect(ceilings[7]).toBe(29999);
    expect(backoffDelay(1000, DEFAULT_BACKOFF, top)).toBe(29999);
  });

  it('spreads delays over the whole range [0, ceiling)', () => {
    const policy = { baseMs: 100, capMs: 1000 };
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, () => 2)).toBe(400);
  });
});
