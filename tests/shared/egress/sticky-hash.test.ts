import { describe, expect, it } from 'vitest';
import { fnv1a, rendezvousPick } from '../../../src/shared/egress/sticky-hash.js';

describe('sticky hashing', () => {
  it('computes FNV-1a 32-bit as published', () => {
    // Reference values from the FNV specification's test suite.
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('spreads keys evenly over candidates', () => {
    const candidates = ['a', 'b', 'c', 'd'];
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const pick = rendezvousPick(fnv1a(`user-${i}`), candidates, (c) => c);
      counts.set(pick, (counts.get(pick) ?? 0) + 1);
    }
    for (const candidate of candidates) {
      expect(counts.get(candidate)).toBeGreaterThan(800);
      expect(counts.get(candidate)).toBeLessThan(1200);
    }
  });

  it('moves only the keys of a removed candidate', () => {
    const before = ['a', 'b', 'c'];
    const after = ['a', 'c'];
    for (let i = 0; i < 1000; i++) {
      const key = fnv1a(`user-${i}`);
      const was = rendezvousPick(key, before, (c) => c);
      const now = rendezvousPick(key, after, (c) => c);
      if (was !== 'b') expect(now).toBe(was);
    }
  });
});
